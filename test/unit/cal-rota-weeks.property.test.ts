import fc from "fast-check";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { Rota, type RotaConfig, type RotaLine, type Shift } from "../../src/core/rota";
import { london } from "../helpers";

const DAY = 86_400_000;
const WEEK = 7 * DAY;
const BASE = Date.UTC(2026, 0, 7); // Wednesday 7 January 2026
const people = ["alice", "bob", "carol", "dave"];

/** An instant as an override's text: UTC with Z, so that reading it back takes no zone rules. */
const utc = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;

/** A shift with what it comes from: "before" the line's start, "t<turn>" or "o<override>". */
type RefPiece = Omit<Shift, "line"> & { source: string };

/**
 * The rota straight from its definition (SPEC §2), with luxon for the calendar: the handover of
 * week k is k weeks of local days after the line's start; the later override in the file holds
 * the line; nobody before the start.
 */
class Reference {
  constructor(
    readonly config: RotaConfig,
    readonly instants: { from: number; to: number }[],
  ) {}

  private readonly starts = new Map<string, number>();

  weekStart(line: RotaLine, k: number): number {
    const key = `${line.id} ${k}`;
    let start = this.starts.get(key);
    if (start === undefined) {
      const [hour, minute] = this.config.handover.time.split(":").map(Number) as [number, number];
      start = DateTime.fromISO(line.start, { zone: "Europe/London" })
        .plus({ days: 7 * k })
        .set({ hour, minute })
        .toMillis();
      this.starts.set(key, start);
    }
    return start;
  }

  week(line: RotaLine, ms: number): number {
    let k = Math.floor((ms - this.weekStart(line, 0)) / WEEK);
    while (ms < this.weekStart(line, k)) k--;
    while (ms >= this.weekStart(line, k + 1)) k++;
    return k;
  }

  state(line: RotaLine, ms: number): Omit<RefPiece, "start" | "end"> {
    for (let i = this.config.overrides.length - 1; i >= 0; i--) {
      const o = this.config.overrides[i]!;
      const t = this.instants[i]!;
      if (o.line === line.id && t.from <= ms && ms < t.to)
        return { person: o.person, override: true, reason: o.reason ?? null, source: `o${i}` };
    }
    const k = this.week(line, ms);
    if (k < 0) return { person: null, override: false, reason: null, source: "before" };
    const turn = Math.floor(k / line.weeksPerTurn);
    return {
      person: line.members[turn % line.members.length]!,
      override: false,
      reason: null,
      source: `t${turn}`,
    };
  }

  lineShifts(lineId: string, from: number, to: number): RefPiece[] {
    const line = this.config.lines.find((l) => l.id === lineId)!;
    const cuts = new Set([from, to]);
    this.config.overrides.forEach((o, i) => {
      if (o.line !== lineId) return;
      for (const t of [this.instants[i]!.from, this.instants[i]!.to]) if (t > from && t < to) cuts.add(t);
    });
    for (let k = this.week(line, from) + 1; this.weekStart(line, k) < to; k++)
      cuts.add(this.weekStart(line, k));
    const points = [...cuts].sort((a, b) => a - b);
    const out: RefPiece[] = [];
    for (let i = 0; i + 1 < points.length; i++) {
      const s = this.state(line, points[i]!);
      const prev = out[out.length - 1];
      if (prev && prev.source === s.source) prev.end = points[i + 1]!;
      else out.push({ ...s, start: points[i]!, end: points[i + 1]! });
    }
    return out;
  }
}

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
  return { config, reference: new Reference(config, overrides) };
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
