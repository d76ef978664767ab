import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CsvReader } from "../../src/adapters/csv";
import {
  exactEpochMillis,
  exactEpochMillisIn,
  fastOpsgenieDateIn,
  opsgenieDateMillis,
} from "../../src/adapters/log-fields";
import { readExportText } from "../support/read-export";

describe("thru: times read where they lie in the CSV text", () => {
  it("a record's fieldWith reads the field's text, quoted, cut by a chunk, or past the last field", () => {
    const text = '1767571200270,"2026/01/05 ""00"":00",tail\n2026/01/05 00:00:00.270+0000,"",z\n';
    fc.assert(
      fc.property(fc.integer({ min: 0, max: text.length }), (at) => {
        const got: [string, string][] = [];
        const r = new CsvReader("t.csv", (rec) => {
          for (let i = 0; i <= rec.count; i++) {
            got.push([rec.field(i), rec.fieldWith(i, (s, start, end) => s.slice(start, end))]);
          }
        });
        r.push(text.slice(0, at));
        r.push(text.slice(at));
        r.end();
        expect(got).toHaveLength(8);
        for (const [field, read] of got) expect(read).toBe(field);
      }),
    );
  });

  it("exactEpochMillisIn of a range is exactEpochMillis of its text", () => {
    const digits = fc.stringMatching(/^[0-9]{10,14}$/);
    fc.assert(
      fc.property(fc.oneof(digits, fc.string()), fc.string(), fc.string(), (field, before, after) => {
        const s = `${before}${field}${after}`;
        const got = exactEpochMillisIn(s, before.length, before.length + field.length);
        expect(got).toBe(exactEpochMillis(field));
      }),
    );
    expect(exactEpochMillisIn("x,1767571200270,y", 2, 15)).toBe(1767571200270);
  });

  it("fastOpsgenieDateIn of a range is the date Opsgenie wrote there, or -1 for any other form", () => {
    const date = fc
      .date({
        min: new Date("1999-06-01T00:00:00Z"),
        max: new Date("2100-06-01T00:00:00Z"),
        noInvalidDate: true,
      })
      .map((d) => {
        const iso = d.toISOString();
        return `${iso.slice(0, 4)}/${iso.slice(5, 7)}/${iso.slice(8, 10)} ${iso.slice(11, 23)}+0000`;
      });
    fc.assert(
      fc.property(fc.oneof(date, fc.string()), fc.string(), fc.string(), (field, before, after) => {
        const s = `${before}${field}${after}`;
        const got = fastOpsgenieDateIn(s, before.length, before.length + field.length);
        if (got >= 0) expect(got).toBe(opsgenieDateMillis(field));
        const y = Number(field.slice(0, 4));
        if (field.length === 28 && field.endsWith("+0000") && y >= 2000 && y <= 2099)
          expect(got).toBe(
            Date.parse(
              `${field.slice(0, 4)}-${field.slice(5, 7)}-${field.slice(8, 10)}T${field.slice(11, 23)}Z`,
            ),
          );
      }),
    );
    expect(fastOpsgenieDateIn("a,2026/01/05 00:00:00.270+0000,b", 2, 30)).toBe(
      Date.UTC(2026, 0, 5, 0, 0, 0, 270),
    );
    expect(fastOpsgenieDateIn("2026/01/05 00:00:00.270+0100", 0, 28)).toBe(-1);
  });
});

const readExport = readExportText;

describe("thru: an Opsgenie CSV's tiny ids, read where they lie", () => {
  it("give back the text the export has, whatever its form", async () => {
    const tinies = ["0", "7", "007", "123456789", "1234567890", "", "x1", "-5", " 12", '"1""2"', '"34"'];
    const rows = tinies.map(
      (t, i) => `a-${i},check-1,${t},Site down,closed,true,${1762136040000 + i},alice@example.com,Platform`,
    );
    const alerts = await readExport(
      ["Alert ID,Alias,TinyID,Message,Status,Acknowledged,CreatedAt,Owner,Teams", ...rows].join("\n"),
    );
    expect(alerts.map((a) => a.tinyId)).toEqual([
      "0",
      "7",
      "007",
      "123456789",
      "1234567890",
      null,
      "x1",
      "-5",
      " 12",
      '1"2',
      "34",
    ]);
  });
});
