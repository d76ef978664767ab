import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./run";

const root = join(__dirname, "..", "..");
const dir = mkdtempSync(join(tmpdir(), "cfg2-limits-"));
const NOW = { ONCALL_NOW: "2026-11-27T03:00:00Z" };
/** examples/oncall.config.yaml with attribution from the rota */
const R = readFileSync(join(root, "examples", "oncall.config.yaml"), "utf8").replace(
  /^.*attribution: owner.*\n/m,
  "",
);

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function withOverrides(n: number): string {
  const people = ["alice", "bob", "carol"];
  const list = Array.from(
    { length: n },
    (_, i) =>
      `    - { line: first-line, person: ${people[i % 3]}, from: "2027-01-01T18:00", to: "2027-01-02T10:00" }`,
  ).join("\n");
  return R.replace(/^ {2}overrides:\n(?: {4}.*\n)*/m, `  overrides:\n${list}\n`);
}

describe("overlapping overrides: warnings capped, nothing quadratic (n identical overrides)", () => {
  it("rota who warns of the first 3 pairs, then counts the rest", async () => {
    const cfg = file("500.yaml", withOverrides(500));
    const r = await runCli(["rota", "who", "--config", cfg], { env: NOW });
    expect(r.code).toBe(0);
    const warnings = r.stderr.split("\n").filter((l) => l.startsWith("warning:"));
    expect(warnings).toHaveLength(4);
    expect(warnings[3]).toContain(`and ${(500 * 499) / 2 - 3} more overlapping pairs of overrides`);
    expect(warnings[3]).toContain("oncall rota check");
  });

  it("rota check lists 100 pairs and counts the rest, without overflowing the stack", async () => {
    const cfg = file("2000.yaml", withOverrides(2000));
    const r = await runCli(["rota", "check", "--config", cfg], { env: NOW });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines).toHaveLength(102);
    expect(lines[100]).toContain(`and ${(2000 * 1999) / 2 - 100} more overlapping pairs`);
    expect(lines[101]).toContain("no problems found (101 warnings)");
  });

  it("more than 2000 overrides is a config error (exit 3) naming rota.overrides", async () => {
    const cfg = file("2001.yaml", withOverrides(2001));
    for (const cmd of [
      ["rota", "who"],
      ["rota", "check"],
    ]) {
      const r = await runCli([...cmd, "--config", cfg], { env: NOW });
      expect(r.code).toBe(3);
      expect(r.stderr + r.stdout).toMatch(/rota\.overrides: at most 2000 overrides/);
    }
  });
});

describe("config dates are in 2000-2099 (exit 3 naming the key)", () => {
  it.each([
    [
      "a line's start",
      R.replace(/start: 2026-01-07/, "start: 9999-01-06"),
      /rota\.lines\[0\]\.start: expected a date from 2000-01-01 to 2099-12-31/,
    ],
    [
      "a line's start in 3000",
      R.replace(/start: 2026-01-07/, "start: 3000-01-01"),
      /rota\.lines\[0\]\.start: expected a date from 2000/,
    ],
    [
      "an override's to",
      R.replace(/to: "2026-[^"]*"/, 'to: "9999-11-29T10:00"'),
      /rota\.overrides\[0\]\.to: expected a date from 2000/,
    ],
    [
      "an extra holiday",
      R.replace("extraHolidays: [2026-12-24", "extraHolidays: [1999-12-24"),
      /supportHours\.extraHolidays\[0\]: expected a date from 2000/,
    ],
  ])("%s", async (_name, text, message) => {
    expect(text).not.toBe(R);
    const cfg = file("year.yaml", text);
    const check = await runCli(["rota", "check", "--config", cfg], { env: NOW });
    expect(check.code).toBe(3);
    expect(check.stdout).toMatch(message);
    const who = await runCli(["rota", "who", "--config", cfg], { env: NOW });
    expect(who.code).toBe(3);
    expect(who.stderr).toMatch(message);
  });
});
