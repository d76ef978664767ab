import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Rota, type RotaConfig } from "../../src/core/rota";
import { london } from "../helpers";
import { type RefPiece, RotaReference } from "../support/rota-reference";

const DAY = 86_400_000;
const WEEK = 7 * DAY;
const BASE = Date.UTC(2026, 0, 7); // Wednesday 7 January 2026
const people = ["alice", "bob", "carol", "dave"];

/** An instant as an override's text: UTC with Z, so that reading it back takes no zone rules. */
const utc = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;

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
      fromMinutes: fc.integer({ min: -60 * 24 * 30, max: 60 * 24 * 7 * 110 }),
      lengthMinutes: fc.integer({ min: 1, max: 60 * 24 * 7 * 30 }),
      reason: fc.option(fc.constantFrom("swap", "cover"), { nil: undefined }),
    }),
    { maxLength: 12 },
  ),
  handover: fc.constantFrom("01:30", "10:00", "00:00", "23:30"),
  probes: fc.array(fc.integer({ min: -60 * DAY, max: 800 * DAY }), { minLength: 1, maxLength: 12 }),
  span: fc.integer({ min: 1, max: 120 * DAY }),
});

function build(r: typeof rotaArb extends fc.Arbitrary<infer T> ? T : never) {
  const overrides = r.overrides
    .filter((o) => o.line < r.lines.length)
    .map((o) => ({
      ...o,
      from: BASE + o.fromMinutes * 60_000,
      to: BASE + (o.fromMinutes + o.lengthMinutes) * 60_000,
    }));
  const config: RotaConfig = {
    handover: { day: "wed", time: r.handover },
    lines: r.lines.map((l, i) => ({
      id: `line-${i}`,
      start: new Date(BASE + l.startWeeks * WEEK).toISOString().slice(0, 10),
      weeksPerTurn: l.weeksPerTurn,
      members: l.members,
    })),
    overrides: overrides.map((o) => ({
      line: `line-${o.line}`,
      person: o.person,
      from: utc(o.from),
      to: utc(o.to),
      ...(o.reason ? { reason: o.reason } : {}),
    })),
  };
  return { config, reference: new RotaReference(config, overrides) };
}

const strip = ({ source: _s, ...shift }: RefPiece) => shift;

describe("the rota's week cache agrees with the rota computed straight from its definition", () => {
  it("lineShifts over any stretch, across clock changes, turns of several weeks and overlapping overrides", () => {
    fc.assert(
      fc.property(rotaArb, (r) => {
        const { config, reference } = build(r);
        const rota = new Rota(config, london);
        for (const p of r.probes) {
          for (const l of config.lines) {
            const got = rota.lineShifts(l.id, BASE + p, BASE + p + r.span);
            const want = reference.lineShifts(l.id, BASE + p, BASE + p + r.span).map(strip);
            expect(got).toEqual(want.map((s) => ({ line: l.id, ...s })));
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it("at() and personOn(): the whole shift holding an instant", () => {
    fc.assert(
      fc.property(rotaArb, (r) => {
        const { config, reference } = build(r);
        const rota = new Rota(config, london);
        for (const p of r.probes) {
          const ms = BASE + p;
          const got = rota.at(ms);
          config.lines.forEach((l, i) => {
            const around = reference.lineShifts(l.id, ms - 40 * WEEK, ms + 90 * WEEK);
            const want = around.find((s) => s.start <= ms && ms < s.end)!;
            expect(rota.personOn(l.id, ms)).toBe(want.person);
            const shift = got[i]!;
            expect([shift.line, shift.person, shift.override, shift.reason, shift.end]).toEqual([
              l.id,
              want.person,
              want.override,
              want.reason,
              want.end,
            ]);
            // nobody's time before a line's start has no beginning to find
            if (want.source !== "before") expect(shift.start).toBe(want.start);
          });
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe("a lookup costs the same whatever the rota's age and number of overrides", () => {
  const lookups = (rota: Rota) => {
    const from = Date.UTC(2026, 10, 16, 3, 17);
    for (let i = 0; i < 10_000; i++) rota.personOn("first", from + i * 120_000);
    for (let i = 0; i < 100; i++) rota.at(from + i * 3 * 3_600_000);
    rota.shifts(from, from + 4 * WEEK);
    return { ...rota.work };
  };
  const line = (start: string) => ({
    id: "first",
    start,
    weeksPerTurn: 1,
    members: ["alice", "bob", "carol"],
  });

  it("a rota started in 2000 with 1,000 overrides does the work of one started this year without any", () => {
    const overrides = Array.from({ length: 1000 }, (_, i) => {
      const from = Date.UTC(2000, 0, 10) + i * 9 * DAY;
      return { line: "first", person: people[i % 4]!, from: utc(from), to: utc(from + DAY) };
    });
    const old = new Rota(
      { handover: { day: "wed", time: "10:00" }, lines: [line("2000-01-05")], overrides },
      london,
    );
    const fresh = new Rota(
      { handover: { day: "wed", time: "10:00" }, lines: [line("2026-01-07")], overrides: [] },
      london,
    );
    const work = lookups(fresh);
    expect(work.weeks).toBeLessThanOrEqual(8);
    expect(lookups(old)).toEqual(work);
  });

  it("an override in the weeks asked about is looked at once per week it touches, not once per lookup", () => {
    const overrides = [{ line: "first", person: "dave", from: "2026-11-20T09:00", to: "2026-11-24T09:00" }];
    const rota = new Rota(
      { handover: { day: "wed", time: "10:00" }, lines: [line("2000-01-05")], overrides },
      london,
    );
    expect(lookups(rota).overrides).toBe(1);
    expect(rota.personOn("first", Date.parse("2026-11-21T12:00:00Z"))).toBe("dave");
  });
});
