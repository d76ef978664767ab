import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./run";

const root = join(__dirname, "..", "..");
const EXAMPLE = join(root, "examples", "alert-export-result_2026-10.csv");
const CONFIG = join(root, "examples", "oncall.config.yaml");

describe("toil --person me with a `me` that names nobody fails as rota next does", () => {
  for (const cmd of ["calc", "export"]) {
    it(`toil ${cmd}: ONCALL_ME=zed is a usage error naming ONCALL_ME`, async () => {
      const out = join(mkdtempSync(join(tmpdir(), "oncall-polish-me-")), "c.json");
      const r = await runCli(
        [
          "toil",
          cmd,
          EXAMPLE,
          "--config",
          CONFIG,
          "--person",
          "me",
          ...(cmd === "export" ? ["--out", out] : []),
        ],
        { env: { ONCALL_ME: "zed" } },
      );
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(
        /^error: ONCALL_ME=zed: no such person in the config — set ONCALL_ME to one of: alice, /,
      );
      expect(r.stdout).toBe("");
    });
  }

  it("the setting me = zed is a config error naming the settings file and oncall config set me", async () => {
    const home = mkdtempSync(join(tmpdir(), "oncall-polish-me-"));
    const env = { HOME: home, XDG_CONFIG_HOME: join(home, "xdg") };
    expect((await runCli(["config", "set", "me", "zed"], { env })).code).toBe(0);
    const r = await runCli(["toil", "calc", EXAMPLE, "--config", CONFIG, "--person", "me"], { env });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(
      `me = zed (personal setting in ${join(home, "xdg", "oncall", "settings.json")})`,
    );
    expect(r.stderr).toContain("oncall config set me <id>");
    expect(r.stdout).not.toContain("No claims.");
  });

  it("ONCALL_ME=alice still shows alice's claims", async () => {
    const r = await runCli(["toil", "calc", EXAMPLE, "--config", CONFIG, "--person", "me", "--json"], {
      env: { ONCALL_ME: "alice" },
    });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { claims: { person: string }[] };
    expect(doc.claims.length).toBeGreaterThan(0);
    expect(new Set(doc.claims.map((c) => c.person))).toEqual(new Set(["alice"]));
  });
});
