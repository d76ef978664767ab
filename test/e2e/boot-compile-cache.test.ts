import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runBuilt } from "../support/built-oncall";

const root = join(__dirname, "..", "..");
const EXAMPLE = join(root, "examples", "alert-export-result_2026-10.csv");
const CONFIG = join(root, "examples", "oncall.config.yaml");

const oncall = runBuilt;

/** The one cache file and its bytes. */
function cacheFile(cache: string) {
  const files = readdirSync(join(cache, "oncall"));
  expect(files).toHaveLength(1);
  const path = join(cache, "oncall", files[0]!);
  return { path, bytes: readFileSync(path), mtime: statSync(path).mtimeMs };
}

beforeAll(() => {
  if (!existsSync(join(root, "dist", "cli.cjs")))
    execFileSync(process.execPath, [join(root, "scripts", "build.mjs")], { cwd: root });
});

describe("the compile cache is rewritten only after a kind of run it has not seen", () => {
  it("a second run of the same kind leaves it as it was; another kind of run adds to it", () => {
    const cache = mkdtempSync(join(tmpdir(), "oncall-boot-cache-"));
    const who = ["rota", "who", "--config", CONFIG];
    const first = oncall(who, cache);
    expect(first.code).toBe(0);
    const before = cacheFile(cache);
    // another `rota who`, at another time: the same code runs, so nothing is written
    const again = oncall(who, cache, { ONCALL_NOW: "2026-11-30T09:00:00Z" });
    expect(again.code).toBe(0);
    const after = cacheFile(cache);
    expect(after.mtime).toBe(before.mtime);
    expect(after.bytes.equals(before.bytes)).toBe(true);
    // `config path` compiles little that `rota who` did not: it is still added, and kept after
    expect(oncall(["config", "path"], cache).code).toBe(0);
    const added = cacheFile(cache);
    expect(added.bytes.equals(before.bytes)).toBe(false);
    expect(oncall(["config", "path"], cache).code).toBe(0);
    expect(cacheFile(cache).bytes.equals(added.bytes)).toBe(true);
  });

  it("a run that fails is a kind of its own: the cache of the one that succeeds is still written", () => {
    const cache = mkdtempSync(join(tmpdir(), "oncall-boot-cache-"));
    const calc = (file: string) => oncall(["toil", "calc", file, "--config", CONFIG, "--json"], cache);
    expect(calc(join(tmpdir(), "no-such-export.csv")).code).toBe(4);
    const failed = cacheFile(cache);
    const ok = calc(EXAMPLE);
    expect(ok.code).toBe(0);
    expect(cacheFile(cache).bytes.equals(failed.bytes)).toBe(false);
    // and what runs from the cache prints what runs without it
    const off = mkdtempSync(join(tmpdir(), "oncall-boot-nocache-"));
    expect(
      oncall(["toil", "calc", EXAMPLE, "--config", CONFIG, "--json"], off, { ONCALL_NO_COMPILE_CACHE: "1" })
        .stdout,
    ).toBe(ok.stdout);
    expect(calc(EXAMPLE).stdout).toBe(ok.stdout);
  });

  it("a cache file of an older layout, or torn, is replaced, and the run is unaffected", () => {
    const cache = mkdtempSync(join(tmpdir(), "oncall-boot-cache-"));
    const who = ["rota", "who", "--config", CONFIG, "--json"];
    const clean = oncall(who, cache);
    const { path, bytes } = cacheFile(cache);
    for (const damaged of [
      bytes.subarray(bytes.indexOf(10, 20) + 1),
      bytes.subarray(0, 30),
      Buffer.from("x"),
    ]) {
      writeFileSync(path, damaged);
      const r = oncall(who, cache);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(clean.stdout);
      expect(cacheFile(cache).bytes.subarray(0, 16).toString()).toBe(bytes.subarray(0, 16).toString());
    }
  });
});
