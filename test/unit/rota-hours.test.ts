import { describe, expect, it } from "vitest";
import { Rota } from "../../src/core/rota";
import { onCallHours, payPeriod } from "../../src/core/rota-hours";
import { calendar, london } from "../helpers";

const rota = new Rota(
  {
    handover: { day: "wed", time: "10:00" },
    lines: [
      { id: "first-line", start: "2026-01-07", weeksPerTurn: 1, members: ["alice", "bob"] },
      { id: "second-line", start: "2026-01-07", weeksPerTurn: 1, members: ["alice", "dave"] },
    ],
    overrides: [],
  },
  london,
);
const iso = (ms: number) => new Date(ms).toISOString();

describe("rota hours", () => {
  it("pay periods: handover-month from the month's first handover; calendar-month from the 1st", () => {
    const h = payPeriod(rota, "2026-11", "handover-month");
    expect([iso(h.from), iso(h.to)]).toEqual(["2026-11-04T10:00:00.000Z", "2026-12-02T10:00:00.000Z"]);
    const c = payPeriod(rota, "2026-11", "calendar-month");
    expect([iso(c.from), iso(c.to)]).toEqual(["2026-11-01T00:00:00.000Z", "2026-12-01T00:00:00.000Z"]);
    // July 2026: 1 July is a Wednesday, so the first handover is that day (10:00 BST)
    expect(iso(payPeriod(rota, "2026-07", "handover-month").from)).toBe("2026-07-01T09:00:00.000Z");
  });

  it("a week of on-call: 168 hours, of which 128 out of hours (5 days × 8 in-hours hours)", () => {
    const from = Date.parse("2026-11-04T10:00:00Z"); // week 43: alice first line, dave second
    const to = Date.parse("2026-11-11T10:00:00Z");
    const r = onCallHours(rota, calendar(), from, to);
    expect(r.rows).toEqual([
      { person: "bob", line: "first-line", shiftHours: 168, outOfHoursHours: 128 },
      { person: "dave", line: "second-line", shiftHours: 168, outOfHoursHours: 128 },
    ]);
  });

  it("a person on two lines at once is paid for those hours once", () => {
    const from = Date.parse("2026-11-11T10:00:00Z"); // week 44: alice on both lines
    const to = Date.parse("2026-11-18T10:00:00Z");
    const r = onCallHours(rota, calendar(), from, to);
    expect(r.rows.map((x) => [x.person, x.line, x.shiftHours])).toEqual([
      ["alice", "first-line", 168],
      ["alice", "second-line", 168],
    ]);
    expect(r.people).toEqual([{ person: "alice", shiftHours: 168, outOfHoursHours: 128 }]);
  });

  it("a bank holiday is out of hours all day: the week of 25 Dec 2026", () => {
    const from = Date.parse("2026-12-23T10:00:00Z");
    const to = Date.parse("2026-12-30T10:00:00Z");
    // Wed 23 (8h→ 10:00–18:00 in hours = 8), Thu 24 (8), Fri 25 holiday, Mon 28 substitute holiday, Tue 29 (8), Wed 30 until 10:00 (0)
    const r = onCallHours(rota, calendar(), from, to);
    expect(r.people[0]!.outOfHoursHours).toBe(168 - 24);
  });
});
