import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ToilResult } from "../../src/core/toil";
import { runCli } from "./run";

const root = join(__dirname, "..", "..");
const EXAMPLE = join(root, "examples", "alert-export-result_2026-10.csv");
const CONFIG = join(root, "examples", "oncall.config.yaml");
/** The example export as a spreadsheet saves it: CreatedAt and UpdatedAt as 1.79344E+12, TRUE/FALSE. */
const ROUNDED = join(root, "test", "fixtures", "fields-export-rounded.csv");
const dir = mkdtempSync(join(tmpdir(), "oncall-fields-cli-"));
const writeTmp = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

const calc = (files: string[], flags: string[] = []) =>
  runCli(["toil", "calc", ...files, "--config", CONFIG, "--json", ...flags]);
const doc = (stdout: string) => JSON.parse(stdout) as ToilResult;

/** The example export with one row's CreatedAt and CreatedAtDate replaced. */
function exampleWith(row: number, createdAt: string, createdAtDate: string): string {
  const lines = readFileSync(EXAMPLE, "utf8").split("\n");
  lines[row - 1] = lines[row - 1]!.replace(/,\d{13},\d{4}\/[^,]*,/, `,${createdAt},${createdAtDate},`);
  return writeTmp(`example-${row}-${createdAt.replace(/\W/g, "_")}.csv`, lines.join("\n"));
}

describe("a spreadsheet-saved Opsgenie export", () => {
  it("gives the same claims as the export it came from, with one warning", async () => {
    const exact = await calc([EXAMPLE]);
    const rounded = await calc([ROUNDED]);
    expect(exact.code).toBe(0);
    expect(rounded.code).toBe(0);
    const a = doc(exact.stdout);
    const b = doc(rounded.stdout);
    expect(b.claims.length).toBeGreaterThan(0);
    expect(b.totals).toEqual(a.totals);
    expect(JSON.stringify(b.claims).replaceAll(ROUNDED, EXAMPLE)).toBe(JSON.stringify(a.claims));
    const warned = b.warnings.filter((w) =>
      /CreatedAt was rounded, as a spreadsheet does; used CreatedAtDate/.test(w),
    );
    expect(warned).toEqual([
      `${ROUNDED}: CreatedAt was rounded, as a spreadsheet does; used CreatedAtDate (34 rows)`,
    ]);
    expect(rounded.stderr.match(/CreatedAt was rounded/g)).toHaveLength(1);
    expect(exact.stderr).not.toMatch(/rounded/);
  });

  it("is an input error naming the line when a rounded CreatedAt has no CreatedAtDate", async () => {
    const file = exampleWith(5, "1.79307E+12", "");
    const r = await calc([file]);
    expect(r.code).toBe(4);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain(`${file}:5: CreatedAt: expected epoch milliseconds, found "1.79307E+12"`);
    expect(r.stderr).toMatch(/CreatedAtDate is empty/);
  });

  it("--lenient lists such a row as unreadable and claims the rest", async () => {
    const file = exampleWith(5, "1.79307E+12", "");
    const r = await calc([file], ["--lenient"]);
    expect(r.code).toBe(0);
    const d = doc(r.stdout);
    expect(d.skipped).toContainEqual(
      expect.objectContaining({
        reason: "unreadable",
        id: "387dbfe7-977b-4984-a322-17a9610acd7c-1793066734229",
      }),
    );
    expect(d.warnings.some((w) => /^unreadable: .*:5: CreatedAt/.test(w))).toBe(true);
  });
});

describe("CreatedAt out of trust", () => {
  it.each([
    ["seconds", "1793066734", "", /:5: CreatedAt: 1793066734 ms is before 2000-01-01; it looks like seconds/],
    ["hex", "0x1A1930C3B38", "", /:5: CreatedAt: expected epoch milliseconds, found "0x1A1930C3B38"/],
    ["2100 or later", "4102444800000", "", /:5: CreatedAt: 4102444800000 ms is 2100-01-01 or later/],
    [
      "disagreeing with CreatedAtDate",
      "1793066736229",
      "2026/10/27 02:05:34.229+0000",
      /:5: CreatedAtDate: "2026\/10\/27 02:05:34\.229\+0000" disagrees with CreatedAt 1793066736229/,
    ],
  ])("%s is exit 4 with one line, never a claim", async (_l, created, date, pattern) => {
    const r = await calc([exampleWith(5, created, date)]);
    expect(r.code).toBe(4);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(pattern);
  });

  it("an API JSON createdAt on 31 February is exit 4, and --lenient lists it as unreadable", async () => {
    const file = writeTmp(
      "api.json",
      JSON.stringify({
        data: [
          { id: "good", tinyId: "1", createdAt: "2026-10-27T02:05:34.229Z", owner: "alice@example.com" },
          { id: "feb", tinyId: "2", createdAt: "2026-02-31T02:00:00Z", owner: "alice@example.com" },
        ],
      }),
    );
    const strict = await calc([file]);
    expect(strict.code).toBe(4);
    expect(strict.stderr).toContain(`${file}: data[1]: createdAt: "2026-02-31T02:00:00Z" is not a real date`);
    const lenient = await calc([file], ["--lenient"]);
    expect(lenient.code).toBe(0);
    const d = doc(lenient.stdout);
    expect(d.skipped).toContainEqual(expect.objectContaining({ reason: "unreadable", id: "feb" }));
    expect(d.claims.flatMap((c) => c.alerts.map((a) => a.id))).toEqual(["good"]);
  });

  it("a created_at on 31 February is exit 4, not 3 March", async () => {
    const file = writeTmp("feb.csv", "id,created_at,owner\nx,2026-02-31T02:00:00Z,alice@example.com\n");
    const r = await calc([file]);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(`${file}:2: created_at: "2026-02-31T02:00:00Z" is not a real date`);
  });
});
