import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Alert } from "../../src/core/alert";
import { groupIntoWindows } from "../../src/core/windows";
import { alert, calc } from "../helpers";

const START = Date.parse("2026-10-20T00:00:00Z"); // a fortnight across the autumn clock change
const SPAN = 14 * 86_400_000;
const owners = ["alice@example.com", "bob@example.com", "zed@example.com"];

const alertsArb = fc
  .array(
    fc.record({
      offset: fc.integer({ min: 0, max: SPAN }),
      owner: fc.constantFrom(...owners),
      dup: fc.boolean(),
    }),
    { maxLength: 60 },
  )
  .map((specs) => {
    const out: Alert[] = [];
    specs.forEach((s, i) => {
      const a = alert(START + s.offset, { id: `a${String(i).padStart(3, "0")}`, owner: s.owner });
      out.push(a);
      // same instant, another id: exercises the tie order
      if (s.dup) out.push(alert(START + s.offset, { id: `b${String(i).padStart(3, "0")}`, owner: s.owner }));
    });
    return out;
  });

describe("windowing properties (SPEC §4.4)", () => {
  it("every attributed out-of-hours alert is in exactly one claim, and nothing is lost", () => {
    fc.assert(
      fc.property(alertsArb, (alerts) => {
        const r = calc(alerts);
        const inClaims = r.claims.flatMap((c) => c.alerts.map((a) => a.id));
        expect(new Set(inClaims).size).toBe(inClaims.length);
        const skipped = r.skipped.map((s) => s.id);
        expect([...inClaims, ...skipped].sort()).toEqual(alerts.map((a) => a.id).sort());
        for (const s of r.skipped) expect(s.reason).toBe("in-hours");
      }),
    );
  });

  it("a person's windows start at least windowMinutes apart and hold only alerts inside them", () => {
    fc.assert(
      fc.property(alertsArb, fc.integer({ min: 1, max: 180 }), (alerts, minutes) => {
        const r = calc(alerts, { rules: { windowMinutes: minutes } });
        for (const person of new Set(r.claims.map((c) => c.person))) {
          const starts = r.claims.filter((c) => c.person === person).map((c) => Date.parse(c.start));
          for (let i = 1; i < starts.length; i++)
            expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(minutes * 60_000);
        }
        for (const c of r.claims) {
          for (const a of c.alerts) {
            expect(Date.parse(a.createdAt)).toBeGreaterThanOrEqual(Date.parse(c.start));
            expect(Date.parse(a.createdAt)).toBeLessThan(Date.parse(c.end));
          }
        }
      }),
    );
  });

  it("the result does not depend on the order alerts are read in", () => {
    // The same alerts, and a permutation of them that fast-check shrinks along with them.
    const readOrders = alertsArb.chain((alerts) =>
      fc.tuple(
        fc.constant(alerts),
        fc.shuffledSubarray(alerts, { minLength: alerts.length, maxLength: alerts.length }),
      ),
    );
    const key = (r: ReturnType<typeof calc>) => ({
      claims: r.claims,
      totals: r.totals,
      skipped: [...r.skipped].sort((a, b) => (a.id < b.id ? -1 : 1)),
    });
    let reordered = 0;
    fc.assert(
      fc.property(readOrders, ([alerts, shuffled]) => {
        expect(shuffled.map((a) => a.id).sort()).toEqual(alerts.map((a) => a.id).sort());
        if (shuffled.some((a, i) => a !== alerts[i])) reordered++;
        expect(key(calc(shuffled))).toEqual(key(calc(alerts)));
      }),
    );
    // the property is only worth something if the input order really changed
    expect(reordered).toBeGreaterThan(50);
  });

  it("totals equal the sum of the claims", () => {
    fc.assert(
      fc.property(alertsArb, (alerts) => {
        const r = calc(alerts);
        const sum = r.claims.reduce((s, c) => s + c.days, 0);
        expect(r.totals.days).toBeCloseTo(sum, 9);
        expect(r.totals.claims).toBe(r.claims.length);
        expect(r.totals.byPerson.reduce((s, p) => s + p.days, 0)).toBeCloseTo(sum, 9);
        for (const c of r.claims) expect(c.hours).toBeCloseTo(c.days * 7, 9);
      }),
    );
  });

  it("groupIntoWindows: each item opens or joins exactly one window", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10_000_000 }), { maxLength: 100 }), (times) => {
        const items = times.map((t, i) => ({ at: t, id: String(i) }));
        const ws = groupIntoWindows(items, 60);
        expect(ws.flatMap((w) => w.items)).toHaveLength(items.length);
        for (const w of ws) expect(w.end - w.start).toBe(3_600_000);
      }),
    );
  });
});
