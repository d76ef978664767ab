import { spawnSync } from "node:child_process";
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, runBuilt } from "../support/built-oncall";

const CONFIG = join(__dirname, "..", "..", "examples", "oncall.config.yaml");
const WHO = ["rota", "who", "--config", CONFIG];

/** A pid that surely belongs to no process: one that has just exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], {
    encoding: "utf8",
  });
  return Number(r.stdout);
}

function cacheFiles(cache: string): string[] {
  return readdirSync(join(cache, "oncall")).sort();
}

beforeAll(ensureBuilt);

describe("the compile cache heals itself", () => {
  it("a mark left by a run that died reading the cache: that cache is removed, not read again", () => {
    const cache = mkdtempSync(join(tmpdir(), "lead-heal-"));
    expect(runBuilt(WHO, cache).code).toBe(0);
    const [file] = cacheFiles(cache);
    const path = join(cache, "oncall", file!);
    const runsIn = () => JSON.parse(readFileSync(path, "latin1").split("\n")[1]!).runs as string[];
    expect(runsIn()).toHaveLength(1);
    // what a run leaves when V8 crashes on damaged data: its mark, its process gone
    writeFileSync(`${path}.loading`, String(deadPid()));
    const r = runBuilt([...WHO, "--json"], cache);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).lines.length).toBeGreaterThan(0);
    // the cache was dropped and a fresh one written in its place, knowing only this run's kind
    // (a cache kept would know both); no mark is left
    expect(cacheFiles(cache)).toEqual([file]);
    expect(runsIn()).toHaveLength(1);
    expect(runsIn()[0]).toContain("--json");
    expect(existsSync(`${path}.loading`)).toBe(false);
  });

  it("a run that reads a healthy cache leaves no mark behind", () => {
    const cache = mkdtempSync(join(tmpdir(), "lead-heal-"));
    expect(runBuilt(WHO, cache).code).toBe(0);
    expect(runBuilt(WHO, cache).code).toBe(0);
    expect(cacheFiles(cache).filter((f) => f.endsWith(".loading"))).toEqual([]);
  });

  it("a FIFO where the cache or its mark belongs does not hang a run", () => {
    const cache = mkdtempSync(join(tmpdir(), "lead-heal-"));
    expect(runBuilt(WHO, cache).code).toBe(0);
    const [file] = cacheFiles(cache);
    const path = join(cache, "oncall", file!);
    spawnSync("rm", [path]);
    expect(spawnSync("mkfifo", [path]).status).toBe(0);
    expect(spawnSync("mkfifo", [`${path}.loading`]).status).toBe(0);
    const started = Date.now();
    const r = runBuilt(WHO, cache);
    expect(r.code).toBe(0);
    expect(Date.now() - started).toBeLessThan(15_000); // a hang would be killed by the test's timeout
    // neither was read; the run wrote its cache in the FIFO's place, as it replaces any stale file
    expect(lstatSync(path).isFile()).toBe(true);
  });

  it("a cache path that is a directory leaves no temporary files, run after run", () => {
    const cache = mkdtempSync(join(tmpdir(), "lead-heal-"));
    expect(runBuilt(WHO, cache).code).toBe(0);
    const [file] = cacheFiles(cache);
    const path = join(cache, "oncall", file!);
    spawnSync("rm", [path]);
    mkdirSync(path);
    for (let i = 0; i < 3; i++) expect(runBuilt(WHO, cache).code).toBe(0);
    expect(cacheFiles(cache).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("a relative XDG_CACHE_HOME is ignored (XDG): nothing is written under the working directory", () => {
    const home = mkdtempSync(join(tmpdir(), "lead-heal-home-"));
    const r = spawnSync(process.execPath, [join(__dirname, "..", "..", "bin", "oncall.js"), ...WHO], {
      cwd: home,
      encoding: "utf8",
      env: {
        PATH: process.env.PATH,
        HOME: home,
        XDG_CACHE_HOME: "relative/dir",
        ONCALL_NOW: "2026-11-27T12:00:00Z",
      },
    });
    expect(r.status).toBe(0);
    expect(existsSync(join(home, "relative"))).toBe(false);
    expect(statSync(join(home, ".cache", "oncall")).isDirectory()).toBe(true);
  });

  it("a dangling link among old caches does not stop the pruning of the rest", () => {
    const cache = mkdtempSync(join(tmpdir(), "lead-heal-"));
    const dir = join(cache, "oncall");
    mkdirSync(dir, { recursive: true });
    symlinkSync("/nonexistent", join(dir, "cli-0-dangling.v8cache"));
    for (const n of [1, 2, 3, 4]) writeFileSync(join(dir, `cli-old${n}-v0-x64.v8cache`), "old");
    expect(runBuilt(WHO, cache).code).toBe(0);
    // this build's cache and the most recent others: KEEP (3) in all
    expect(cacheFiles(cache).filter((f) => f.endsWith(".v8cache"))).toHaveLength(3);
  });
});
