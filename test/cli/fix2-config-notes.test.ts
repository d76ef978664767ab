import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { runCli } from "./run";

const CONFIG = join(__dirname, "..", "..", "examples", "oncall.config.yaml");

function home() {
  const dir = mkdtempSync(join(tmpdir(), "oncall-fix2-notes-"));
  mkdirSync(join(dir, ".config", "oncall"), { recursive: true });
  return { dir, env: { HOME: dir, XDG_CONFIG_HOME: join(dir, ".config") } };
}

describe("config show names the attribution in effect when the config leaves it out", () => {
  it("no config: a comment saying what decides it; the YAML still reads back as the JSON", async () => {
    const h = home();
    const r = await runCli(["config", "show"], { cwd: h.dir, env: h.env });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^toil:\n {2}# attribution: not set, and there is no rota: acknowledger for a log that names acknowledgers, else owner\n/m,
    );
    const json = JSON.parse((await runCli(["config", "show", "--json"], { cwd: h.dir, env: h.env })).stdout);
    expect(parse(r.stdout)).toEqual(json.config);
  });

  it("a config with a rota and no attribution: rota", async () => {
    const h = home();
    const cfg = join(h.dir, "oncall.config.yaml");
    writeFileSync(
      cfg,
      "people:\n  - { id: alice, name: Alice }\nrota:\n  lines:\n    - { id: first-line, start: 2026-11-25, members: [alice] }\n",
    );
    const r = await runCli(["config", "show", "--config", cfg], { env: h.env });
    expect(r.stdout).toMatch(/^toil:\n {2}# attribution: not set, so rota \(the config has a rota\)\n/m);
  });

  it("a config that sets it: no comment", async () => {
    const r = await runCli(["config", "show", "--config", CONFIG]);
    expect(r.stdout).not.toContain("# attribution");
    expect(r.stdout).toMatch(/^ {2}attribution: owner$/m);
  });
});

describe("escalate --dry-run with a personal opsgenie.region other than the team's", () => {
  it("notes on stderr which region is used and why", async () => {
    const h = home();
    writeFileSync(
      join(h.dir, ".config", "oncall", "settings.json"),
      JSON.stringify({ opsgenie: { region: "us" } }),
    );
    const r = await runCli(["escalate", "--to", "head-of-ops", "--dry-run", "--config", CONFIG], {
      env: { ...h.env, OPSGENIE_API_KEY: "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0" },
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("https://api.opsgenie.com/v2/alerts");
    expect(r.stderr).toMatch(
      /^note: your personal opsgenie\.region \(us, in .*settings\.json\) is used, not the team config's \(eu\)$/m,
    );
  });

  it("no note when they agree", async () => {
    const h = home();
    writeFileSync(
      join(h.dir, ".config", "oncall", "settings.json"),
      JSON.stringify({ opsgenie: { region: "eu" } }),
    );
    const r = await runCli(["escalate", "--to", "head-of-ops", "--dry-run", "--config", CONFIG], {
      env: { ...h.env, OPSGENIE_API_KEY: "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0" },
    });
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain("opsgenie.region");
  });
});
