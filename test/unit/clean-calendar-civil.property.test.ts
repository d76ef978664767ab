import fc from "fast-check";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { dayNumber, daysFromCivil, daysInMonth } from "../../src/core/calendar";

describe("the log readers' day arithmetic is the calendar's", () => {
  it("daysFromCivil is luxon's day count since 1970-01-01, 1900-2199", () => {
    fc.assert(
      fc.property(fc.integer({ min: dayNumber("1900-01-01"), max: dayNumber("2199-12-31") }), (day) => {
        const d = DateTime.fromMillis(day * 86_400_000, { zone: "utc" });
        expect(daysFromCivil(d.year, d.month, d.day)).toBe(day);
      }),
    );
  });

  it("daysInMonth is luxon's, leap years included (1900 and 2100 are not, 2000 is)", () => {
    for (let year = 1900; year <= 2100; year++) {
      for (let month = 1; month <= 12; month++) {
        expect(daysInMonth(year, month)).toBe(DateTime.utc(year, month, 1).daysInMonth);
      }
    }
  });
});
