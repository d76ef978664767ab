import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { openLog, type Unreadable } from "../../src/adapters/logs";
import type { Alert } from "../../src/core/alert";
import { OncallError } from "../../src/errors";

const dir = mkdtempSync(join(tmpdir(), "oncall-fields-"));
let n = 0;
const tmp = (ext: string, content: string) => {
  const p = join(dir, `log-${++n}.${ext}`);
  writeFileSync(p, content);
  return p;
};

async function read(path: string, lenient = false) {
  const log = await openLog(path, { lenient, stdin: Readable.from([]) });
  const alerts: Alert[] = [];
  const unreadable: Unreadable[] = [];
  const warnings: string[] = [];
  await log.read({
    alert: (a) => {
      alerts.push(a);
      return true;
    },
    unreadable: (u) => unreadable.push(u),
    warning: (w) => warnings.push(w),
  });
  return { log, alerts, unreadable, warnings };
}

async function readError(path: string): Promise<OncallError> {
  try {
    await read(path);
  } catch (e) {
    expect(e).toBeInstanceOf(OncallError);
    return e as OncallError;
  }
  throw new Error("expected an input error");
}

const HEADER = "Alert ID,TinyID,CreatedAt,CreatedAtDate,Acknowledged";
/** An Opsgenie CSV export with these (CreatedAt, CreatedAtDate) rows. */
const export_ = (...rows: [string, string][]) =>
  tmp("csv", `${HEADER}\n${rows.map(([c, d], i) => `a-${i},${i},${c},${d},true`).join("\n")}\n`);

// 2026-10-31T10:20:16.184Z
const EXACT = 1793442016184;
const DATE = "2026/10/31 10:20:16.184+0000";

describe("CreatedAt of an Opsgenie CSV", () => {
  it("reads exact epoch milliseconds that agree with CreatedAtDate", async () => {
    const { alerts, warnings } = await read(export_([String(EXACT), DATE], [String(EXACT), ""]));
    expect(alerts.map((a) => a.createdAt)).toEqual([EXACT, EXACT]);
    expect(warnings).toEqual([]);
  });

  it.each([
    ["E-notation", "1.79344E+12"],
    ["lower-case E-notation", "1.79344e12"],
    ["a decimal", "1793442016184.0"],
    ["a decimal with a comma", '"1793442016184,00"'],
    ["a date", "2026/10/31 10:20"],
    ["a day-first date", "31/10/2026 10:20"],
  ])(
    "uses CreatedAtDate when a spreadsheet wrote CreatedAt as %s, with one warning for the file",
    async (_l, created) => {
      const { alerts, warnings } = await read(
        export_([created, DATE], [created, "2026/10/31 10:20:17.000+0000"]),
      );
      expect(alerts.map((a) => a.createdAt)).toEqual([EXACT, EXACT + 816]);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(
        /log-\d+\.csv: CreatedAt was rounded, as a spreadsheet does; used CreatedAtDate/,
      );
    },
  );

  it.each([
    ["without milliseconds", "2026/10/31 10:20:16+0000", EXACT - 184],
    ["with a colon in the offset", "2026/10/31 11:20:16.184+01:00", EXACT],
    ["with Z", "2026/10/31 10:20:16.184Z", EXACT],
    ["with dashes and T", "2026-10-31T10:20:16.184+0000", EXACT],
  ])("accepts a CreatedAtDate %s", async (_l, date, expected) => {
    const { alerts } = await read(export_(["1.79344E+12", date]));
    expect(alerts[0]!.createdAt).toBe(expected);
  });

  it.each([
    [
      "empty",
      "",
      /:2: CreatedAt: expected epoch milliseconds, found "1\.79344E\+12".*CreatedAtDate is empty/,
    ],
    ["day-first", "31/10/2026 10:20", /:2: CreatedAt: .*CreatedAtDate "31\/10\/2026 10:20" is not/],
    ["without seconds", "2026/10/31 10:20+0000", /:2: CreatedAt: .*CreatedAtDate/],
    ["without an offset", "2026/10/31 10:20:16.184", /:2: CreatedAt: .*CreatedAtDate/],
    ["not a real date", "2026/02/31 10:20:16.184+0000", /:2: CreatedAt: .*CreatedAtDate/],
  ])("refuses a rounded CreatedAt when CreatedAtDate is %s", async (_l, date, pattern) => {
    const e = await readError(export_(["1.79344E+12", date]));
    expect(e.kind).toBe("input");
    expect(e.message).toMatch(pattern);
    expect(e.message).not.toMatch(/\n/);
  });

  it("refuses a rounded CreatedAt when the file has no CreatedAtDate column", async () => {
    const e = await readError(tmp("csv", "Alert ID,TinyID,CreatedAt\nx,1,1.79344E+12\n"));
    expect(e.message).toMatch(
      /:2: CreatedAt: expected epoch milliseconds, found "1\.79344E\+12".*CreatedAtDate/,
    );
  });

  it("refuses a rounded CreatedAt that CreatedAtDate contradicts beyond the rounding", async () => {
    const e = await readError(export_(["1.79344E+12", "2026/03/08 01:11:23.456+0000"]));
    expect(e.message).toMatch(/:2: CreatedAtDate: .*disagrees with CreatedAt/);
  });

  it.each([
    ["seconds", "1793442016", /:2: CreatedAt: .*before 2000.*looks like seconds/],
    ["hex", "0x1A1930C3B38", /:2: CreatedAt: expected epoch milliseconds, found "0x1A1930C3B38"/],
    ["negative", "-1793442016184", /:2: CreatedAt: expected epoch milliseconds/],
    ["before 2000", "946684799999", /:2: CreatedAt: .*before 2000-01-01/],
    ["2100 or later", "4102444800000", /:2: CreatedAt: .*2100-01-01/],
    ["year 275760", "8640000000000000", /:2: CreatedAt: .*2100-01-01/],
  ])("refuses a CreatedAt in %s", async (_l, created, pattern) => {
    const e = await readError(export_([created, ""]));
    expect(e.kind).toBe("input");
    expect(e.message).toMatch(pattern);
  });

  it("accepts the first and last milliseconds of the range", async () => {
    const { alerts } = await read(export_(["946684800000", ""], ["4102444799999", ""]));
    expect(alerts.map((a) => a.createdAt)).toEqual([946684800000, 4102444799999]);
  });

  it("refuses CreatedAt and CreatedAtDate that disagree by more than a second, naming the line", async () => {
    const e = await readError(export_([String(EXACT), DATE], [String(EXACT + 1001), DATE]));
    expect(e.message).toMatch(
      /:3: CreatedAtDate: "2026\/10\/31 10:20:16\.184\+0000" disagrees with CreatedAt/,
    );
  });

  it("allows a second between CreatedAt and CreatedAtDate, and ignores a CreatedAtDate it cannot read", async () => {
    const { alerts } = await read(export_([String(EXACT + 1000), DATE], [String(EXACT), "31/10/2026 10:20"]));
    expect(alerts.map((a) => a.createdAt)).toEqual([EXACT + 1000, EXACT]);
  });

  it("--lenient lists the bad rows as unreadable and still warns once about the rounded ones", async () => {
    const { alerts, unreadable, warnings } = await read(
      export_(["1.79344E+12", DATE], ["1793442016", ""], ["1.79344E+12", ""], [String(EXACT), DATE]),
      true,
    );
    expect(alerts.map((a) => a.id)).toEqual(["a-0", "a-3"]);
    expect(unreadable.map((u) => u.id)).toEqual(["a-1", "a-2"]);
    expect(unreadable[0]!.message).toMatch(/:3: CreatedAt: .*seconds/);
    expect(warnings).toHaveLength(1);
  });
});

describe("ISO times", () => {
  const oncall = (created: string, extra = "") =>
    tmp("csv", `id,created_at,acknowledged_at,closed_at\nx,${created},${extra},\n`);

  it.each([
    ["2026-03-08T01:11:23.456Z", Date.UTC(2026, 2, 8, 1, 11, 23, 456)],
    ["2026-03-08T01:11:23.456+01:00", Date.UTC(2026, 2, 8, 0, 11, 23, 456)],
    ["2026-03-08T01:11-0130", Date.UTC(2026, 2, 8, 2, 41)],
    ["2024-02-29T00:00:00Z", Date.UTC(2024, 1, 29)],
    ["2000-01-01T00:00:00Z", Date.UTC(2000, 0, 1)],
    ["2099-12-31T23:59:59.999Z", Date.UTC(2100, 0, 1) - 1],
    ["2026-03-08T01:11:23.4567891Z", Date.UTC(2026, 2, 8, 1, 11, 23, 456)],
  ])("reads created_at %s", async (text, ms) => {
    expect((await read(oncall(text))).alerts[0]!.createdAt).toBe(ms);
  });

  it.each([
    ["2026-02-31T10:00:00Z", /:2: created_at: "2026-02-31T10:00:00Z" is not a real date/],
    ["2025-02-29T10:00:00Z", /not a real date/],
    ["2026-04-31T10:00:00Z", /not a real date/],
    ["2026-13-01T10:00:00Z", /not a real date/],
    ["2026-03-08T24:00:00Z", /not a real time/],
    ["2026-03-08T10:60:00Z", /not a real time/],
    ["2026-03-08T10:00:60Z", /not a real time/],
    ["2026-03-08T10:00:00+24:00", /not a real time/],
    ["2026-03-08T10:00:00", /created_at: expected an ISO-8601 time with an offset or Z/],
    ["1999-12-31T23:59:59Z", /created_at: .*before 2000-01-01/],
    ["2100-01-01T00:00:00Z", /created_at: .*2100-01-01/],
    ["+275760-09-13T00:00:00Z", /created_at: expected an ISO-8601 time/],
  ])("refuses created_at %s", async (text, pattern) => {
    const e = await readError(oncall(text));
    expect(e.kind).toBe("input");
    expect(e.message).toMatch(pattern);
  });

  it("checks acknowledged_at like created_at", async () => {
    const e = await readError(oncall("2026-03-08T01:00:00Z", "2026-02-30T01:05:00Z"));
    expect(e.message).toMatch(/:2: acknowledged_at: "2026-02-30T01:05:00Z" is not a real date/);
  });

  const api = (alert: object) => tmp("json", JSON.stringify({ data: [{ id: "x", ...alert }] }));

  it.each([
    [
      { createdAt: "2026-02-31T10:00:00Z" },
      /data\[0\]: createdAt: "2026-02-31T10:00:00Z" is not a real date/,
    ],
    [
      { createdAt: "2026-03-08T10:00:00" },
      /data\[0\]: createdAt: expected an ISO-8601 time with an offset or Z/,
    ],
    [{ createdAt: "1970-01-01T00:00:00Z" }, /data\[0\]: createdAt: .*before 2000-01-01/],
    [
      { createdAt: "2026-03-08T10:00:00Z", report: { ackTime: 1e15 } },
      /data\[0\]: report\.ackTime: .*2100-01-01/,
    ],
    [
      { createdAt: "2026-03-08T10:00:00Z", report: { closeTime: 8.64e15 } },
      /data\[0\]: report\.closeTime: .*2100-01-01/,
    ],
  ])("refuses API JSON %j", async (alert, pattern) => {
    expect((await readError(api(alert))).message).toMatch(pattern);
  });
});

describe("booleans", () => {
  it("reads Acknowledged in any case, as spreadsheets write TRUE", async () => {
    const path = tmp(
      "csv",
      "Alert ID,TinyID,CreatedAt,Acknowledged\na,1,1793442016184,TRUE\nb,2,1793442016184,False\n",
    );
    expect((await read(path)).alerts.map((a) => a.acknowledged)).toEqual([true, false]);
  });

  it("reads woken in any case", async () => {
    const path = tmp(
      "csv",
      "id,created_at,woken\na,2026-03-08T01:00:00Z,TRUE\nb,2026-03-08T01:00:00Z,False\n",
    );
    expect((await read(path)).alerts.map((a) => a.woken)).toEqual([true, false]);
  });

  it("reads API JSON acknowledged as a boolean or a true/false string in any case", async () => {
    const path = tmp(
      "json",
      JSON.stringify([
        { id: "a", createdAt: "2026-03-08T01:00:00Z", acknowledged: "TRUE" },
        { id: "b", createdAt: "2026-03-08T01:00:00Z", acknowledged: "false" },
        { id: "c", createdAt: "2026-03-08T01:00:00Z", acknowledged: true },
      ]),
    );
    expect((await read(path)).alerts.map((a) => a.acknowledged)).toEqual([true, false, true]);
  });

  it("refuses an API JSON acknowledged that is not a boolean", async () => {
    const path = tmp(
      "json",
      JSON.stringify([{ id: "a", createdAt: "2026-03-08T01:00:00Z", acknowledged: "yes" }]),
    );
    expect((await readError(path)).message).toMatch(
      /\[0\]: acknowledged: expected true or false, found "yes"/,
    );
  });
});
