import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HOLIDAY_TABLE } from "../../src/adapters/holiday-table";
import type { Alert } from "../../src/core/alert";
import { createLogAttributor } from "../../src/core/attribution";
import { PeopleIndex } from "../../src/core/people";
import { SupportCalendar, type SupportHours, WEEKDAYS } from "../../src/core/support-hours";
import { type Claim, computeToil, type WorkedEntry } from "../../src/core/toil";
import { alert, at, calendar, london, PEOPLE, RULES } from "../helpers";

const MINUTE = 60_000;

/**
 * The rule of SPEC §4.6 read literally, minute by minute: the out-of-hours minutes of each window's
 * work after its first hour, a minute counted for an earlier window of the person not counted again.
 * Kept here, slow and obvious, to check the interval arithmetic of the real implementation.
 */
function referenceExtra(claims: readonly Claim[], cal: SupportCalendar): Map<string, number> {
  const out = new Map<string, number>();
  const counted = new Map<string, Set<number>>();
  const inOrder = [...claims].sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  for (const c of inOrder) {
    let seen = counted.get(c.person);
    if (!seen) {
      seen = new Set();
      counted.set(c.person, seen);
    }
    let extra = 0;
    const start = Date.parse(c.start);
    for (let k = 60; k < (c.workedMinutes ?? 0); k++) {
      const t = start + k * MINUTE;
      const minute = Math.floor(t / MINUTE);
      if (seen.has(minute) || !cal.isOutOfHours(t)) continue;
      seen.add(minute);
      extra++;
    }
    out.set(c.id, extra);
  }
  return out;
}

/** Stretches that hold the hard cases: both clock changes, Christmas with its substitute days, a closure day. */
const STRETCHES = [
  at("2026-03-27 12:00"), // Fri before the spring change (Sun 29 Mar)
  at("2026-10-23 12:00"), // Fri before the autumn change (Sun 25 Oct)
  at("2026-12-23 12:00"), // Christmas Day (Fri), Boxing Day (Sat), substitute Mon 28 Dec
  at("2026-04-01 12:00"), // Good Friday 3 Apr, Easter Monday 6 Apr
  at("2026-11-02 12:00"), // an ordinary week
];
const SPAN = 4 * 86_400_000;
const hhmm = (m: number) =>
  `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
const ENGLAND = new Set(HOLIDAY_TABLE["england-and-wales"]!.split(" "));

/**
 * Support hours drawn at random as well as the usual ones: with support on Sundays and hours around
 * 01:00–02:00, the clock changes fall inside and at the edges of support hours.
 */
const calendarArb: fc.Arbitrary<SupportHours> = fc.oneof(
  fc.constant<SupportHours>({ days: WEEKDAYS.slice(0, 5), start: "10:00", end: "18:00" }),
  fc
    .record({
      days: fc.subarray([...WEEKDAYS], { minLength: 1 }),
      start: fc.integer({ min: 0, max: 1439 }),
      length: fc.integer({ min: 1, max: 1439 }),
    })
    .map(({ days, start, length }) => ({
      days,
      start: hhmm(start),
      end: hhmm(Math.min(1439, start + length)),
    })),
);

function supportCalendar(hours: SupportHours, extra: readonly string[]): SupportCalendar {
  return new SupportCalendar(london, hours, (d) => ENGLAND.has(d) || extra.includes(d));
}

function run(alerts: Alert[], worked: WorkedEntry[], cal: SupportCalendar) {
  const people = new PeopleIndex(PEOPLE);
  return computeToil({
    alerts,
    skipped: [],
    otherPersonCount: 0,
    attributor: createLogAttributor("owner", people),
    people,
    rules: RULES,
    calendar: cal,
    marks: [],
    worked,
    inferWorked: false,
    period: null,
    person: null,
  });
}

const caseArb = fc.record({
  base: fc.constantFrom(...STRETCHES),
  hours: calendarArb,
  extraHolidays: fc.subarray(["2026-12-24", "2026-10-23", "2026-03-27", "2026-11-03"]),
  alerts: fc.array(
    fc.record({
      offset: fc.integer({ min: 0, max: SPAN }), // milliseconds: windows start mid-minute too
      owner: fc.constantFrom("alice@example.com", "bob@example.com"),
      worked: fc.option(fc.integer({ min: 0, max: 24 * 60 }), { nil: null }),
      column: fc.boolean(),
    }),
    { minLength: 1, maxLength: 25 },
  ),
});

describe("extra minutes by intervals equal the minute-by-minute rule (SPEC §4.6)", () => {
  it("on random work across clock changes, weekends, bank holidays and closure days", () => {
    fc.assert(
      fc.property(caseArb, ({ base, hours, extraHolidays, alerts: specs }) => {
        const alerts: Alert[] = [];
        const worked: WorkedEntry[] = [];
        specs.forEach((s, i) => {
          const a = alert(base + s.offset, {
            id: `p${String(i).padStart(3, "0")}`,
            owner: s.owner,
            workedMinutes: s.column ? s.worked : null,
          });
          alerts.push(a);
          if (!s.column && s.worked !== null)
            worked.push({ alertId: a.id, person: null, minutes: s.worked, source: "flag" });
        });
        const r = run(alerts, worked, supportCalendar(hours, extraHolidays));
        const expected = referenceExtra(r.claims, supportCalendar(hours, extraHolidays));
        for (const c of r.claims) expect([c.id, c.extraMinutes]).toEqual([c.id, expected.get(c.id)]);
      }),
      { numRuns: 300 },
    );
  });

  it("counts out-of-hours minutes of any stretch as the per-minute test does", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...STRETCHES),
        calendarArb,
        fc.integer({ min: 0, max: SPAN / MINUTE }),
        fc.integer({ min: 0, max: 3 * 24 * 60 }),
        fc.subarray(["2026-12-24", "2026-10-23", "2026-03-27"]),
        (base, hours, from, length, extra) => {
          const cal = supportCalendar(hours, extra);
          const m0 = Math.floor(base / MINUTE) + from;
          let expected = 0;
          for (let m = m0; m < m0 + length; m++) if (cal.isOutOfHours(m * MINUTE)) expected++;
          expect(cal.outOfHoursMinutes(m0, m0 + length)).toBe(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("extra minutes are not computed minute by minute", () => {
  it("a day's work on each of 300 windows asks the calendar a handful of questions per window", () => {
    const alerts: Alert[] = [];
    const worked: WorkedEntry[] = [];
    for (let i = 0; i < 300; i++) {
      const a = alert(at("2026-11-07 02:00") + i * 90 * MINUTE, { id: `w${String(i).padStart(3, "0")}` });
      alerts.push(a);
      worked.push({ alertId: a.id, person: null, minutes: 24 * 60, source: "flag" });
    }
    const cal = calendar();
    let questions = 0;
    const isOutOfHours = cal.isOutOfHours.bind(cal);
    cal.isOutOfHours = (ms: number) => {
      questions++;
      return isOutOfHours(ms);
    };
    const r = run(alerts, worked, cal);
    expect(r.claims.length).toBeGreaterThan(100);
    // the per-minute loop asked 1,380 questions for each window with 24 h worked
    expect(questions).toBeLessThan(alerts.length * 3);
    // windows 90 minutes apart with a day's work each: after the first, only the new 90 minutes
    // at the end are extra, less what falls in support hours
    expect(r.claims[0]!.extraMinutes).toBe(23 * 60);
  });
});
