import { usageError } from "../errors";
import { WEEKDAYS, type Weekday } from "./support-hours";
import { parseHHMM, Zone } from "./zone";

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
    this.handoverWeekday = WEEKDAYS.indexOf(config.handover.day) + 1;
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

  /** The local date of the handover day on or before a local date. */
  private handoverDateOnOrBefore(date: string): string {
    const weekday = ((new Date(`${date}T12:00:00Z`).getUTCDay() + 6) % 7) + 1;
    return addDays(date, -((weekday - this.handoverWeekday + 7) % 7));
  }

  /** The rota week containing an instant: [handover, next handover). */
  weekAt(ms: number): { start: number; end: number } {
    let date = this.handoverDateOnOrBefore(this.zone.dateOf(ms));
    let start = this.handoverOn(date);
    if (start > ms) {
      date = addDays(date, -7);
      start = this.handoverOn(date);
    }
    return { start, end: this.handoverOn(addDays(date, 7)) };
  }

  /** `--week DATE`: the week containing 12:00 local on DATE (on a handover day, the one starting then). */
  weekOfDate(date: string): { start: number; end: number } {
    return this.weekAt(this.zone.instant(date, 12 * 60));
  }

  /** The line's base turns overlapping [from, to), and nobody before its start. */
  private turns(line: RotaLine, from: number, to: number): Shift[] {
    const out: Shift[] = [];
    const first = this.handoverOn(line.start);
    if (from < first)
      out.push({
        line: line.id,
        person: null,
        start: from,
        end: Math.min(first, to),
        override: false,
        reason: null,
      });
    if (to <= first || line.members.length === 0) return out;
    const turnWeeks = line.weeksPerTurn;
    // Start from the turn containing `from` (found on the calendar, so clock changes don't drift).
    let turn = Math.max(0, Math.floor((Math.max(from, first) - first) / (turnWeeks * WEEK)) - 1);
    for (;;) {
      const start = this.handoverOn(addDays(line.start, turn * turnWeeks * 7));
      const end = this.handoverOn(addDays(line.start, (turn + 1) * turnWeeks * 7));
      if (start >= to) break;
      if (end > from) {
        out.push({
          line: line.id,
          person: line.members[turn % line.members.length]!,
          start: Math.max(start, from),
          end: Math.min(end, to),
          override: false,
          reason: null,
        });
      }
      turn++;
    }
    return out;
  }

  /** Every shift of a line in [from, to), split where an override begins or ends; nobody's gaps included. */
  lineShifts(lineId: string, from: number, to: number): Shift[] {
    const line = this.line(lineId);
    if (!line)
      throw usageError(`unknown line "${lineId}"`, `lines: ${this.lines.map((l) => l.id).join(", ")}`);
    const base = this.turns(line, from, to);
    const overrides = this.overridesOf(lineId).filter((o) => o.from < to && o.to > from);
    if (overrides.length === 0) return base;
    const cuts = new Set<number>([from, to]);
    for (const s of base) cuts.add(s.start).add(s.end);
    for (const o of overrides) {
      if (o.from > from) cuts.add(o.from);
      if (o.to < to) cuts.add(o.to);
    }
    const points = [...cuts].filter((p) => p >= from && p <= to).sort((a, b) => a - b);
    // One sweep in time order (base turns are in order and back to back; overrides by start), so
    // the work grows with the pieces and the overrides holding each, not with their product.
    const byStart = [...overrides].sort((a, b) => a.from - b.from);
    let next = 0;
    let active: typeof overrides = [];
    let bi = 0;
    const out: Shift[] = [];
    let previousSource: unknown;
    for (let i = 0; i + 1 < points.length; i++) {
      const start = points[i]!;
      const end = points[i + 1]!;
      while (next < byStart.length && byStart[next]!.from <= start) active.push(byStart[next++]!);
      if (active.some((x) => x.to < end)) active = active.filter((x) => x.to >= end);
      // Cover inside a swap: the override later in the file wins where two overlap.
      let o: (typeof overrides)[number] | undefined;
      for (const x of active) if (o === undefined || x.index > o.index) o = x;
      while (bi < base.length && base[bi]!.end < end) bi++;
      const candidate = base[bi];
      const b = candidate && candidate.start <= start && candidate.end >= end ? candidate : undefined;
      const source = o ?? b ?? null; // pieces of the same turn or override join up again
      const prev = out[out.length - 1];
      if (prev && prev.end === start && source === previousSource) {
        prev.end = end;
      } else {
        out.push(
          o
            ? { line: lineId, person: o.person, start, end, override: true, reason: o.reason }
            : { line: lineId, person: b?.person ?? null, start, end, override: false, reason: null },
        );
      }
      previousSource = source;
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

  /** Who holds each line at an instant, and from when until when. */
  at(ms: number): Shift[] {
    const base = Math.max(...this.lines.map((l) => l.weeksPerTurn), 1) * WEEK + WEEK;
    return this.lines.map((l) => {
      // Look far enough either side that the shift holding `ms` is not cut by the window (a long
      // override, or nobody on the line for months before its start): widen until it is not.
      let span = base;
      let found: Shift | undefined;
      for (let tries = 0; tries < 8; tries++, span *= 2) {
        found = this.lineShifts(l.id, ms - span, ms + span).find((s) => s.start <= ms && ms < s.end);
        if (!found || (found.start > ms - span && found.end < ms + span)) break;
      }
      return (
        found ?? {
          line: l.id,
          person: null,
          start: ms,
          end: ms,
          override: false,
          reason: null,
        }
      );
    });
  }

  /**
   * The person on a line at an instant, or null: O(1) amortised, as it is asked once per alert.
   * Time is cut into the line's rota weeks (from its start's handover, 7 local days apart, so a
   * week boundary stays at the handover time across clock changes); each week's shifts, overrides
   * included, are computed once and kept.
   */
  personOn(lineId: string, ms: number): string | null {
    const line = this.line(lineId);
    if (!line) return null;
    const week = this.weekCache(line);
    // The week by arithmetic from the first handover; a clock change moves a boundary by an hour
    // at most, so the guess is off by one week at most.
    let k = Math.floor((ms - week.first) / WEEK);
    while (ms < week.startOf(k)) k--;
    while (ms >= week.startOf(k + 1)) k++;
    for (const s of week.shiftsOf(k)) if (s.start <= ms && ms < s.end) return s.person;
    return null;
  }

  private byLine: Map<string, Rota["overrides"]> | null = null;

  /** A line's overrides, indexed once: each week's shifts look only at their own line's. */
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

  private readonly weeks = new Map<
    string,
    { first: number; startOf(k: number): number; shiftsOf(k: number): Shift[] }
  >();

  private weekCache(line: RotaLine) {
    let cache = this.weeks.get(line.id);
    if (cache) return cache;
    const starts = new Map<number, number>();
    const shifts = new Map<number, Shift[]>();
    const startOf = (k: number): number => {
      let start = starts.get(k);
      if (start === undefined) {
        start = this.handoverOn(addDays(line.start, 7 * k));
        starts.set(k, start);
      }
      return start;
    };
    cache = {
      first: startOf(0),
      startOf,
      shiftsOf: (k: number): Shift[] => {
        let list = shifts.get(k);
        if (list === undefined) {
          list = this.lineShifts(line.id, startOf(k), startOf(k + 1));
          shifts.set(k, list);
        }
        return list;
      },
    };
    this.weeks.set(line.id, cache);
    return cache;
  }
}

/** The local date `n` days after a local date (YYYY-MM-DD). */
export const addDays = (date: string, n: number): string => Zone.addDays(date, n);
