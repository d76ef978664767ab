import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Rota, type RotaConfig, type Shift } from "../../src/core/rota";
import type { Zone } from "../../src/core/zone";
import { london } from "../helpers";

const WEEK = 7 * 86_400_000;

/** The lookup as it was before the week cache: shifts around the instant, widened until whole. */
function referencePersonOn(rota: Rota, lineId: string, ms: number): string | null {
  const line = rota.line(lineId)!;
  let span = line.weeksPerTurn * WEEK + WEEK;
  let found: Shift | undefined;
  for (let tries = 0; tries < 8; tries++, span *= 2) {
    found = rota.lineShifts(lineId, ms - span, ms + span).find((s) => s.start <= ms && ms < s.end);
    if (!found || (found.start > ms - span && found.end < ms + span)) break;
  }
  return found?.person ?? null;
}

const DAY = 86_400_000;
const BASE = Date.parse("2026-01-07T00:00:00Z"); // a Wednesday
const people = ["alice", "bob", "carol", "dave"];
const local = (ms: number, zone: Zone) => `${zone.dateOf(ms)}T${zone.hhmm(ms)}`;

const rotaArb = fc.record({
  lines: fc.array(
    fc.record({
      startWeeks: fc.integer({ min: 0, max: 60 }),
      weeksPerTurn: fc.integer({ min: 1, max: 3 }),
      members: fc.array(fc.constantFrom(...people), { minLength: 1, maxLength: 4 }),
    }),
    { minLength: 1, maxLength: 2 },
  ),
  overrides: fc.array(
    fc.record({
      line: fc.integer({ min: 0, max: 1 }),
      person: fc.constantFrom(...people),
      fromHours: fc.integer({ min: -24 * 30, max: 24 * 7 * 110 }),
      lengthHours: fc.integer({ min: 1, max: 24 * 20 }),
    }),
    { maxLength: 12 },
  ),
  handover: fc.constantFrom("01:30", "10:00", "00:00", "23:30"),
  // instants over two years, so that every spring and autumn clock change is crossed
  probes: fc.array(fc.integer({ min: -60 * DAY, max: 800 * DAY }), { minLength: 1, maxLength: 40 }),
});

describe("personOn (week cache) agrees with the reference lookup", () => {
  it("on random rotas with overrides across clock changes", () => {
    fc.assert(
      fc.property(rotaArb, (r) => {
        const zone = london;
        const config: RotaConfig = {
          handover: { day: "wed", time: r.handover },
          lines: r.lines.map((l, i) => ({
            id: `line-${i}`,
            start: zone.dateOf(BASE + l.startWeeks * WEEK + DAY / 2),
            weeksPerTurn: l.weeksPerTurn,
            members: l.members,
          })),
          overrides: r.overrides
            .filter((o) => o.line < r.lines.length)
            .map((o) => {
              const from = BASE + o.fromHours * 3_600_000;
              return {
                line: `line-${o.line}`,
                person: o.person,
                from: local(from, zone),
                to: local(from + o.lengthHours * 3_600_000, zone),
              };
            }),
        };
        const fast = new Rota(config, zone);
        const slow = new Rota(config, zone);
        for (const p of r.probes) {
          const ms = BASE + p;
          for (const l of config.lines) {
            expect(fast.personOn(l.id, ms)).toBe(referencePersonOn(slow, l.id, ms));
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it("exactly at handovers on both sides of each clock change", () => {
    const config: RotaConfig = {
      handover: { day: "sun", time: "01:30" },
      lines: [{ id: "l", start: "2026-03-01", weeksPerTurn: 1, members: ["alice", "bob", "carol"] }],
      overrides: [{ line: "l", person: "dave", from: "2026-03-29T00:30", to: "2026-03-29T03:00" }],
    };
    const fast = new Rota(config, london);
    for (const date of ["2026-03-29", "2026-10-25", "2026-03-22", "2026-11-01"]) {
      const h = fast.handoverOn(date);
      for (const d of [-60_001, -1, 0, 1, 3_600_000]) {
        expect(fast.personOn("l", h + d)).toBe(referencePersonOn(new Rota(config, london), "l", h + d));
      }
    }
  });

  it("costs one week's computation per week, not per lookup", () => {
    const config: RotaConfig = {
      handover: { day: "wed", time: "10:00" },
      lines: [{ id: "l", start: "2026-01-07", weeksPerTurn: 1, members: ["alice", "bob"] }],
      overrides: [],
    };
    const rota = new Rota(config, london);
    let computed = 0;
    const lineShifts = rota.lineShifts.bind(rota);
    rota.lineShifts = (...a: Parameters<Rota["lineShifts"]>) => {
      computed++;
      return lineShifts(...a);
    };
    // 10,000 alerts a second apart, from just before the line's start: two weeks touched
    const from = Date.parse("2026-01-06T02:14:00Z");
    for (let i = 0; i < 10_000; i++) rota.personOn("l", from + i * 1000);
    expect(computed).toBeLessThanOrEqual(2);
  });
});
