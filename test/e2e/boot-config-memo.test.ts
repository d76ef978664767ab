import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, runBuilt } from "../support/built-oncall";

const root = join(__dirname, "..", "..");
const EXAMPLE = join(root, "examples", "alert-export-result_2026-10.csv");
const CONFIG = join(root, "examples", "oncall.config.yaml");

const oncall = runBuilt;

/** The team configs the cache file remembers (the JSON line after its first). */
function remembered(cache: string): { filepath: string; text: string }[] {
  const [file] = readdirSync(join(cache, "oncall"));
  const bytes = readFileSync(join(cache, "oncall", file!));
  const first = bytes.indexOf(10);
  return JSON.parse(bytes.toString("utf8", first + 1, bytes.indexOf(10, first + 1))).configs;
}

const newCache = () => mkdtempSync(join(tmpdir(), "oncall-boot-memo-cache-"));

beforeAll(() => {
  ensureBuilt();
});

describe("team configs remembered with the compile cache", () => {
  it("a valid config is remembered by its text, and a run from memory prints what a parse does", () => {
    const cache = newCache();
    const runs = [
      ["rota", "who", "--config", CONFIG, "--json"],
      ["rota", "show", "--config", CONFIG, "--weeks", "3"],
      ["rota", "hours", "--config", CONFIG, "--month", "2026-10", "--json"],
      ["config", "show", "--config", CONFIG, "--json"],
      ["toil", "calc", EXAMPLE, "--config", CONFIG, "--month", "2026-10", "--json"],
    ];
    const parsed = runs.map((args) => oncall(args, null));
    for (const r of parsed) expect(r.code).toBe(0);
    oncall(runs[0]!, cache);
    expect(remembered(cache)).toEqual([
      {
        filepath: CONFIG,
        text: readFileSync(CONFIG, "utf8"),
        tz: process.versions.tz,
        config: expect.anything(),
      },
    ]);
    runs.forEach((args, i) => {
      const r = oncall(args, cache);
      expect(r).toEqual(parsed[i]);
    });
  });

  it("an edited config is read again: its new values, or its problems with their lines", () => {
    const cache = newCache();
    const dir = mkdtempSync(join(tmpdir(), "oncall-boot-memo-"));
    const cfg = join(dir, "oncall.config.yaml");
    const text = readFileSync(CONFIG, "utf8");
    writeFileSync(cfg, text);
    const who = ["rota", "who", "--config", cfg, "--json"];
    expect(oncall(who, cache).stdout).toMatch(/"Bob Brown"/);
    expect(oncall(who, cache).stdout).toMatch(/"Bob Brown"/);
    writeFileSync(cfg, text.replace("name: Bob Brown", "name: Robert Brown"));
    const renamed = oncall(who, cache);
    expect(renamed.stdout).toMatch(/"Robert Brown"/);
    expect(remembered(cache).map((c) => c.text)).toEqual([readFileSync(cfg, "utf8")]);
    writeFileSync(cfg, text.replace("name: Bob Brown", "name: Bob Brown\n    shoeSize: 9"));
    const broken = oncall(who, cache);
    expect(broken.code).toBe(3);
    expect(broken.stderr).toMatch(
      /^error: .*oncall\.config\.yaml:19: people\[1\]\.shoeSize: unknown key "shoeSize"/,
    );
  });

  it("warnings about a remembered config still name their lines", () => {
    const cache = newCache();
    const dir = mkdtempSync(join(tmpdir(), "oncall-boot-memo-"));
    const cfg = join(dir, "overlap.yaml");
    writeFileSync(
      cfg,
      `people:
  - { id: alice, name: Alice }
  - { id: bob, name: Bob }
rota:
  lines:
    - { id: first-line, start: 2026-01-07, members: [alice, bob] }
  overrides:
    - { line: first-line, person: bob, from: "2026-11-26T18:00", to: "2026-11-28T10:00" }
    - { line: first-line, person: alice, from: "2026-11-27T08:00", to: "2026-11-27T20:00" }
`,
    );
    const who = ["rota", "who", "--config", cfg];
    const parsed = oncall(who, null);
    expect(parsed.stderr).toMatch(/overlap\.yaml:9: rota\.overrides\[1\]: .*overlaps rota\.overrides\[0\]/);
    oncall(who, cache);
    expect(remembered(cache)).toHaveLength(1);
    expect(oncall(who, cache)).toEqual(parsed);
  });
});
