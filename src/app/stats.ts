/**
 * `alerts stats` (SPEC §11): the TOIL pipeline run as `toil calc` runs it — the same attribution,
 * out-of-hours test, windows and decisions — with its stages aggregated (core/stats) and the rota's
 * on-call hours beside them. Stats never infer worked time: only answers and log columns give it.
 */
import { readJournal } from "../adapters/journal";
import type { Alert } from "../core/alert";
import { answersForWindows, foldJournal } from "../core/answers";
import { firstOfNextMonth } from "../core/calendar";
import type { Diagnostics } from "../core/diagnostics";
import { upcomingShifts } from "../core/rota";
import { onCallHours, payPeriod } from "../core/rota-hours";
import {
  type Buckets,
  computeStats,
  isoWeekBuckets,
  monthBuckets,
  type NoisySource,
  type PeriodRow,
  type PersonStats,
  rotaWeekBuckets,
  wholeBucket,
} from "../core/stats";
import { answersOf, claimId, type Period } from "../core/toil";
import { isoUtc } from "../core/zone";
import { type PipelineStages, type Team, toilPipeline } from "./toil";

export const STATS_BY = ["month", "week", "rota-week", "person"] as const;
export type StatsBy = (typeof STATS_BY)[number];

export interface StatsRequest {
  files: readonly string[];
  team: Team;
  io: Parameters<typeof toilPipeline>[0]["io"];
  signals?: Parameters<typeof toilPipeline>[0]["signals"];
  person: string | null;
  period: Period | null;
  by: StatsBy;
  /** journal exports (`toil journal --json`) whose answers apply */
  answers: readonly string[];
  rate: number | null;
  /** on-call hours over the rota's pay period of --month rather than the calendar month */
  payPeriod: { month: string } | null;
  /** claimed days per person, from a claims file: claimed against computed */
  claimed: ReadonlyMap<string, number> | null;
  now: number;
}

export interface StatsPerson extends PersonStats {
  name: string;
  shiftHours: number | null;
  outOfHoursHours: number | null;
  pay: number | null;
  nextShift: { line: string; start: string; end: string } | null;
  claimedDays: number | null;
}

export interface StatsDoc {
  schemaVersion: 1;
  timezone: string;
  period: { from: string | null; to: string | null; label: string } | null;
  by: StatsBy;
  nights: { first: string; last: string } | null;
  hours: { from: string; to: string; payPeriod: "calendar-month" | "handover-month" } | null;
  rate: number | null;
  periods: (Omit<PeriodRow, "from" | "to"> & { from: string; to: string })[];
  people: StatsPerson[];
  grid: number[][];
  escalationsByHour: number[];
  noisiest: NoisySource[];
  warnings: string[];
}

const YEAR = 366 * 86_400_000;

export async function alertStats(req: StatsRequest, diag: Diagnostics): Promise<StatsDoc> {
  const { team } = req;
  const { zone, rota } = team;
  const kept = foldJournal(req.answers.flatMap((f) => readJournal(f, "answers", (w) => diag.warn(w))));
  let stages: PipelineStages | undefined;
  const result = await toilPipeline(
    {
      files: req.files,
      team,
      io: req.io,
      signals: req.signals,
      person: req.person,
      period: req.period,
      lenient: false,
      inferWorked: false,
      answers: (ctx) => {
        const j = answersForWindows(kept, ctx.windows, zone, diag);
        return answersOf(j.marks, j.worked);
      },
      observe: (s) => {
        stages = s;
      },
    },
    diag,
  );
  const { classification, decisions, calendar, logs, read } = stages!;
  const days = new Map(result.claims.map((c) => [c.id, c.days]));
  const span = dataSpan(classification.alerts, req.period);
  const buckets: Buckets =
    req.by === "month"
      ? monthBuckets(zone)
      : req.by === "week"
        ? isoWeekBuckets(zone)
        : req.by === "rota-week"
          ? rotaWeekBuckets((ms) => rota.weekAt(ms), zone)
          : wholeBucket(req.period?.label ?? "all", span?.from ?? 0, span?.to ?? 0);
  const stats = computeStats({
    alerts: classification.alerts,
    outcomes: classification.outcomes,
    escalated: classification.escalated,
    decisions,
    daysOf: (d) => days.get(claimId(d.person, d.window.start)) ?? 0,
    isOutOfHours: (ms) => calendar.isOutOfHours(ms),
    zone,
    period: req.period,
    buckets,
    ackTimes: logs.some((l) => l.fields.has("ackTime")),
    priorities: logs.some((l) => l.fields.has("priority")),
    person: req.person,
  });

  // On-call hours over the same period: the calendar months the figures cover, or --pay-period's.
  let hours: StatsDoc["hours"] = null;
  const perPerson = new Map<string, { shiftHours: number; outOfHoursHours: number }>();
  if (rota.lines.length > 0) {
    const kind = req.payPeriod ? (team.config.rota?.payPeriod ?? "handover-month") : "calendar-month";
    const range = req.payPeriod
      ? payPeriod(rota, req.payPeriod.month, kind)
      : // no whole night of their own (--person with no alerts): the months of every row read
        hoursRange(req.period, stats.nights ?? spanDates(span ?? read, zone), zone);
    if (range !== null) {
      const years = new Set<number>();
      for (let y = new Date(range.from).getUTCFullYear() - 1; y <= new Date(range.to).getUTCFullYear(); y++)
        years.add(y);
      const hoursCalendar = await team.calendar(years);
      for (const p of onCallHours(rota, hoursCalendar, range.from, range.to).people)
        perPerson.set(p.person, p);
      hours = { from: isoUtc(range.from), to: isoUtc(range.to), payPeriod: kind };
    }
  }
  const ids = new Set([...stats.people.map((p) => p.person), ...perPerson.keys()]);
  if (req.person !== null) for (const id of [...ids]) if (id !== req.person) ids.delete(id);
  const byId = new Map(stats.people.map((p) => [p.person, p]));
  const people: StatsPerson[] = [...ids].sort().map((id) => {
    const s = byId.get(id) ?? {
      person: id,
      windows: 0,
      wokenWindows: 0,
      wokenNightsRecent: 0,
      longestWokenRun: 0,
      toilDays: 0,
    };
    const h = perPerson.get(id);
    const next = rota.lines.length > 0 ? upcomingShifts(rota, id, req.now, req.now + YEAR)[0] : undefined;
    return {
      ...s,
      name: team.people.get(id)?.name ?? id,
      shiftHours: hours === null ? null : (h?.shiftHours ?? 0),
      outOfHoursHours: hours === null ? null : (h?.outOfHoursHours ?? 0),
      pay:
        hours === null || req.rate === null
          ? null
          : Math.round((h?.outOfHoursHours ?? 0) * req.rate * 100) / 100,
      nextShift: next ? { line: next.line, start: isoUtc(next.start), end: isoUtc(next.end) } : null,
      claimedDays: req.claimed === null ? null : (req.claimed.get(id) ?? 0),
    };
  });

  return {
    schemaVersion: 1,
    timezone: zone.name,
    period: result.period,
    by: req.by,
    nights: stats.nights,
    hours,
    rate: req.rate,
    periods: stats.periods.map((p) => ({ ...p, from: isoUtc(p.from), to: isoUtc(p.to) })),
    people,
    grid: stats.grid,
    escalationsByHour: stats.escalationsByHour,
    noisiest: stats.noisiest,
    warnings: result.warnings,
  };
}

/** The instants the alerts span, within the period: what `--by person`'s one row covers. */
function dataSpan(alerts: readonly Alert[], period: Period | null): { from: number; to: number } | null {
  let from = Number.POSITIVE_INFINITY;
  let to = Number.NEGATIVE_INFINITY;
  for (const a of alerts) {
    if (a.createdAt < from) from = a.createdAt;
    if (a.createdAt > to) to = a.createdAt;
  }
  if (period?.from != null) from = period.from;
  if (period?.to != null) to = period.to;
  return Number.isFinite(from) && Number.isFinite(to)
    ? { from, to: to + (period?.to != null ? 0 : 1) }
    : null;
}

/**
 * The local dates of the alerts' span, for the hours when the figures cover no whole night (every
 * alert in the small hours of the first day after a month's end).
 */
function spanDates(
  span: { from: number; to: number } | null,
  zone: Team["zone"],
): { first: string; last: string } | null {
  return span === null ? null : { first: zone.dateOf(span.from), last: zone.dateOf(span.to - 1) };
}

/** Calendar months: the period itself, or the whole months of the nights the figures cover. */
function hoursRange(
  period: Period | null,
  nights: { first: string; last: string } | null,
  zone: Team["zone"],
): { from: number; to: number } | null {
  if (period?.from != null && period.to != null) return { from: period.from, to: period.to };
  if (nights === null) return null;
  const from = period?.from ?? zone.instant(`${nights.first.slice(0, 7)}-01`);
  const to = period?.to ?? zone.instant(firstOfNextMonth(nights.last.slice(0, 7)));
  return from < to ? { from, to } : null;
}
