import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SupportCalendar, type SupportHours } from "../../src/core/support-hours";
import { Zone } from "../../src/core/zone";
import { luxonOffsets } from "../../src/core/zone-luxon";
import { at, london } from "../helpers";

const MINUTE = 60_000;
const DAY = 86_400_000;
const FORTNIGHT = 14 * DAY;

/** The search `rota who` did before: minute by minute, within a fortnight. */
function minuteByMinute(calendar: SupportCalendar, ms: number): number | null {
  const inHours = !calendar.isOutOfHours(ms);
  for (let t = Math.ceil(ms / MINUTE) * MINUTE; t < ms + FORTNIGHT; t += MINUTE) {
    if (calendar.isOutOfHours(t) === inHours) return t;
  }
  return null;
}

const hoursArb: fc.Arbitrary<SupportHours> = fc
  .record({
    days: fc.subarray(["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const, { minLength: 1 }),
    start: fc.integer({ min: 0, max: 23 * 60 }),
    length: fc.integer({ min: 1, max: 24 * 60 }),
  })
  .map(({ days, start, length }) => {
    const end = Math.min(start + length, 24 * 60 - 1);
    const hhmm = (m: number) =>
      `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
    return { days: [...days], start: hhmm(start), end: hhmm(Math.max(end, start + 1)) };
  });

describe("SupportCalendar.nextChange agrees with the minute-by-minute search", () => {
  it("on random support hours, holidays and instants across the clock changes", () => {
    const zones = [london, new Zone("America/New_York", luxonOffsets("America/New_York"))];
    fc.assert(
      fc.property(
        hoursArb,
        fc.array(fc.integer({ min: 0, max: 800 }), { maxLength: 30 }),
        fc.integer({ min: 0, max: 760 * DAY }),
        fc.integer({ min: 0, max: 1 }),
        (hours, holidayDays, offset, z) => {
          const base = Date.UTC(2025, 11, 1);
          const holidays = new Set(
            holidayDays.map((d) => new Date(base + d * DAY).toISOString().slice(0, 10)),
          );
          const calendar = new SupportCalendar(zones[z]!, hours, (date) => holidays.has(date));
          const ms = base + offset;
          expect(calendar.nextChange(ms)).toBe(minuteByMinute(calendar, ms));
        },
      ),
      { numRuns: 150 },
    );
  });

  it("at the edges: on a change, a second before it, and over a bank-holiday weekend", () => {
    const calendar = new SupportCalendar(
      london,
      { days: ["mon", "tue", "wed", "thu", "fri"], start: "10:00", end: "18:00" },
      (date) => date === "2026-12-25" || date === "2026-12-28",
    );
    expect(calendar.nextChange(at("2026-11-27 10:00"))).toBe(at("2026-11-27 18:00"));
    expect(calendar.nextChange(at("2026-11-27 10:00") - 1000)).toBe(at("2026-11-27 10:00"));
    expect(calendar.nextChange(at("2026-12-24 18:00"))).toBe(at("2026-12-29 10:00"));
    // the spring change: 10:00 BST on Monday 30 March, after the clocks went forward on Sunday
    expect(calendar.nextChange(at("2026-03-27 18:30"))).toBe(at("2026-03-30 10:00"));
  });

  it("is null when nothing changes within the fortnight", () => {
    const calendar = new SupportCalendar(london, { days: ["mon"], start: "10:00", end: "18:00" }, () => true);
    expect(calendar.nextChange(at("2026-11-27 12:00"))).toBeNull();
  });
});
