import Holidays from "date-holidays";
import { afterEach, describe, expect, it, vi } from "vitest";
import { HOLIDAY_TABLE, HOLIDAY_TABLE_YEARS } from "../../src/adapters/holiday-table";

const STATES = { "england-and-wales": "ENG", scotland: "SCT", "northern-ireland": "NIR" } as const;

/** The names date-holidays gives these dates, the first public holiday of each date. */
function libraryNames(state: string, dates: string[]): Map<string, string> {
  const hd = new Holidays("GB", state, { types: ["public"] });
  const out = new Map<string, string>();
  for (const y of new Set(dates.map((d) => Number(d.slice(0, 4))))) {
    for (const h of hd.getHolidays(y)) {
      const date = h.date.slice(0, 10);
      if (h.type === "public" && dates.includes(date) && !out.has(date)) out.set(date, h.name);
    }
  }
  return out;
}

afterEach(() => {
  vi.doUnmock("date-holidays");
  vi.resetModules();
});

describe("perf3: bank holidays' names", () => {
  it("in the table's years come without loading date-holidays (~100 ms a run)", async () => {
    vi.resetModules();
    vi.doMock("date-holidays", () => {
      throw new Error("date-holidays loaded");
    });
    const { holidayNames } = await import("../../src/adapters/holidays");
    const names = await holidayNames("england-and-wales", [
      "2026-12-25",
      "2026-12-28",
      "2027-05-03",
      "2026-03-02",
    ]);
    expect(names).toEqual(
      new Map([
        ["2026-12-25", "Christmas Day"],
        ["2026-12-28", "Boxing Day (substitute day)"],
        ["2027-05-03", "Early May bank holiday"],
      ]),
    );
  });

  it("are date-holidays' own for every date of the table, in each division", async () => {
    const { holidayNames } = await import("../../src/adapters/holidays");
    for (const [division, state] of Object.entries(STATES)) {
      const dates = HOLIDAY_TABLE[division]!.split(" ");
      expect(dates.length).toBeGreaterThan(8 * (HOLIDAY_TABLE_YEARS.last - HOLIDAY_TABLE_YEARS.first));
      const got = await holidayNames(division, [...dates, "2026-03-02"]);
      expect(got).toEqual(libraryNames(state, dates));
    }
  });

  it("outside the table's years still come from date-holidays", async () => {
    const { holidayNames } = await import("../../src/adapters/holidays");
    const names = await holidayNames("scotland", ["2099-11-30", "2026-11-30"]);
    expect(names).toEqual(
      new Map([
        ["2099-11-30", libraryNames("SCT", ["2099-11-30"]).get("2099-11-30")],
        ["2026-11-30", "St Andrew’s Day"],
      ]),
    );
  });
});
