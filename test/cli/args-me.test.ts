import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./run";

const CONFIG = join(__dirname, "..", "..", "examples", "oncall.config.yaml");

function sandbox() {
  const home = mkdtempSync(join(tmpdir(), "oncall-me-"));
  return { HOME: home, XDG_CONFIG_HOME: join(home, ".config"), ONCALL_NOW: "2026-11-27T12:00:00Z" };
}

describe("rota next with a `me` that is nobody in the config names the setting, not a flag", () => {
  it("ONCALL_ME=nobody: a usage error naming ONCALL_ME", async () => {
    const r = await runCli(["rota", "next", "--config", CONFIG], {
      env: { ...sandbox(), ONCALL_ME: "nobody" },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^error: ONCALL_ME=nobody: no such person in the config — set ONCALL_ME to one of: alice, bob, carol, dave, erin, frank/,
    );
    expect(r.stderr).not.toMatch(/--person/);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("the personal setting me=nobody: a config error naming the setting and its file, and how to set it", async () => {
    const env = sandbox();
    expect((await runCli(["config", "set", "me", "nobody"], { env })).code).toBe(0);
    const r = await runCli(["rota", "next", "--config", CONFIG], { env });
    expect(r.code).toBe(3);
    const settings = join(env.XDG_CONFIG_HOME, "oncall", "settings.json");
    expect(r.stderr).toContain(
      `error: me = nobody (personal setting in ${settings}): no such person in the config`,
    );
    expect(r.stderr).toMatch(
      /— run: oncall config set me <id> \(people: alice, bob, carol, dave, erin, frank\)/,
    );
    expect(r.stderr).not.toMatch(/--person/);
  });

  it("--person me says the same; --person nobody still names the flag", async () => {
    const env = { ...sandbox(), ONCALL_ME: "nobody" };
    const me = await runCli(["rota", "next", "--person", "me", "--config", CONFIG], { env });
    expect(me.stderr).toMatch(/ONCALL_ME=nobody: no such person/);
    const flag = await runCli(["rota", "next", "--person", "nobody", "--config", CONFIG], { env });
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/--person nobody: no such person in the config/);
  });

  it("a me that is someone still works", async () => {
    const r = await runCli(["rota", "next", "--json", "--config", CONFIG], {
      env: { ...sandbox(), ONCALL_ME: "bob@example.com" },
    });
    expect(JSON.parse(r.stdout).person).toBe("bob");
  });
});
