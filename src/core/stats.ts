/**
 * Out-of-hours statistics (SPEC §11): an aggregate over what the TOIL pipeline already decided —
 * each alert's outcome, the windows and how they were decided, the claims' days — so the numbers
 * agree with `toil calc`. Pure: the zone, the calendar's out-of-hours test and the buckets come in.
 */
import type { Alert } from "./alert";
import { dateOfDay, dayNumber, weekdayOfDay } from "./calendar";
import type { Decision, Outcome } from "./toil";
import type { Zone } from "./zone";

const DAY = 86_400_000;
const NOON = 12 * 60;
/** Nights counted back from the end of the period for "woken nights lately" (SPEC §11: 4 weeks). */
const RECENT_NIGHTS = 28;
const NOISIEST = 10;
/** Messages folded once each: a log has few distinct messages, a million alerts share them. */
const FOLD_CACHE = 50_000;

/** A stretch of time a period row covers: [from, to). */
export interface Span {
  key: string;
  label: string;
  from: number;
  to: number;
}

/** The period row an instant falls in. */
export type Buckets = (ms: number) => Span;

export interface StatsInput {
  alerts: readonly Alert[];
  outcomes: readonly Outcome[];
  /** 1 where the alert at the same index was escalated */
  escalated: ArrayLike<number>;
  decisions: readonly Decision[];
  /** each claim's days by its window (person and start), as toClaims made it */
  daysOf(decision: Decision): number;
  isOutOfHours(ms: number): boolean;
  zone: Zone;
  /** [from, to), either end open */
  period: { from: number | null; to: number | null } | null;
  buckets: Buckets;
  /** some log has ack times / priorities: without, those figures are null, not zero */
  ackTimes: boolean;
  priorities: boolean;
  /** --person: only alerts and windows credited to them */
  person: string | null;
}

export interface PeriodRow {
  key: string;
  label: string;
  from: number;
  to: number;
  alerts: number;
  outOfHoursAlerts: number;
  outOfHoursWindows: number;
  wokenWindows: number;
  toilDays: number;
  escalatedAlerts: number;
  ackMedianSeconds: number | null;
  ackP90Seconds: number | null;
  nights: number;
  wokenNights: number;
  /** wokenNights / nights, or null for a row of no nights */
  wokenNightsShare: number | null;
}

export interface PersonStats {
  person: string;
  windows: number;
  wokenWindows: number;
  /** distinct nights with a woken window among the last 28 of the period */
  wokenNightsRecent: number;
  longestWokenRun: number;
  toilDays: number;
}

export interface NoisySource {
  source: string;
  /** what the source is: an alias, or a message with its numbers and ids folded */
  by: "alias" | "message";
  count: number;
  refires: number;
  days: number;
  /** out-of-hours pages below P2 (P3–P5); null when no log has priorities */
  lowPriorityOutOfHours: number | null;
}

export interface Stats {
  periods: PeriodRow[];
  people: PersonStats[];
  /** out-of-hours alerts by local weekday (Monday first) and hour */
  grid: number[][];
  /** escalated alerts by local hour of creation */
  escalationsByHour: number[];
  noisiest: NoisySource[];
  /** the first and last nights the figures cover (local dates), or null with no data */
  nights: { first: string; last: string } | null;
}

interface Acc extends Omit<PeriodRow, "ackMedianSeconds" | "ackP90Seconds" | "wokenNightsShare"> {
  acks: number[];
}

/** Folds what varies between re-fires of one problem: ids and numbers ("disk 91% on db-2" ≈ "disk 95% on db-1"). */
export function foldMessage(message: string): string {
  return message
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, "<id>")
    .replace(/\b(?=[0-9a-z]*\d)(?=[0-9a-z]*[a-z])[0-9a-z]{8,}\b/gi, "<id>")
    .replace(/\d+(?:[.,]\d+)*/g, "#")
    .replace(/\s+/g, " ")
    .trim();
}

/** The nearest-rank percentile of sorted values (p in (0, 1]). */
export function nearestRank(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(1, Math.ceil(p * sorted.length)) - 1]!;
}

/** The night an instant belongs to: 12:00 on D to 12:00 on D + 1, as D's day number. */
export function nightOf(ms: number, zone: Zone): number {
  const local = zone.local(ms);
  const day = Math.floor(local / DAY);
  return Math.floor((local - day * DAY) / 60_000) < NOON ? day - 1 : day;
}

/** Calendar months, local time. */
export function monthBuckets(zone: Zone): Buckets {
  return cachedByDay(zone, (day) => {
    const month = dateOfDay(day).slice(0, 7);
    const [y, m] = month.split("-").map(Number) as [number, number];
    const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, "0")}`;
    return { key: month, label: month, from: zone.instant(`${month}-01`), to: zone.instant(`${next}-01`) };
  });
}

/** ISO weeks (Monday to Monday) in local time, labelled 2026-W45. */
export function isoWeekBuckets(zone: Zone): Buckets {
  return cachedByDay(zone, (day) => {
    const monday = day - (weekdayOfDay(day) - 1);
    const thursday = dateOfDay(monday + 3);
    const year = Number(thursday.slice(0, 4));
    const week = Math.floor((monday + 3 - dayNumber(`${year}-01-01`)) / 7) + 1;
    const key = `${year}-W${String(week).padStart(2, "0")}`;
    return {
      key,
      label: key,
      from: zone.instant(dateOfDay(monday)),
      to: zone.instant(dateOfDay(monday + 7)),
    };
  });
}

/** Rota weeks, handover to handover. */
export function rotaWeekBuckets(weekAt: (ms: number) => { start: number; end: number }, zone: Zone): Buckets {
  let last: Span | undefined;
  return (ms) => {
    if (last && ms >= last.from && ms < last.to) return last;
    const w = weekAt(ms);
    const date = zone.dateOf(w.start);
    last = { key: date, label: `week from ${date}`, from: w.start, to: w.end };
    return last;
  };
}

/** One row for the whole period (`--by person`: the people are the rows that matter). */
export function wholeBucket(label: string, from: number, to: number): Buckets {
  const span = { key: label, label, from, to };
  return () => span;
}

function cachedByDay(zone: Zone, make: (day: number) => Span): Buckets {
  const byDay = new Map<number, Span>();
  return (ms) => {
    const day = Math.floor(zone.local(ms) / DAY);
    let s = byDay.get(day);
    if (s === undefined) {
      s = make(day);
      byDay.set(day, s);
    }
    return s;
  };
}

/** Every figure of SPEC §11 that the logs and decisions give (rota hours and pay are added beside). */
export function computeStats(input: StatsInput): Stats {
  const { alerts, outcomes, zone, period, person } = input;
  const from = period?.from ?? Number.NEGATIVE_INFINITY;
  const to = period?.to ?? Number.POSITIVE_INFINITY;
  const rows = new Map<string, Acc>();
  const row = (ms: number): Acc => {
    const span = input.buckets(ms);
    let r = rows.get(span.key);
    if (r === undefined) {
      r = {
        ...span,
        alerts: 0,
        outOfHoursAlerts: 0,
        outOfHoursWindows: 0,
        wokenWindows: 0,
        toilDays: 0,
        escalatedAlerts: 0,
        acks: [],
        nights: 0,
        wokenNights: 0,
      };
      rows.set(span.key, r);
    }
    return r;
  };
  const grid = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  const escalationsByHour = new Array<number>(24).fill(0);
  // Aliases and folded messages apart, each keyed by its own text: no key string made per alert.
  const byAlias = new Map<string, NoisySource>();
  const byMessage = new Map<string, NoisySource>();
  const folded = new Map<string, string>();
  const source = (map: Map<string, NoisySource>, text: string, by: NoisySource["by"]): NoisySource => {
    let s = map.get(text);
    if (s === undefined) {
      s = {
        source: text,
        by,
        count: 0,
        refires: 0,
        days: 0,
        lowPriorityOutOfHours: input.priorities ? 0 : null,
      };
      map.set(text, s);
    }
    return s;
  };
  const sourceOf = (a: Alert): NoisySource => {
    if (a.alias !== null && a.alias !== "" && a.alias !== a.id) return source(byAlias, a.alias, "alias");
    let f = folded.get(a.message);
    if (f === undefined) {
      f = foldMessage(a.message);
      if (folded.size < FOLD_CACHE) folded.set(a.message, f);
    }
    return source(byMessage, f, "message");
  };

  // The first instant and the last night the figures have data in (an open period's nights)
  let firstAt = Number.POSITIVE_INFINITY;
  let lastNight = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < alerts.length; i++) {
    const a = alerts[i]!;
    const at = a.createdAt;
    if (at < from || at >= to) continue;
    const r = row(at);
    const local = zone.local(at);
    const day = Math.floor(local / DAY);
    const hour = Math.floor((local - day * DAY) / 3_600_000);
    // Escalations and times to acknowledge are the team's, with --person too: one person's would
    // be the league table the policy rules out (SPEC §11).
    if (input.escalated[i]) {
      r.escalatedAlerts++;
      escalationsByHour[hour]!++;
    }
    if (input.ackTimes && a.ackAt !== null && a.ackAt >= at) r.acks.push(Math.round((a.ackAt - at) / 1000));
    // With --person, the alerts credited to nobody or to others are not theirs to count.
    if (person !== null && (outcomes[i] === "other-person" || outcomes[i] === "unattributed")) continue;
    if (at < firstAt) firstAt = at;
    const night = nightOf(at, zone);
    if (night > lastNight) lastNight = night;
    r.alerts++;
    const source = sourceOf(a);
    source.count++;
    if (a.count != null && a.count > 1) source.refires += a.count - 1;
    const ooh = outcomes[i] === "claimable" || (outcomes[i] !== "in-hours" && input.isOutOfHours(at));
    if (ooh) {
      r.outOfHoursAlerts++;
      grid[weekdayOfDay(day) - 1]![hour]!++;
      if (source.lowPriorityOutOfHours !== null && isBelowP2(a.priority)) source.lowPriorityOutOfHours++;
    }
  }

  const perPerson = new Map<string, { stats: PersonStats; woken: Set<number> }>();
  const wokenNightsAll = new Set<number>();
  for (const d of input.decisions) {
    const start = d.window.start;
    if (start < from || start >= to) continue;
    const days = input.daysOf(d);
    const r = row(start);
    r.outOfHoursWindows++;
    r.toilDays += days;
    // A window's days are caused by the alert that opened it: the page that woke someone.
    sourceOf(d.window.items[0]!.alert).days += days;
    let p = perPerson.get(d.person);
    if (p === undefined) {
      p = {
        stats: {
          person: d.person,
          windows: 0,
          wokenWindows: 0,
          wokenNightsRecent: 0,
          longestWokenRun: 0,
          toilDays: 0,
        },
        woken: new Set(),
      };
      perPerson.set(d.person, p);
    }
    p.stats.windows++;
    p.stats.toilDays += days;
    const night = nightOf(start, zone);
    if (start < firstAt) firstAt = start;
    if (night > lastNight) lastNight = night;
    if (d.kind === "woken") {
      r.wokenWindows++;
      p.stats.wokenWindows++;
      p.woken.add(night);
      wokenNightsAll.add(night);
    }
  }

  // The nights a row covers: those whose noon falls in it, within the period, or within the data
  // when the period is open at that end: from the night of its first alert — unless that night
  // began in an earlier row (an export that starts at 00:25 on the 1st: the night of the 31st),
  // which then starts at the night of the first alert's day, as a period's first night is that of
  // its first day: no row, on-call hours or pay of the month before.
  let openFrom = Number.POSITIVE_INFINITY;
  if (Number.isFinite(firstAt)) {
    const night = nightOf(firstAt, zone);
    openFrom =
      input.buckets(zone.instant(dateOfDay(night), NOON)).key === input.buckets(firstAt).key
        ? night
        : Math.floor(zone.local(firstAt) / DAY);
  }
  const nightsFrom = period?.from != null ? dayNumber(zone.dateOf(period.from)) : openFrom;
  const nightsTo = period?.to != null ? nightOf(period.to - 1, zone) : lastNight;
  const hasNights = Number.isFinite(nightsFrom) && Number.isFinite(nightsTo) && nightsTo >= nightsFrom;
  if (hasNights) {
    for (let n = nightsFrom; n <= nightsTo; n++) {
      const r = row(zone.instant(dateOfDay(n), NOON));
      r.nights++;
      if (wokenNightsAll.has(n)) r.wokenNights++;
    }
  }

  const people = [...perPerson.values()].map(({ stats, woken }) => {
    const recentFrom = nightsTo - RECENT_NIGHTS + 1;
    let recent = 0;
    let longest = 0;
    for (const n of woken) {
      // only the nights the figures cover (a woken night before the period's first is not its)
      if (!hasNights || n < nightsFrom || n > nightsTo) continue;
      if (n >= recentFrom) recent++;
      // a run is counted from its first night only
      if (n - 1 >= nightsFrom && woken.has(n - 1)) continue;
      let len = 1;
      while (n + len <= nightsTo && woken.has(n + len)) len++;
      if (len > longest) longest = len;
    }
    return {
      ...stats,
      toilDays: round4(stats.toilDays),
      wokenNightsRecent: recent,
      longestWokenRun: longest,
    };
  });
  people.sort((a, b) => (a.person < b.person ? -1 : a.person > b.person ? 1 : 0));

  const periods = [...rows.values()]
    .sort((a, b) => a.from - b.from)
    .map(({ acks, ...r }) => {
      const sorted = acks.sort((x, y) => x - y);
      return {
        ...r,
        toilDays: round4(r.toilDays),
        ackMedianSeconds: input.ackTimes ? nearestRank(sorted, 0.5) : null,
        ackP90Seconds: input.ackTimes ? nearestRank(sorted, 0.9) : null,
        wokenNightsShare: r.nights === 0 ? null : round4(r.wokenNights / r.nights),
      };
    });
  const noisiest = [...byAlias.values(), ...byMessage.values()]
    .sort((a, b) => b.count - a.count || b.days - a.days || (a.source < b.source ? -1 : 1))
    .slice(0, NOISIEST)
    .map((s) => ({ ...s, days: round4(s.days) }));
  return {
    periods,
    people,
    grid,
    escalationsByHour,
    noisiest,
    nights: hasNights ? { first: dateOfDay(nightsFrom), last: dateOfDay(nightsTo) } : null,
  };
}

function isBelowP2(priority: string | null): boolean {
  return priority === "P3" || priority === "P4" || priority === "P5";
}

const round4 = (n: number) => Math.round(n * 10_000) / 10_000;
