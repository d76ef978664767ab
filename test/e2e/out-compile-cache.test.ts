import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runBuilt } from "../support/built-oncall";

const root = join(__dirname, "..", "..");
const EXAMPLE = join(root, "examples", "alert-export-result_2026-10.csv");
const CONFIG = join(root, "examples", "oncall.config.yaml");

const oncall = runBuilt;

const RUNS = [
  ["toil", "calc", EXAMPLE, "--config", CONFIG],
  ["toil", "calc", EXAMPLE, "--config", CONFIG, "--month", "2026-10", "--json"],
  ["rota", "who", "--config", CONFIG],
  ["rota", "show", "--config", CONFIG, "--weeks", "2"],
  ["config", "path"],
  ["help", "toil", "calc"],
  ["--help"],
  ["toil", "calc", "no-such-file", "--config", CONFIG],
];

beforeAll(() => {
  if (!existsSync(join(root, "dist", "cli.cjs")))
    execFileSync(process.execPath, [join(root, "scripts", "build.mjs")], { cwd: root });
});

// The same V8 cache file on every Node version (bin/oncall.js: Node's own cache keeps less).
describe("the compile cache", () => {
  it("is one file for the built CLI, however many different command lines run", () => {
    const cache = mkdtempSync(join(tmpdir(), "oncall-out-cache-"));
    for (const args of RUNS) oncall(args, cache);
    const files = readdirSync(join(cache, "oncall"));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^cli-[0-9a-f]{16}-v\d+\.\d+\.\d+-\w+\.v8cache$/);
    // and it is used: the same runs again add nothing
    for (const args of RUNS) expect(oncall(args, cache).code).toBeLessThan(5);
    expect(readdirSync(join(cache, "oncall"))).toEqual(files);
  });

  it("prunes caches of other builds, other Node versions and torn writes, keeping a few", () => {
    const cache = mkdtempSync(join(tmpdir(), "oncall-out-cache-"));
    const dir = join(cache, "oncall");
    mkdirSync(dir);
    const stale = [
      "toil-calc-0123456789abcdef-v20.1.0-x64.v8cache",
      "rota-who-0123456789abcdef-v20.1.0-x64.v8cache",
      "cli-0000000000000001-v20.1.0-x64.v8cache",
      "cli-0000000000000002-v20.1.0-x64.v8cache",
      "cli-0000000000000003-v20.1.0-x64.v8cache",
      "cli-0000000000000004-v20.1.0-x64.v8cache",
      "cli-0000000000000005-v20.1.0-x64.v8cache.123.tmp",
    ];
    stale.forEach((f, i) => {
      writeFileSync(join(dir, f), "x");
      const t = Date.now() / 1000 - 3600 * (i + 1);
      utimesSync(join(dir, f), t, t);
    });
    expect(oncall(["rota", "who", "--config", CONFIG], cache).code).toBe(0);
    const left = readdirSync(dir);
    expect(left.length).toBeLessThanOrEqual(3);
    expect(left.filter((f) => !f.endsWith(".v8cache"))).toEqual([]);
    expect(left.filter((f) => !f.startsWith("cli-"))).toEqual([]);
    // the newest of the others is kept (another Node version on the same machine, say)
    expect(left).toContain("cli-0000000000000001-v20.1.0-x64.v8cache");
  });
});
