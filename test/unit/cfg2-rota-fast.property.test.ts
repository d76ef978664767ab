import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Rota, type RotaConfig } from "../../src/core/rota";
import type { Zone } from "../../src/core/zone";
import { london } from "../helpers";
import { localInstant, RotaReference } from "../support/rota-reference";

const WEEK = 7 * 86_400_000;

/**
 * The rota straight from its definition, with luxon for the calendar and the overrides' local
 * times: nothing of the code under test (its week cache, lineShifts or Zone) is used.
 */
function reference(config: RotaConfig): RotaReference {
  return new RotaReference(
    config,
    config.overrides.map((o) => ({ from: localInstant(o.from), to: localInstant(o.to) })),
  );
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

describe("personOn (week cache) agrees with the rota computed straight from its definition", () => {
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
        const ref = reference(config);
        for (const p of r.probes) {
          const ms = BASE + p;
          for (const l of config.lines) {
            expect(fast.personOn(l.id, ms)).toBe(ref.personOn(l.id, ms));
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
    const ref = reference(config);
    for (const date of ["2026-03-29", "2026-10-25", "2026-03-22", "2026-11-01"]) {
      const h = fast.handoverOn(date);
      for (const d of [-60_001, -1, 0, 1, 3_600_000]) {
        expect(fast.personOn("l", h + d)).toBe(ref.personOn("l", h + d));
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
