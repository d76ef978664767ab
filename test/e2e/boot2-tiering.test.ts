import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// bin/oncall.js raises V8's tier-up counts for a TOIL run on Node 22 and puts them back
// before it writes the compile cache: V8 keys cached code by its flags, so a cache written by a
// tuned run must still be accepted by every other command, and the reverse (one file, no rewrites).
const root = join(__dirname, "..", "..");
const BIN = join(root, "bin", "oncall.js");
const CONFIG = join(root, "examples", "oncall.config.yaml");
const EXAMPLE = join(root, "examples", "alert-export-result_2026-10.csv");
const dir = mkdtempSync(join(tmpdir(), "oncall-boot2-tiering-"));
const HOOK = join(dir, "hook.cjs");
writeFileSync(
  HOOK,
  `const vm = require("node:vm"); const Script = vm.Script;
vm.Script = function (code, options) {
  const script = new Script(code, options);
  if (options && options.cachedData) process.on("exit", () => require("node:fs").appendFileSync(process.env.SEEN, (script.cachedDataRejected ? "rejected" : "accepted") + "\\n"));
  return script;
};
const v8 = require("node:v8"); const set = v8.setFlagsFromString;
v8.setFlagsFromString = function (flags) { if (process.env.FLAGS) require("node:fs").appendFileSync(process.env.FLAGS, flags + "\\n"); return set.call(this, flags); };`,
);

function oncall(args: string[], cache: string, seen: string, flags = "") {
  const r = spawnSync(process.execPath, ["-r", HOOK, BIN, ...args], {
    env: {
      PATH: process.env.PATH,
      HOME: dir,
      XDG_CACHE_HOME: cache,
      SEEN: seen,
      FLAGS: flags,
      NO_COLOR: "1",
    },
    encoding: "utf8",
  });
  // piped, titles and totals go to stderr (docs/commands.md); no warning or error may
  expect(r.stderr).not.toMatch(/^(error|warning)/m);
  expect(r.status).toBe(0);
}

describe("the compile cache across TOIL runs and the other commands", () => {
  it("is accepted by every run, whichever command wrote it last, and is not rewritten", () => {
    const cache = mkdtempSync(join(dir, "cache-"));
    const seen = join(dir, "seen.txt");
    writeFileSync(seen, "");
    const calc = ["toil", "calc", EXAMPLE, "--config", CONFIG];
    const who = ["rota", "who", "--config", CONFIG];
    // each kind of run once, so the cache holds both, the TOIL run last
    oncall(who, cache, seen);
    oncall(calc, cache, seen);
    const [file] = readdirSync(join(cache, "oncall"));
    const bytes = readFileSync(join(cache, "oncall", file!));
    // the TOIL run wrote it (its code is kept too), after the other had
    const first = bytes.indexOf(10);
    const { runs } = JSON.parse(bytes.toString("utf8", first + 1, bytes.indexOf(10, first + 1)));
    expect(runs).toEqual(["rota who --config piped exit=0", "toil calc --config piped exit=0"]);
    for (const args of [who, calc, who, calc]) oncall(args, cache, seen);
    expect(readFileSync(seen, "utf8").trim().split("\n")).toEqual(Array(5).fill("accepted"));
    expect(readdirSync(join(cache, "oncall"))).toEqual([file]);
    expect(readFileSync(join(cache, "oncall", file!)).equals(bytes)).toBe(true);
  });

  it("a small TOIL run changes V8's tiering for the run and puts it back; other runs leave it alone", () => {
    const cache = mkdtempSync(join(dir, "cache-"));
    const seen = join(dir, "seen-flags.txt");
    const flags = join(dir, "flags.txt");
    const setBy = (args: string[]) => {
      writeFileSync(flags, "");
      oncall(args, cache, seen, flags);
      return readFileSync(flags, "utf8").trim().split("\n").filter(Boolean);
    };
    const major = Number(process.versions.v8.split(".")[0]);
    // V8 12 (Node 22): TurboFan's count ten times higher; V8 13 (Node 24): Maglev off; Node 20: nothing
    const expected =
      major === 12
        ? ["--invocation-count-for-turbofan=30000", "--invocation-count-for-turbofan=3000"]
        : major === 13
          ? ["--no-maglev", "--maglev"]
          : [];
    const calc = ["toil", "calc", EXAMPLE, "--config", CONFIG];
    setBy(calc); // the first run writes the cache; the tuning is the same
    expect(setBy(calc)).toEqual(expected);
    expect(setBy(["rota", "who", "--config", CONFIG])).toEqual([]);
  });
});
