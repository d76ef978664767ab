import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./run";

const root = join(__dirname, "..", "..");
const tmp = () => mkdtempSync(join(tmpdir(), "oncall-polish-cfg-"));

describe("--config errors say what is wrong in words", () => {
  it("--config a directory: says it is a directory and to name the config file in it", async () => {
    const r = await runCli(["rota", "who", "--config", "examples"], { cwd: root });
    expect(r.code).toBe(3);
    expect(r.stderr).not.toContain("EISDIR");
    expect(r.stderr).toMatch(
      /^error: --config examples: is a directory — name the config file in it, e.g\. --config examples\/\S+\.yaml\n$/,
    );
  });

  it("ONCALL_CONFIG set to a directory says so, naming ONCALL_CONFIG", async () => {
    const r = await runCli(["rota", "who"], { cwd: root, env: { ONCALL_CONFIG: "examples" } });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^error: ONCALL_CONFIG=examples: is a directory — /);
  });

  it("rota check --config a directory says the same", async () => {
    const r = await runCli(["rota", "check", "--config", "examples"], { cwd: root });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^error: --config examples: is a directory/);
  });

  it('--config package.json without an "oncall" key says so', async () => {
    const dir = tmp();
    writeFileSync(join(dir, "package.json"), '{ "name": "x", "version": "1.0.0" }\n');
    for (const cmd of [
      ["rota", "who"],
      ["rota", "check"],
    ]) {
      const r = await runCli([...cmd, "--config", "package.json"], { cwd: dir, env: { HOME: dir } });
      expect(r.code).toBe(3);
      // rota check lists problems on stdout; the others fail with the problem on stderr
      expect(r.stdout + r.stderr).toContain(`${join(dir, "package.json")}: has no "oncall" key`);
      expect(r.stdout + r.stderr).not.toContain("mapping of keys");
    }
  });
});

describe("a config with no rota", () => {
  it("config init without --first-line warns that the rota commands need it", async () => {
    const dir = tmp();
    const r = await runCli(["config", "init", "--person", "a:A", "--out", "t.yaml"], {
      cwd: dir,
      env: { HOME: dir },
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^warning: .*--first-line/m);
  });

  it("config init with --first-line does not warn", async () => {
    const dir = tmp();
    const r = await runCli(["config", "init", "--person", "a:A", "--first-line", "a", "--out", "t.yaml"], {
      cwd: dir,
      env: { HOME: dir },
    });
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain("warning");
  });

  it("rota check says the config has no rota (rota.lines), exit 3, as rota who does", async () => {
    const dir = tmp();
    expect((await runCli(["config", "init", "--person", "a:A", "--out", "t.yaml"], { cwd: dir })).code).toBe(
      0,
    );
    const check = await runCli(["rota", "check", "--config", "t.yaml"], { cwd: dir });
    expect(check.code).toBe(3);
    expect(check.stdout).not.toContain("no problems found");
    expect(check.stdout).toContain("rota.lines");
    const json = await runCli(["rota", "check", "--config", "t.yaml", "--json"], { cwd: dir });
    expect(json.code).toBe(3);
    const doc = JSON.parse(json.stdout) as { problems: { path: string }[] };
    expect(doc.problems.map((p) => p.path)).toEqual(["rota.lines"]);
    const who = await runCli(["rota", "who", "--config", "t.yaml"], { cwd: dir });
    expect(who.code).toBe(3);
  });
});
