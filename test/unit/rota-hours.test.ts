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

  it("a calendar month against hand-computed totals (November 2026: 720 hours)", () => {
    const p = payPeriod(rota, "2026-11", "calendar-month");
    const r = onCallHours(rota, calendar(), p.from, p.to);
    const first = r.rows.filter((x) => x.line === "first-line").map((x) => [x.person, x.shiftHours]);
    // alice: 1 Nov 00:00–4 Nov 10:00 (82 h), 11–18 Nov (168 h), 25 Nov 10:00–1 Dec 00:00 (134 h)
    expect(first).toEqual([
      ["alice", 384],
      ["bob", 336],
    ]);
    // bob's two whole weeks: 2 × (168 − 40 in-hours hours)
    expect(r.rows.find((x) => x.person === "bob")!.outOfHoursHours).toBe(256);
    // alice's out-of-hours: 82 h less Mon 2 and Tue 3 Nov 10–18 and Wed 4 Nov 10:00 (16 h) = 66;
    // 168 − 40 = 128; 134 h less Wed 25 (8), Thu 26 (8), Fri 27 (8), Mon 30 (8) = 102 → 296
    expect(r.rows.find((x) => x.person === "alice" && x.line === "first-line")!.outOfHoursHours).toBe(296);
  });
});
