import fc from "fast-check";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import {
  addDays,
  dayNumber,
  firstOfMonth,
  firstOfNextMonth,
  isCalendarDate,
  WEEKDAYS,
  weekdayName,
  weekdayOf,
  weekdayOnOrAfter,
  weekdayOnOrBefore,
} from "../../src/core/calendar";
import { london } from "../helpers";

const dateArb = fc
  .integer({ min: dayNumber("2000-01-01"), max: dayNumber("2099-12-31") })
  .map((d) => new Date(d * 86_400_000).toISOString().slice(0, 10));
const lux = (date: string) => DateTime.fromISO(date, { zone: "utc" });

describe("the calendar agrees with luxon", () => {
  it("weekdays, days after, the weekday on or before and after, and months, 2000-2099", () => {
    fc.assert(
      fc.property(
        dateArb,
        fc.integer({ min: -800, max: 800 }),
        fc.integer({ min: 1, max: 7 }),
        (date, n, wd) => {
          const d = lux(date);
          expect(weekdayOf(date)).toBe(d.weekday);
          expect(weekdayName(date)).toBe(WEEKDAYS[d.weekday - 1]);
          expect(addDays(date, n)).toBe(d.plus({ days: n }).toISODate());
          const before = lux(weekdayOnOrBefore(date, wd));
          expect([before.weekday, d.diff(before, "days").days]).toEqual([wd, (d.weekday - wd + 7) % 7]);
          const after = lux(weekdayOnOrAfter(date, wd));
          expect([after.weekday, after.diff(d, "days").days]).toEqual([wd, (wd - d.weekday + 7) % 7]);
          expect(firstOfMonth(date.slice(0, 7))).toBe(d.startOf("month").toISODate());
          expect(firstOfNextMonth(date.slice(0, 7))).toBe(d.startOf("month").plus({ months: 1 }).toISODate());
          expect(firstOfNextMonth(date)).toBe(d.startOf("month").plus({ months: 1 }).toISODate());
        },
      ),
      { numRuns: 500 },
    );
  });

  it("knows the calendar's dates, and a Zone's local weekday is the calendar's", () => {
    expect(["2024-02-29", "2026-02-28", "2000-02-29"].map(isCalendarDate)).toEqual([true, true, true]);
    expect(["2026-02-29", "2100-02-29", "2026-13-01", "2026-04-31", "26-01-01"].map(isCalendarDate)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 0, max: 1439 }), (date, minute) => {
        const p = london.parts(london.instant(date, minute));
        expect(p.weekday).toBe(weekdayOf(p.date));
      }),
    );
  });
});
