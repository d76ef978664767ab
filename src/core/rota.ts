import { usageError } from "../errors";
import { addDays, type Weekday, weekdayNumber, weekdayOnOrBefore } from "./calendar";
import { parseHHMM, type Zone } from "./zone";

const DAY = 86_400_000;
const WEEK = 7 * DAY;

export interface RotaLine {
  id: string;
  name?: string | undefined;
  start: string;
  weeksPerTurn: number;
  members: string[];
}

export interface RotaOverride {
  line: string;
  person: string;
  from: string;
  to: string;
  reason?: string | undefined;
}

export interface RotaConfig {
  handover: { day: Weekday; time: string };
  lines: RotaLine[];
  overrides: RotaOverride[];
}

/** Two overrides of one line that share [from, to): `later` (in the file) holds it, for `person`. */
export interface OverrideOverlap {
  line: string;
  earlier: number;
  later: number;
  person: string;
  from: number;
  to: number;
}

/** A stretch of time one person (or nobody) holds a line. */
export interface Shift {
  line: string;
  person: string | null;
  start: number;
  end: number;
  override: boolean;
  reason: string | null;
}

/**
 * A local date-time from the config or the command line: "YYYY-MM-DDTHH:MM[:SS]" read in the
 * zone (the first occurrence in the repeated autumn hour), or with an offset or Z as given.
 */
export function parseLocalDateTime(text: string, zone: Zone): number | null {
  const m = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?(Z|[+-]\d{2}:?\d{2})?$/i.exec(
    text.trim(),
  );
  if (!m) return null;
  const [, date, hh = "00", mm = "00", ss = "00", offset] = m;
  if (Number.isNaN(Date.parse(`${date}T00:00:00Z`))) return null;
  if (Number(hh) > 23 || Number(mm) > 59 || Number(ss) > 59) return null;
  if (offset) {
    const ms = Date.parse(`${date}T${hh}:${mm}:${ss}${offset.toUpperCase() === "Z" ? "Z" : offset}`);
    return Number.isNaN(ms) ? null : ms;
  }
  return zone.instant(date!, Number(hh) * 60 + Number(mm)) + Number(ss) * 1000;
}

/** Whether a local date-time without an offset falls in the hour the autumn change repeats. */
export function isAmbiguousLocal(text: string, zone: Zone): boolean {
  if (/(Z|[+-]\d{2}:?\d{2})$/i.test(text.trim())) return false;
  const first = parseLocalDateTime(text, zone);
  if (first === null) return false;
  // The same wall time an hour later is the second occurrence when the offset dropped by an hour.
  const later = first + 3_600_000;
  return (
    zone.offsetMinutes(first) - zone.offsetMinutes(later) === 60 && zone.hhmm(later) === zone.hhmm(first)
  );
}

/**
 * Who is on call (SPEC §2 rota): a rota week runs from handover to handover in local time, so a
 * handover stays at 10:00 on both sides of a clock change; each line rotates its members every
 * `weeksPerTurn` weeks from its `start`; nobody is on before `start`; overrides replace the
 * line's person for [from, to).
 */
export class Rota {
  private readonly handoverMinute: number;
  private readonly handoverWeekday: number;
  private readonly overrides: {
    /** its place in the config's list: where two overlap, the later one holds the line */
    index: number;
    line: string;
    person: string;
    from: number;
    to: number;
    reason: string | null;
  }[];

  constructor(
    readonly config: RotaConfig,
    readonly zone: Zone,
  ) {
    this.handoverMinute = parseHHMM(config.handover.time);
    this.handoverWeekday = weekdayNumber(config.handover.day);
    this.overrides = config.overrides.flatMap((o, index) => {
      const from = parseLocalDateTime(o.from, zone);
      const to = parseLocalDateTime(o.to, zone);
      return from === null || to === null || to <= from
        ? []
        : [{ index, line: o.line, person: o.person, from, to, reason: o.reason ?? null }];
    });
  }

  get lines(): RotaLine[] {
    return this.config.lines;
  }

  line(id: string): RotaLine | undefined {
    return this.config.lines.find((l) => l.id === id);
  }

  /** The handover instant on a local date. */
  handoverOn(date: string): number {
    return this.zone.instant(date, this.handoverMinute);
  }

  /** The rota week containing an instant: [handover, next handover). */
  weekAt(ms: number): { start: number; end: number } {
    let date = weekdayOnOrBefore(this.zone.dateOf(ms), this.handoverWeekday);
    let start = this.handoverOn(date);
    if (start > ms) {
      date = addDays(date, -7);
      start = this.handoverOn(date);
    }
    return { start, end: this.handoverOn(addDays(date, 7)) };
  }

  /** The handover `n` weeks after the handover at `start` (local days, so clock changes don't drift it). */
  handoverWeeksAfter(start: number, n: number): number {
    return this.handoverOn(addDays(this.zone.dateOf(start), 7 * n));
  }

  /** `--week DATE`: the week containing 12:00 local on DATE (on a handover day, the one starting then). */
  weekOfDate(date: string): { start: number; end: number } {
    return this.weekAt(this.zone.instant(date, 12 * 60));
  }

  /**
   * Every shift of a line in [from, to), split where an override begins or ends; nobody's gaps
   * included. Made of the line's cached weeks: pieces of one turn or override join up again.
   */
  lineShifts(lineId: string, from: number, to: number): Shift[] {
    const weeks = this.weeksOfLine(lineId);
    if (!weeks)
      throw usageError(`unknown line "${lineId}"`, `lines: ${this.lines.map((l) => l.id).join(", ")}`);
    const out: Shift[] = [];
    let previousSource = "";
    for (let k = this.weekIndex(weeks, from); this.startOf(weeks, k) < to; k++) {
      for (const p of this.piecesOf(weeks, k)) {
        if (p.end <= from) continue;
        if (p.start >= to) break;
        const start = Math.max(p.start, from);
        const end = Math.min(p.end, to);
        const prev = out[out.length - 1];
        if (prev && prev.end === start && p.source === previousSource) prev.end = end;
        else out.push(shiftOf(lineId, p, start, end));
        previousSource = p.source;
      }
    }
    return out;
  }

  /**
   * Pairs of overrides on one line whose times overlap, by their places in the config, with the
   * stretch they share; the later one holds the line for it. At most `limit` pairs: a hostile file
   * has n²/2 of them (overlapCount says how many in all).
   */
  overlappingOverrides(limit = Number.POSITIVE_INFINITY): OverrideOverlap[] {
    const sorted = this.overridesByLineAndStart();
    const out: OverrideOverlap[] = [];
    for (let i = 0; i < sorted.length && out.length < limit; i++) {
      const a = sorted[i]!;
      for (let j = i + 1; j < sorted.length && out.length < limit; j++) {
        const b = sorted[j]!;
        if (b.line !== a.line || b.from >= a.to) break;
        const [earlier, later] = a.index < b.index ? [a, b] : [b, a];
        out.push({
          line: a.line,
          earlier: earlier.index,
          later: later.index,
          person: later.person,
          from: b.from,
          to: Math.min(a.to, b.to),
        });
      }
    }
    return out.sort((x, y) => x.later - y.later || x.earlier - y.earlier);
  }

  /** How many pairs of overrides overlap, counted (by binary search) without listing them. */
  overlapCount(): number {
    const sorted = this.overridesByLineAndStart();
    let count = 0;
    for (let i = 0; i < sorted.length; i++) {
      const a = sorted[i]!;
      // the first j after i on another line or starting at or after a's end
      let lo = i + 1;
      let hi = sorted.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        const b = sorted[mid]!;
        if (b.line === a.line && b.from < a.to) lo = mid + 1;
        else hi = mid;
      }
      count += lo - i - 1;
    }
    return count;
  }

  private overridesByLineAndStart() {
    return [...this.overrides].sort((a, b) =>
      a.line === b.line ? a.from - b.from : a.line < b.line ? -1 : 1,
    );
  }

  /** All lines' shifts with someone on them in [from, to), in time order per line. */
  shifts(from: number, to: number, lineIds?: string[]): Shift[] {
    return (lineIds ?? this.lines.map((l) => l.id)).flatMap((id) =>
      this.lineShifts(id, from, to).filter((s) => s.person !== null),
    );
  }

  /**
   * Who holds each line at an instant, and from when until when: the piece of its rota week that
   * holds the instant, joined with the weeks either side while the same turn or override goes on.
   * Nobody's time before a line's start runs until the start or the first override, and begins
   * where the week asked about does (it has no beginning to find).
   */
  at(ms: number): Shift[] {
    return this.lines.map((l) => {
      const weeks = this.weeksOfLine(l.id)!;
      const k = this.weekIndex(weeks, ms);
      const list = this.piecesOf(weeks, k);
      const i = list.findIndex((p) => p.start <= ms && ms < p.end);
      const p = list[i]!;
      let start = p.start;
      let end = p.end;
      if (p.source === BEFORE) {
        end = Math.min(weeks.first, this.nextOverrideStart(weeks, ms));
      } else if (p.person !== null) {
        for (let j = k, at = i; at === 0; j--) {
          const before = this.piecesOf(weeks, j - 1);
          const q = before[before.length - 1]!;
          if (q.source !== p.source) break;
          start = q.start;
          at = before.length - 1;
        }
        for (let j = k, at = i; at === this.piecesOf(weeks, j).length - 1; j++) {
          const q = this.piecesOf(weeks, j + 1)[0]!;
          if (q.source !== p.source) break;
          end = q.end;
          at = 0;
        }
      }
      return shiftOf(l.id, p, start, end);
    });
  }

  /**
   * The person on a line at an instant, or null: O(1) amortised, as it is asked once per alert.
   */
  personOn(lineId: string, ms: number): string | null {
    const weeks = this.weeksOfLine(lineId);
    if (!weeks) return null;
    // Alerts are read in time order, so most fall in the piece the last one did: a line's pieces
    // never overlap, and the week's lookups (three or four Map reads) are skipped.
    const last = weeks.last;
    if (last !== null && last.start <= ms && ms < last.end) return last.person;
    for (const p of this.piecesOf(weeks, this.weekIndex(weeks, ms))) {
      if (p.start <= ms && ms < p.end) {
        weeks.last = p;
        return p.person;
      }
    }
    return null;
  }

  /**
   * What lookups have cost so far: rota weeks computed and the overrides those looked at. Counted
   * so that tests can show a lookup's cost does not grow with the rota's age or overrides.
   */
  readonly work = { weeks: 0, overrides: 0 };

  private byLine: Map<string, Rota["overrides"]> | null = null;

  /** A line's overrides, indexed once. */
  private overridesOf(lineId: string): Rota["overrides"] {
    if (this.byLine === null) {
      this.byLine = new Map();
      for (const o of this.overrides) {
        const list = this.byLine.get(o.line);
        if (list) list.push(o);
        else this.byLine.set(o.line, [o]);
      }
    }
    return this.byLine.get(lineId) ?? [];
  }

  private readonly weeks = new Map<string, LineWeeks>();

  /**
   * A line's time cut into its rota weeks: from its start's handover, 7 local days apart, so a week
   * boundary stays at the handover time across clock changes. Turns are whole weeks, so a week has
   * one base person; each week's pieces, overrides included, are computed once and kept.
   */
  private weeksOfLine(lineId: string): LineWeeks | undefined {
    let weeks = this.weeks.get(lineId);
    if (weeks) return weeks;
    const line = this.line(lineId);
    if (!line) return undefined;
    weeks = {
      line,
      first: this.handoverOn(line.start),
      starts: new Map(),
      pieces: new Map(),
      overrides: null,
      froms: null,
      last: null,
    };
    this.weeks.set(lineId, weeks);
    return weeks;
  }

  private startOf(weeks: LineWeeks, k: number): number {
    let start = weeks.starts.get(k);
    if (start === undefined) {
      start = k === 0 ? weeks.first : this.handoverOn(addDays(weeks.line.start, 7 * k));
      weeks.starts.set(k, start);
    }
    return start;
  }

  /** The week holding an instant: by arithmetic, off by one at most (a clock change moves a boundary an hour). */
  private weekIndex(weeks: LineWeeks, ms: number): number {
    let k = Math.floor((ms - weeks.first) / WEEK);
    while (ms < this.startOf(weeks, k)) k--;
    while (ms >= this.startOf(weeks, k + 1)) k++;
    return k;
  }

  /** The overrides of a line overlapping its week k; the line's overrides are put in weeks once. */
  private overridesInWeek(weeks: LineWeeks, k: number): Rota["overrides"] {
    if (weeks.overrides === null) {
      weeks.overrides = new Map();
      for (const o of this.overridesOf(weeks.line.id)) {
        const last = this.weekIndex(weeks, o.to - 1);
        for (let j = this.weekIndex(weeks, o.from); j <= last; j++) {
          const list = weeks.overrides.get(j);
          if (list) list.push(o);
          else weeks.overrides.set(j, [o]);
        }
      }
    }
    return weeks.overrides.get(k) ?? [];
  }

  /** The earliest start of a line's override after an instant (binary search), else +∞. */
  private nextOverrideStart(weeks: LineWeeks, ms: number): number {
    weeks.froms ??= this.overridesOf(weeks.line.id)
      .map((o) => o.from)
      .sort((a, b) => a - b);
    const froms = weeks.froms;
    let lo = 0;
    let hi = froms.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (froms[mid]! > ms) hi = mid;
      else lo = mid + 1;
    }
    return lo < froms.length ? froms[lo]! : Number.POSITIVE_INFINITY;
  }

  /** Week k of a line in pieces, each with who holds it and what from (turn, override, nobody). */
  private piecesOf(weeks: LineWeeks, k: number): Piece[] {
    const cached = weeks.pieces.get(k);
    if (cached) return cached;
    this.work.weeks++;
    const { line } = weeks;
    const from = this.startOf(weeks, k);
    const to = this.startOf(weeks, k + 1);
    const turn = Math.floor(k / line.weeksPerTurn);
    const base: Piece =
      k < 0
        ? { person: null, start: from, end: to, override: false, reason: null, source: BEFORE }
        : {
            person: line.members.length === 0 ? null : line.members[turn % line.members.length]!,
            start: from,
            end: to,
            override: false,
            reason: null,
            source: `t${turn}`,
          };
    const overrides = this.overridesInWeek(weeks, k);
    this.work.overrides += overrides.length;
    if (overrides.length === 0) {
      weeks.pieces.set(k, [base]);
      return [base];
    }
    const cuts = new Set<number>([from, to]);
    for (const o of overrides) {
      if (o.from > from) cuts.add(o.from);
      if (o.to < to) cuts.add(o.to);
    }
    const points = [...cuts].sort((a, b) => a - b);
    // One sweep in time order (overrides by start), so the work grows with the pieces and the
    // overrides holding each, not with their product.
    const byStart = [...overrides].sort((a, b) => a.from - b.from);
    let next = 0;
    let active: typeof overrides = [];
    const out: Piece[] = [];
    for (let i = 0; i + 1 < points.length; i++) {
      const start = points[i]!;
      const end = points[i + 1]!;
      while (next < byStart.length && byStart[next]!.from <= start) active.push(byStart[next++]!);
      if (active.some((x) => x.to < end)) active = active.filter((x) => x.to >= end);
      // Cover inside a swap: the override later in the file wins where two overlap.
      let o: (typeof overrides)[number] | undefined;
      for (const x of active) if (o === undefined || x.index > o.index) o = x;
      const source = o ? `o${o.index}` : base.source;
      const prev = out[out.length - 1];
      if (prev && prev.source === source) prev.end = end;
      else
        out.push(
          o
            ? { person: o.person, start, end, override: true, reason: o.reason, source }
            : { ...base, start, end },
        );
    }
    weeks.pieces.set(k, out);
    return out;
  }
}

/** Where a piece of a line's time comes from; pieces from the same source join up across weeks. */
const BEFORE = "before";

/** A piece of a line's week: "before" the line's start, "t<turn>" a base turn, "o<index>" an override. */
type Piece = Omit<Shift, "line"> & { source: string };

interface LineWeeks {
  line: RotaLine;
  first: number;
  starts: Map<number, number>;
  pieces: Map<number, Piece[]>;
  /** the line's overrides by the weeks they overlap, built on first use */
  overrides: Map<number, Rota["overrides"]> | null;
  /** the line's override starts in order, built on first use */
  froms: number[] | null;
  /** the piece personOn found last */
  last: Piece | null;
}

function shiftOf(line: string, p: Piece, start: number, end: number): Shift {
  return {
    line,
    person: p.person,
    start,
    end,
    override: p.override,
    reason: p.reason,
  };
}

/**
 * A person's shifts from `from` to `to`, in time order: their next on call. shifts() clips at
 * `from`; the one in progress then keeps its real start.
 */
export function upcomingShifts(rota: Rota, person: string, from: number, to: number): Shift[] {
  return rota
    .shifts(from, to)
    .filter((s) => s.person === person)
    .sort((a, b) => a.start - b.start)
    .map((s) => {
      if (s.start > from) return s;
      const current = rota.at(from).find((x) => x.line === s.line && x.person === person);
      return current ? { ...s, start: current.start } : s;
    });
}
