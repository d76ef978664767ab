import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { csvField, csvRow } from "../../src/render/csv";
import { runCli } from "./run";

const dir = mkdtempSync(join(tmpdir(), "oncall-out-csv-"));
function writeTmp(name: string, text: string) {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

// Owner attribution credits usernames not in `people` as they are, so the owner column's text
// reaches the person and name cells; the tiny ids reach the alerts and notes cells.
const CONFIG = writeTmp(
  "team.yaml",
  `people:
  - { id: alice, name: "@SUM(1)", email: alice@example.com }
toil:
  attribution: owner
`,
);
const LOG = writeTmp(
  "log.csv",
  [
    "id,created_at,message,owner,tiny_id",
    `a1,2026-11-03T02:14:00Z,"=HYPERLINK(""http://x"",""y"")",alice@example.com,"=HYPERLINK(""http://x"",""y"")"`,
    "a2,2026-11-04T02:14:00Z,+1,-1,+1",
    "a3,2026-11-05T02:14:00Z,-1,+1,@SUM(1)",
    "",
  ].join("\n"),
);

const FORMULA = /^[=+\-@\t\r]/;
const parse = (text: string) => Papa.parse<string[]>(text.trimEnd(), { header: false }).data;

describe("CSV output neutralises cells a spreadsheet would run as a formula", () => {
  it("csvField prefixes ' to text starting with = + - @ tab or CR; numbers stay numbers", () => {
    expect(["=1+1", "+1", "-1", "@SUM(1)", "\tx", "\rx"].map(csvField)).toEqual([
      "'=1+1",
      "'+1",
      "'-1",
      "'@SUM(1)",
      "'\tx",
      `"'\rx"`,
    ]);
    expect(csvRow([-0.25, 0, 1.5, "a-b", null, true])).toBe("-0.25,0,1.5,a-b,,true\n");
    expect(csvField('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
  });

  it("toil calc --format csv: person, name and alerts neutralised; computed numbers plain", async () => {
    const r = await runCli(["toil", "calc", LOG, "--config", CONFIG, "--format", "csv"]);
    expect(r.code).toBe(0);
    const [head, ...rows] = parse(r.stdout);
    expect(rows).toHaveLength(3);
    const col = (name: string) => head!.indexOf(name);
    for (const row of rows) {
      for (const cell of row) expect(cell).not.toMatch(FORMULA);
      for (const n of ["base_days", "days", "hours"]) expect(Number(row[col(n)])).toBeGreaterThan(0);
    }
    expect(rows.map((row) => row[col("alerts")])).toEqual([
      '\'=HYPERLINK("http://x","y")',
      "'+1",
      "'@SUM(1)",
    ]);
    expect(rows.map((row) => row[col("name")])).toEqual(["'@SUM(1)", "'-1", "'+1"]);
  });

  it("--format breathe: the same, with Days a plain number and Hours h:mm", async () => {
    const r = await runCli(["toil", "calc", LOG, "--config", CONFIG, "--format", "breathe"]);
    expect(r.code).toBe(0);
    const [head, ...rows] = parse(r.stdout);
    expect(head).toEqual(["Name", "Email", "Date", "Days", "Hours", "Notes"]);
    for (const row of rows) {
      for (const cell of row) expect(cell).not.toMatch(FORMULA);
      expect(row[3]).toBe("0.5");
      expect(row[4]).toBe("3:30");
    }
    expect(rows[0]![0]).toBe("'@SUM(1)");
    expect(rows[0]![5]).toContain('alert =HYPERLINK("http://x","y") 02:14');
  });

  it("toil export writes the same neutralised CSV to the file", async () => {
    const out = join(dir, "claims.csv");
    const r = await runCli(["toil", "export", LOG, "--config", CONFIG, "--out", out]);
    expect(r.code).toBe(0);
    const [, ...rows] = parse(readFileSync(out, "utf8"));
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(FORMULA);
  });
});
