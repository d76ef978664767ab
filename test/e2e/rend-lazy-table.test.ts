import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(__dirname, "..", "..");
const BIN = join(root, "bin", "oncall.js");
const CONFIG = join(root, "examples", "oncall.config.yaml");
const EXAMPLE = join(root, "examples", "alert-export-result_2026-10.csv");
const dir = mkdtempSync(join(tmpdir(), "oncall-rend-lazy-"));
// Preloaded into the built binary: writes down every module it requires.
const HOOK = join(dir, "hook.cjs");
writeFileSync(
  HOOK,
  `const M = require("node:module"); const fs = require("node:fs"); const load = M._load;
M._load = function (request, ...rest) { fs.appendFileSync(process.env.LOADS, request + "\\n"); return load.call(this, request, ...rest); };`,
);
const hasScript = spawnSync("script", ["--version"]).status === 0;

function loads(name: string, run: (env: NodeJS.ProcessEnv) => void): string[] {
  const file = join(dir, name);
  writeFileSync(file, "");
  run({ PATH: process.env.PATH, HOME: dir, NO_COLOR: "1", ONCALL_NOW: "2026-11-27T12:00:00Z", LOADS: file });
  return readFileSync(file, "utf8").split("\n");
}

describe("cli-table3 is loaded on the terminal path only", () => {
  it("piped, rota who and toil calc never require it", () => {
    for (const args of [
      ["rota", "who", "--config", CONFIG],
      ["toil", "calc", EXAMPLE, "--config", CONFIG],
    ]) {
      const seen = loads(args[1]!, (env) => {
        const r = spawnSync(process.execPath, ["-r", HOOK, BIN, ...args], { env, encoding: "utf8" });
        expect(r.status).toBe(0);
        expect(r.stdout).toMatch(/\t/);
      });
      expect(seen).toContain("node:fs"); // the hook saw the run
      expect(seen).not.toContain("./lazy/table.cjs");
    }
  });

  it.runIf(hasScript)("on a terminal (script(1) gives one), it is required and draws the table", () => {
    let out = "";
    const seen = loads("tty", (env) => {
      const cmd = `COLUMNS=60 ${JSON.stringify(process.execPath)} -r ${JSON.stringify(HOOK)} ${JSON.stringify(BIN)} rota who --config ${JSON.stringify(CONFIG)}`;
      out = spawnSync("script", ["-qec", cmd, "/dev/null"], { env, encoding: "utf8" }).stdout;
    });
    expect(seen).toContain("./lazy/table.cjs");
    // at 60 columns the line's name (free text) may be cut; the table is drawn
    expect(out).toMatch(/│ Firs(t line|…) +│ (\u001b\[1m)?Bob/);
  });
});

describe("yaml is loaded only to read or write YAML", () => {
  it("a team config remembered from an earlier run is not parsed: the second run never requires yaml", () => {
    const home = mkdtempSync(join(tmpdir(), "oncall-rend-lazy-yaml-"));
    const run = (name: string, args: string[]) =>
      loads(name, (env) => {
        const r = spawnSync(process.execPath, ["-r", HOOK, BIN, ...args], {
          env: { ...env, HOME: home },
          encoding: "utf8",
        });
        expect(r.status, r.stderr).toBe(0);
      });
    const calc = ["toil", "calc", EXAMPLE, "--config", CONFIG, "--json"];
    // the first run parses the config (and remembers it), the second takes it from the cache
    expect(run("yaml-first", calc)).toContain("./lazy/yaml.cjs");
    for (const [i, args] of [calc, ["rota", "who", "--config", CONFIG]].entries()) {
      const seen = run(`yaml-again-${i}`, args);
      expect(seen).toContain("node:fs");
      expect(seen).not.toContain("./lazy/yaml.cjs");
    }
    // writing YAML loads it again
    expect(run("yaml-show", ["config", "show", "--config", CONFIG])).toContain("./lazy/yaml.cjs");
  });
});
