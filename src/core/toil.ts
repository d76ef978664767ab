import { OncallError } from "../errors";
import {
  type Alert,
  alertLabel,
  alertSource,
  parsePriority,
  SKIP_REASONS,
  type Skipped,
  type SkipReason,
} from "./alert";
import type { Attribution, Attributor, Credit, Via } from "./attribution";
import { Diagnostics, type Notice } from "./diagnostics";
import { formatDuration } from "./duration";
import type { ClaimStatus, Withdrawn } from "./ledger";
import type { PeopleIndex } from "./people";
import { sha256Hex } from "./sha256";
import type { SupportCalendar } from "./support-hours";
import { groupIntoWindows, type Window } from "./windows";
import { isoUtc, parseHHMM, type Zone } from "./zone";

const MINUTE = 60_000;
/** The policy's "more than an hour fixing an alert": extra time starts after the first hour. */
const FIRST_HOUR_MINUTES = 60;
/** Why no time worked was inferred for a window whose alerts did close. */
type InferNotice = Extract<Notice, { code: "infer-too-long" | "infer-in-hours" }>;

/** An inferred time worked longer than this is a close the next day or later, not the work's end. */
const MAX_INFERRED_MINUTES = 12 * 60;

export type ExtraRounding = "quarter-hour" | "started-hour" | "whole-hour";

export interface ToilRules {
  windowMinutes: number;
  awakeDays: number;
  wokenDays: number;
  extraDaysPerHour: number;
  extraRounding: ExtraRounding;
  hoursPerDay: number;
  sleepHours: { start: string; end: string };
  backToSleepMinutes: number;
  attribution: Attribution;
  requireTags: string[];
  priorities: string[];
  teams: string[];
}

/** An explicit awake/woken mark on one alert, for every credited person or one of them. */
export interface Mark {
  alertId: string;
  person: string | null;
  woken: boolean;
  source: "flag" | "review";
}

export interface WorkedEntry {
  alertId: string;
  person: string | null;
  minutes: number;
  source: "flag" | "review";
}

/** A window its person said was not theirs to claim (slept through it, someone else handled it). */
export interface DeclinedEntry {
  alertId: string;
  person: string;
  reason: string;
  note: string | null;
}

export interface Period {
  /** inclusive instant, or null for open */
  from: number | null;
  /** exclusive instant, or null for open */
  to: number | null;
  label: string;
}

export interface ToilInput extends ClassifyInput {
  marks: readonly Mark[];
  worked: readonly WorkedEntry[];
  inferWorked: boolean;
  period: Period | null;
  /** public holidays' names by local date, where known, for the claims' reasons */
  holidayNames?: ReadonlyMap<string, string>;
  /** the team's closure days (extraHolidays) */
  closureDays?: ReadonlySet<string>;
}

export type Kind = "awake" | "woken";
export type KindSource = "mark" | "review" | "recently-awake" | "tag" | "sleep-hours";
export type WorkedSource = "flag" | "review" | "log-column" | "inferred";

export interface ClaimAlert {
  /** not serialised: when the log says the alert was closed */
  readonly closedAt?: number | null;
  id: string;
  tinyId: string | null;
  createdAt: string;
  message: string;
  priority: string | null;
  via: Via;
  escalated: boolean;
}

export interface Claim {
  id: string;
  person: string;
  name: string;
  date: string;
  start: string;
  end: string;
  kind: Kind;
  kindSource: KindSource;
  alerts: ClaimAlert[];
  workedMinutes: number | null;
  workedSource: WorkedSource | null;
  extraMinutes: number;
  baseDays: number;
  extraDays: number;
  days: number;
  hours: number;
  reason: string;
  /** against the ledger, when it was consulted (core/ledger, SPEC §9) */
  status?: ClaimStatus;
  submitted?: { days: number; at: string } | null;
  difference?: number;
  rulesChanged?: boolean;
  /** the holiday that put the window out of hours: "Christmas Day (bank holiday)" */
  holiday?: string;
  /** kindSource mark came from the log's woken column, not a flag (for the BreatheHR notes) */
  kindFromLog?: true;
  /** its kind or its work's end was guessed (sleep hours, recently awake, a tag, unknown work), not answered */
  guess: boolean;
}

/** A window with no claim because its person declined it (SPEC §9): listed, outside the totals. */
export interface DeclinedWindow {
  /** the id its claim would have had */
  id: string;
  person: string;
  name: string;
  date: string;
  start: string;
  end: string;
  status: "declined";
  /** why it is not claimed: "slept through", "someone else handled it" */
  reason: string;
  note: string | null;
  alerts: ClaimAlert[];
}

export interface PersonTotal {
  person: string;
  name: string;
  claims: number;
  alerts: number;
  days: number;
  hours: number;
  /** with the ledger: days of these claims already logged, and those left to log */
  submittedDays?: number;
  toClaimDays?: number;
}

export interface ToilResult {
  timezone: string;
  period: { from: string | null; to: string | null; label: string } | null;
  rules: Pick<
    ToilRules,
    | "windowMinutes"
    | "awakeDays"
    | "wokenDays"
    | "extraDaysPerHour"
    | "extraRounding"
    | "hoursPerDay"
    | "attribution"
  >;
  claims: Claim[];
  declined: DeclinedWindow[];
  totals: {
    claims: number;
    alerts: number;
    days: number;
    hours: number;
    submittedDays?: number;
    toClaimDays?: number;
    byPerson: PersonTotal[];
  };
  /** with the ledger: records whose alerts no longer make a claim of theirs (SPEC §9) */
  withdrawn?: Withdrawn[];
  /** with --new: how many submitted claims were left out */
  hiddenSubmitted?: number;
  skipped: Skipped[];
  skippedCounts: Record<SkipReason, number>;
  warnings: string[];
}

type CreditedAlert = Credit;

/** `c-` + the first 10 hex digits of SHA-256 of `<person>|<window start ISO UTC>` (SPEC §4.9). */
export function claimId(person: string, start: number): string {
  return `c-${sha256Hex(`${person}|${isoUtc(start)}`).slice(0, 10)}`;
}

/** Rounds counted extra minutes into days (SPEC §4.6). */
export function extraDaysFor(
  extraMinutes: number,
  rules: Pick<ToilRules, "extraRounding" | "extraDaysPerHour">,
) {
  if (extraMinutes <= 0) return 0;
  switch (rules.extraRounding) {
    case "quarter-hour":
      return (Math.ceil(extraMinutes / 15) * rules.extraDaysPerHour) / 4;
    case "started-hour":
      return Math.ceil(extraMinutes / 60) * rules.extraDaysPerHour;
    case "whole-hour":
      return Math.floor(extraMinutes / 60) * rules.extraDaysPerHour;
  }
}

/** Whether a local time of day falls within sleep hours [start, end), which may cross midnight. */
export function inSleepHours(minuteOfDay: number, sleep: { start: string; end: string }): boolean {
  const s = parseHHMM(sleep.start);
  const e = parseHHMM(sleep.end);
  return s <= e ? minuteOfDay >= s && minuteOfDay < e : minuteOfDay >= s || minuteOfDay < e;
}

function hasTag(alert: Alert, tag: string): boolean {
  return alert.tags?.some((t) => t.toLowerCase() === tag) ?? false;
}

function lowerSet(values: readonly string[]): Set<string> {
  return new Set(values.map((v) => v.toLowerCase()));
}

/** The configured filters (SPEC §4.2): the reason an alert is filtered out, or null. */
function filterReason(
  alert: Alert,
  rules: ToilRules,
): { reason: "priority" | "tag" | "team"; detail: string } | null {
  if (rules.priorities.length > 0) {
    const priority = alert.priority === null ? null : parsePriority(alert.priority);
    if (priority === null || !rules.priorities.some((p) => parsePriority(p) === priority)) {
      return {
        reason: "priority",
        detail: `priority ${alert.priority ?? "(none)"} is not one of ${rules.priorities.join(", ")}`,
      };
    }
  }
  for (const tag of rules.requireTags) {
    if (!hasTag(alert, tag.toLowerCase())) return { reason: "tag", detail: `no tag ${tag}` };
  }
  if (rules.teams.length > 0) {
    const wanted = lowerSet(rules.teams);
    if (!(alert.teams ?? []).some((t) => wanted.has(t.toLowerCase()))) {
      return {
        reason: "team",
        detail: `team ${alert.teams?.length ? alert.teams.join(", ") : "(none)"} is not one of ${rules.teams.join(", ")}`,
      };
    }
  }
  return null;
}

function round(n: number): number {
  return Math.round(n * 1e9) / 1e9;
}

/** The first stage's inputs: alerts as read, and who they may be credited to. */
export interface ClassifyInput {
  alerts: readonly Alert[];
  /** alerts already skipped while reading (duplicate, unreadable) */
  skipped: readonly Skipped[];
  /** other people's alerts already counted while reading */
  otherPersonCount: number;
  attributor: Attributor;
  people: PeopleIndex;
  rules: ToilRules;
  calendar: SupportCalendar;
  /** keep only this person's claims */
  person: string | null;
}

/** Whether an alert can make a claim ("claimable", when it joins a window), or why not. */
export type Outcome = "claimable" | "other-person" | Exclude<SkipReason, "other-person" | "out-of-period">;

/**
 * The alerts, each attributed once: what a statistics view aggregates (each alert's outcome),
 * what answers are checked against (who is credited), and what the windows are built from.
 * Per alert it keeps a pointer or two, not objects: a million alerts are classified at once.
 */
export interface Classification {
  /** the alerts classified, and each one's outcome at the same index */
  alerts: readonly Alert[];
  outcomes: readonly Outcome[];
  /** 1 where an alert was escalated to second line, at the same index (statistics count them) */
  escalated: Uint8Array;
  /** the credits that may make claims, per person */
  byPerson: Map<string, Credit[]>;
  skipped: Skipped[];
  /** each skipped entry's alert time (ms), at the same index; -Infinity for a row never read as an alert */
  skippedAt: number[];
  counts: Record<SkipReason, number>;
  /** the person a log's woken and worked columns apply to: the acknowledger, when credited (SPEC §4.7) */
  columnsFor: Map<string, string>;
  /** every person credited with an alert (each once, before --person narrows them), or why nobody is */
  credited(alert: Alert): string[] | string;
}

/** Stage 1: attribution once per alert, the configured filters, in hours or out (SPEC §4.2, §4.3). */
export function classify(input: ClassifyInput, diag: Diagnostics): Classification {
  const { rules, calendar, people, attributor } = input;
  const counts = Object.fromEntries(SKIP_REASONS.map((r) => [r, 0])) as Record<SkipReason, number>;
  const skipped: Skipped[] = [];
  const skippedAt: number[] = [];
  for (const s of input.skipped) {
    skipped.push(s);
    skippedAt.push(Number.NEGATIVE_INFINITY);
    counts[s.reason]++;
  }
  counts["other-person"] += input.otherPersonCount;
  const skip = (alert: Alert, reason: Skipped["reason"], detail: string) => {
    skipped.push({ alert: alertLabel(alert), id: alert.id, reason, detail });
    skippedAt.push(alert.createdAt);
    counts[reason]++;
  };

  const outcomes: Outcome[] = [];
  // a byte per alert (a million-row run's booleans as an array would be eight)
  const escalated = new Uint8Array(input.alerts.length);
  /** per alert: the one person credited, the several, or why nobody is (as the skipped entry says) */
  const who: (string | readonly string[] | { why: string })[] = [];
  const byPerson = new Map<string, Credit[]>();
  const columnsFor = new Map<string, string>();
  // made once, not a closure per alert: a million-row run classifies a million
  const record = (outcome: Outcome, result: string | readonly Credit[]) => {
    if (typeof result !== "string" && result.some((c) => c.escalated)) escalated[outcomes.length] = 1;
    outcomes.push(outcome);
    who.push(typeof result === "string" ? { why: result } : personsOf(result));
  };
  for (const alert of input.alerts) {
    const result = attributor.attribute(alert);
    if (typeof result === "string") {
      skip(alert, "unattributed", result);
      record("unattributed", result);
      continue;
    }
    if (alert.woken !== null || alert.workedMinutes !== null) {
      const acker =
        alert.acknowledgedBy === null
          ? null
          : (people.byUsername(alert.acknowledgedBy)?.id ?? alert.acknowledgedBy);
      if (acker !== null && result.some((c) => c.person === acker)) columnsFor.set(alert.id, acker);
    }
    let credits = result;
    if (input.person !== null && !(credits.length === 1 && credits[0]!.person === input.person)) {
      credits = credits.filter((c) => c.person === input.person);
      if (credits.length === 0) {
        counts["other-person"]++;
        record("other-person", result);
        continue;
      }
    }
    const filtered = filterReason(alert, rules);
    if (filtered) {
      skip(alert, filtered.reason, filtered.detail);
      record(filtered.reason, result);
      continue;
    }
    if (!calendar.isOutOfHours(alert.createdAt)) {
      skipped.push(new InHours(alert, calendar.zone));
      skippedAt.push(alert.createdAt);
      counts["in-hours"]++;
      record("in-hours", result);
      continue;
    }
    record("claimable", result);
    for (const c of credits) {
      const list = byPerson.get(c.person);
      if (list) list.push(c);
      else byPerson.set(c.person, [c]);
    }
  }
  diag.warnAll(attributor.notes((ms) => calendar.isOutOfHours(ms)));
  // With nobody in the config, usernames are credited as they are (SPEC §4.3): none is "unknown".
  if (attributor.unknownUsernames.size > 0 && input.people.people.length > 0) {
    const names = [...attributor.unknownUsernames].sort();
    diag.warn(
      `credited ${names.length === 1 ? "a username" : "usernames"} not in the config's people: ${names.join(", ")} (add them to people with an email, opsgenie, pagerduty, jsm or name that matches)`,
    );
  }
  let at: Map<Alert, number> | undefined;
  return {
    alerts: input.alerts,
    outcomes,
    escalated,
    byPerson,
    skipped,
    skippedAt,
    counts,
    columnsFor,
    credited(alert) {
      // Indexed on the first question only: a run without marks never asks, and a million alerts
      // would cost a map entry each.
      at ??= new Map(input.alerts.map((a, i) => [a, i]));
      const w = who[at.get(alert)!]!;
      return typeof w === "string" ? [w] : "why" in w ? w.why : [...w];
    },
  };
}

/** The people credited, each once; one person as the string itself, so keeping it costs nothing. */
function personsOf(credits: readonly Credit[]): string | readonly string[] {
  if (credits.length === 1) return credits[0]!.person;
  return [...new Set(credits.map((c) => c.person))];
}

/** One person's windows, in time order. */
export interface PersonWindows {
  person: string;
  windows: Window<Credit>[];
}

/** Stage 2: each person's claimable credits grouped into windows (SPEC §4.4), people in id order. */
export function buildWindows(c: Classification, rules: Pick<ToilRules, "windowMinutes">): PersonWindows[] {
  return [...c.byPerson.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([person, credits]) => ({ person, windows: groupIntoWindows(credits, rules.windowMinutes) }));
}

/**
 * What people said about alerts, from any source (flags today; a review's kept answers next), by
 * alert id: woken or awake, and time worked. A person of null means everyone credited.
 */
export interface Answers {
  marks: ReadonlyMap<string, readonly Mark[]>;
  worked: ReadonlyMap<string, readonly WorkedEntry[]>;
  declined?: ReadonlyMap<string, readonly DeclinedEntry[]>;
}

export function answersOf(
  marks: readonly Mark[],
  worked: readonly WorkedEntry[],
  declined: readonly DeclinedEntry[] = [],
): Answers {
  return {
    marks: groupBy(marks, (m) => m.alertId),
    worked: groupBy(worked, (w) => w.alertId),
    declined: groupBy(declined, (d) => d.alertId),
  };
}

/** What deciding a window needs besides the window and the answers. */
export interface DecideContext {
  rules: ToilRules;
  calendar: SupportCalendar;
  people: PeopleIndex;
  columnsFor: ReadonlyMap<string, string>;
  inferWorked: boolean;
}

/** What a person's earlier windows leave behind for the next (SPEC §4.5, §4.6). */
export interface DecideState {
  /** when they were last up: an awake claim follows within backToSleepMinutes */
  upUntil: number | null;
  /** extra time is counted up to this minute (minutes since the epoch) */
  extraCountedUntil: number;
}

export const FRESH: DecideState = { upUntil: null, extraCountedUntil: Number.NEGATIVE_INFINITY };

/** One window, decided: awake or woken, the time worked and the extra time it counts. */
export interface Decision {
  person: string;
  window: Window<Credit>;
  kind: Kind;
  kindSource: KindSource;
  /** the mark was the log's woken column */
  kindFromLog: boolean;
  worked: { minutes: number; source: WorkedSource } | null;
  extraMinutes: number;
  /** the close that --infer-worked could not use, and why */
  inferred: "no-close" | InferNotice | null;
  /** the person declined the window: no claim (SPEC §9) */
  declined: { reason: string; note: string | null } | null;
}

/**
 * Stage 3, for one window: awake or woken and the time worked, from the answers first and the
 * rules after. Pure; the state is what the person's earlier windows left.
 */
export function decide(
  person: string,
  w: Window<Credit>,
  answers: Answers,
  state: DecideState,
  ctx: DecideContext,
): { decision: Decision; state: DecideState } {
  const { rules, calendar } = ctx;
  const columnsApply = (alertId: string) => (ctx.columnsFor.get(alertId) ?? person) === person;
  const declined = declinedFor(w, person, answers);
  let worked = workedFor(w, person, answers.worked, columnsApply);
  let inferred: Decision["inferred"] = null;
  if (worked === null && ctx.inferWorked) {
    const found = inferredWork(w, person, calendar);
    if (found === "no-close" || (found !== null && "code" in found)) inferred = found;
    else worked = found;
  }
  const sleep = ctx.people.get(person)?.sleepHours ?? rules.sleepHours;
  const {
    kind,
    source: kindSource,
    fromLog,
  } = kindOf(w, person, answers.marks, columnsApply, state.upUntil, rules, sleep, calendar.zone);
  // Up until the window's last alert (for second line: when they were last paged) or the end of
  // its known work, whichever is later; not the window's end (SPEC §4.5).
  const lastAlert = w.items[w.items.length - 1]!.at;
  const upUntil = worked === null ? lastAlert : Math.max(lastAlert, w.start + worked.minutes * MINUTE);

  // Extra time: out-of-hours minutes after the first hour, each minute counted once per person.
  // Windows come in time order, so every earlier window's extra time began no later than this
  // one's: what they counted from here on is exactly what lies before the furthest end so far.
  let extraMinutes = 0;
  let extraCountedUntil = state.extraCountedUntil;
  if (worked !== null && worked.minutes > FIRST_HOUR_MINUTES) {
    const first = Math.floor(w.start / MINUTE);
    const to = first + worked.minutes;
    const from = Math.max(first + FIRST_HOUR_MINUTES, extraCountedUntil);
    if (to > from) extraMinutes = calendar.outOfHoursMinutes(from, to);
    extraCountedUntil = Math.max(extraCountedUntil, to);
  }
  // Slept through, or someone else's: it neither kept them up nor counted any extra time.
  const kept = declined === null;
  return {
    decision: {
      person,
      window: w,
      kind,
      kindSource,
      // always there: one shape for every decision (a spread in the middle made each one slow)
      kindFromLog: fromLog === true,
      worked,
      extraMinutes: kept ? extraMinutes : 0,
      inferred: kept ? inferred : null,
      declined,
    },
    state: kept ? { upUntil, extraCountedUntil } : state,
  };
}

/** A decline on any of the window's alerts for this person; the answers' side settled which is latest. */
function declinedFor(w: Window<Credit>, person: string, answers: Answers): Decision["declined"] {
  const byAlert = answers.declined;
  if (byAlert === undefined || byAlert.size === 0) return null;
  // A flag is above the journal (SPEC §4.5): --woken or --awake on the window claims it after all.
  if (w.items.some((i) => marksFor(answers.marks.get(i.id), person).some((m) => m.source === "flag")))
    return null;
  for (const i of w.items) {
    const d = byAlert.get(i.id)?.find((e) => e.person === person);
    if (d) return { reason: d.reason, note: d.note };
  }
  return null;
}

/** Stage 3 for everyone: each person's windows decided in time order. */
export function decideAll(
  people: readonly PersonWindows[],
  answers: Answers,
  ctx: DecideContext,
  diag: Diagnostics,
): Decision[] {
  const out: Decision[] = [];
  let inferWithoutClose = 0;
  for (const { person, windows } of people) {
    let state = FRESH;
    for (const w of windows) {
      const next = decide(person, w, answers, state, ctx);
      state = next.state;
      const { inferred } = next.decision;
      if (inferred === "no-close") inferWithoutClose++;
      else if (inferred !== null) diag.notice(inferred);
      out.push(next.decision);
    }
  }
  if (inferWithoutClose > 0) {
    diag.notice({ code: "infer-no-close", windows: inferWithoutClose });
  }
  return out;
}

/** What turning decisions into claims needs. */
export interface ClaimsContext {
  rules: ToilRules;
  calendar: SupportCalendar;
  people: PeopleIndex;
  period: Period | null;
  /** public holidays' names by local date, where known, for the claims' reasons */
  holidayNames?: ReadonlyMap<string, string>;
  /** the team's closure days (extraHolidays) */
  closureDays?: ReadonlySet<string>;
}

/** Stage 4: the decided windows in the period as claims, with totals and what was skipped. */
export function toClaims(
  decisions: readonly Decision[],
  c: Classification,
  ctx: ClaimsContext,
  diag: Diagnostics,
): ToilResult {
  const { rules, calendar, period } = ctx;
  const zone = calendar.zone;
  const { skipped, skippedAt } = c;
  const counts = c.counts;
  const claims: Claim[] = [];
  const declined: DeclinedWindow[] = [];
  const inPeriod = (w: Window<Credit>) =>
    period === null ||
    ((period.from === null || w.start >= period.from) && (period.to === null || w.start < period.to));
  // The alerts the claims show are counted for the totals and left out of the out-of-period
  // list. When every credit classified is in a window in the period (the usual run) they are the
  // claimable alerts, counted without a set of (in the everyone run) three quarters of a million ids.
  let credits = 0;
  for (const list of c.byPerson.values()) credits += list.length;
  let items = 0;
  let allIn = true;
  for (const d of decisions) {
    items += d.window.items.length;
    // a declined window's alerts are listed with it, not counted in the totals
    if (!inPeriod(d.window) || d.declined !== null) allIn = false;
  }
  const shownAlerts = allIn && items === credits ? null : new Set<string>();
  const outOfPeriod = new Map<string, { alert: Alert; start: number }>();
  for (const d of decisions) {
    const w = d.window;
    if (!inPeriod(w)) {
      for (const i of w.items)
        if (!outOfPeriod.has(i.id)) outOfPeriod.set(i.id, { alert: i.alert, start: w.start });
      continue;
    }
    if (d.declined !== null) {
      declined.push({
        id: claimId(d.person, w.start),
        person: d.person,
        name: ctx.people.get(d.person)?.name ?? w.items[0]!.name,
        date: zone.dateOf(w.start),
        start: isoUtc(w.start),
        end: isoUtc(w.end),
        status: "declined",
        reason: d.declined.reason,
        note: d.declined.note,
        alerts: w.items.map((i) => new ClaimedAlert(i)),
      });
      continue;
    }
    const baseDays = d.kind === "woken" ? rules.wokenDays : rules.awakeDays;
    const extraDays = extraDaysFor(d.extraMinutes, rules);
    const days = round(baseDays + extraDays);
    if (shownAlerts) for (const i of w.items) shownAlerts.add(i.id);
    const holiday = holidayNote(w, ctx);
    const claim: Claim = MadeClaim.of(w.start, {
      person: d.person,
      name: ctx.people.get(d.person)?.name ?? w.items[0]!.name,
      date: zone.dateOf(w.start),
      start: isoUtc(w.start),
      end: isoUtc(w.end),
      kind: d.kind,
      kindSource: d.kindSource,
      alerts: w.items.map((i) => new ClaimedAlert(i)),
      workedMinutes: d.worked?.minutes ?? null,
      workedSource: d.worked?.source ?? null,
      extraMinutes: d.extraMinutes,
      baseDays,
      extraDays,
      days,
      hours: round(days * rules.hoursPerDay),
      reason: reasonFor(w, d.kind, d.kindSource, d.worked, d.extraMinutes, zone, holiday),
      guess: isGuess(d.kindSource, d.worked?.source ?? null),
    });
    if (holiday !== "") claim.holiday = holiday.slice(" on ".length);
    if (d.kindFromLog) claim.kindFromLog = true;
    claims.push(claim);
  }
  for (const [id, { alert, start }] of outOfPeriod) {
    if (shownAlerts?.has(id)) continue;
    const side = period?.from !== null && start < (period?.from ?? 0) ? "before" : "after";
    skipped.push({
      alert: alertLabel(alert),
      id: alert.id,
      reason: "out-of-period",
      detail: `window starts ${zone.label(start)}, ${side} the period`,
    });
    skippedAt.push(alert.createdAt);
    counts["out-of-period"]++;
  }

  claims.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.person < b.person ? -1 : 1));
  return {
    timezone: zone.name,
    period: period && {
      from: period.from === null ? null : isoUtc(period.from),
      to: period.to === null ? null : isoUtc(period.to),
      label: period.label,
    },
    rules: {
      windowMinutes: rules.windowMinutes,
      awakeDays: rules.awakeDays,
      wokenDays: rules.wokenDays,
      extraDaysPerHour: rules.extraDaysPerHour,
      extraRounding: rules.extraRounding,
      hoursPerDay: rules.hoursPerDay,
      attribution: rules.attribution,
    },
    claims,
    declined,
    totals: totalsOf(claims, shownAlerts?.size ?? c.outcomes.filter((o) => o === "claimable").length),
    skipped: oldestFirst(skipped, skippedAt),
    skippedCounts: counts,
    warnings: diag.warnings,
  };
}

/**
 * The TOIL rules of SPEC §4, from alerts to claims, every stage in turn. Pure: the zone, the
 * calendar, the people and every choice arrive as arguments; nothing is read or printed here.
 */
export function computeToil(input: ToilInput, diag = new Diagnostics()): ToilResult {
  const classification = classify(input, diag);
  const windows = buildWindows(classification, input.rules);
  const ctx = { ...input, columnsFor: classification.columnsFor };
  const decisions = decideAll(windows, answersOf(input.marks, input.worked), ctx, diag);
  return toClaims(decisions, classification, ctx, diag);
}

/** Kinds the rules supposed, and work nobody gave: what `toil review` asks about (SPEC §4.5). */
const GUESSED_KINDS: ReadonlySet<KindSource> = new Set(["recently-awake", "tag", "sleep-hours"]);

/**
 * Whether a claim rests on a guess: its kind came from the rules, or its work's end is unknown or
 * only inferred from the log. A window answered in a review with no time worked was answered
 * "within the hour": its work is known to have earned no extra.
 */
export function isGuess(kindSource: KindSource, workedSource: WorkedSource | null): boolean {
  if (GUESSED_KINDS.has(kindSource)) return true;
  return workedSource === null ? kindSource !== "review" : workedSource === "inferred";
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

/** Marks that apply to one person: a mark naming a person applies to that person only (SPEC §4.7). */
function marksFor(marks: readonly Mark[] | undefined, person: string): Mark[] {
  return marks?.filter((m) => m.person === null || m.person === person) ?? [];
}

/** Where explicit marks come from, first to last (SPEC §4.5). */
const MARK_SOURCES = ["flag", "review", "log-column"] as const;
export type MarkSource = (typeof MARK_SOURCES)[number];

/**
 * Marks within one source disagree in one window: a domain error with the alerts on each side.
 * The command layer words it for where the marks came from (its flags); unworded, it says what
 * is wrong without naming any flag.
 */
export class ConflictingMarks extends OncallError {
  constructor(
    readonly source: MarkSource,
    readonly person: string,
    readonly windowStart: number,
    readonly woken: readonly Alert[],
    readonly awake: readonly Alert[],
    zone: Zone,
  ) {
    const window = `${person}'s window from ${zone.label(windowStart)}`;
    const labels = (list: readonly Alert[]) => list.map(alertLabel).join(", ");
    const what = source === "review" ? "the journal's marks disagree" : "the log's woken column disagrees";
    super(
      source === "flag" ? "usage" : "input",
      source === "flag"
        ? `conflicting marks in ${window}: ${labels(woken)} woken, ${labels(awake)} awake`
        : `${what} within ${window}: woken at ${sourcesOf(woken)}, awake at ${sourcesOf(awake)}`,
      source === "flag"
        ? "alerts within an hour make one claim: mark them all the same way"
        : "alerts within an hour make one claim: make them agree, or mark the window's alerts",
    );
  }
}

/** One alert marked both woken and awake for one person by one source. */
export class DoublyMarked extends OncallError {
  constructor(
    readonly source: MarkSource,
    readonly alert: Alert,
    readonly person: string,
  ) {
    super(
      "usage",
      `alert ${alertLabel(alert)} is marked both woken and awake for ${person}`,
      "keep one of the two marks",
    );
  }
}

/** Where some alerts are in their logs, at most five: for a one-line message. */
function sourcesOf(list: readonly Alert[]): string {
  return (
    list
      .slice(0, 5)
      .map((a) => `${alertSource(a)} (${alertLabel(a)})`)
      .join(", ") + (list.length > 5 ? ` and ${list.length - 5} more` : "")
  );
}

/** Awake or woken, in the order of SPEC §4.5. */
function kindOf(
  w: Window<CreditedAlert>,
  person: string,
  marksByAlert: ReadonlyMap<string, readonly Mark[]>,
  columnsApply: (alertId: string) => boolean,
  upUntil: number | null,
  rules: ToilRules,
  sleep: { start: string; end: string },
  zone: Zone,
): { kind: Kind; source: KindSource; fromLog?: true } {
  // Explicit marks, from the first source that has one for this window: flags, then the journal,
  // then the log's column. A later source is not consulted at all, so a flag on one alert decides
  // even when the column says otherwise on another.
  for (const source of MARK_SOURCES) {
    // without any marks only the log's column can decide: the other sources are not walked
    if (source !== "log-column" && marksByAlert.size === 0) continue;
    const decided: { alert: Alert; woken: boolean }[] = [];
    for (const i of w.items) {
      if (source === "log-column") {
        if (i.alert.woken !== null && columnsApply(i.id))
          decided.push({ alert: i.alert, woken: i.alert.woken });
        continue;
      }
      const marks = marksFor(marksByAlert.get(i.id), person).filter((m) => m.source === source);
      const values = new Set(marks.map((m) => m.woken));
      if (values.size > 1) {
        throw new DoublyMarked(source, i.alert, person);
      }
      if (values.size === 1) decided.push({ alert: i.alert, woken: values.has(true) });
    }
    if (decided.length === 0) continue;
    const woken = decided.filter((d) => d.woken).map((d) => d.alert);
    const awake = decided.filter((d) => !d.woken).map((d) => d.alert);
    if (woken.length > 0 && awake.length > 0)
      throw new ConflictingMarks(source, person, w.start, woken, awake, zone);
    const kind = woken.length > 0 ? "woken" : "awake";
    if (source === "log-column") return { kind, source: "mark", fromLog: true };
    return { kind, source: source === "review" ? "review" : "mark" };
  }
  if (upUntil !== null && w.start < upUntil + rules.backToSleepMinutes * MINUTE) {
    return { kind: "awake", source: "recently-awake" };
  }
  const first = w.items[0]!.alert;
  const sleeping = hasTag(first, "sleepinghours");
  if (sleeping || hasTag(first, "wakinghours")) return { kind: sleeping ? "woken" : "awake", source: "tag" };
  return {
    kind: inSleepHours(zone.minuteOfDay(w.start), sleep) ? "woken" : "awake",
    source: "sleep-hours",
  };
}

/** Time worked given for a window: flag or review first, then the log's column. */
function workedFor(
  w: Window<CreditedAlert>,
  person: string,
  workedByAlert: ReadonlyMap<string, readonly WorkedEntry[]>,
  columnsApply: (alertId: string) => boolean,
): { minutes: number; source: WorkedSource } | null {
  let best: { minutes: number; source: WorkedSource } | null = null;
  const rank: Record<WorkedSource, number> = { flag: 3, review: 2, "log-column": 1, inferred: 0 };
  const offer = (minutes: number, source: WorkedSource) => {
    if (
      best === null ||
      rank[source] > rank[best.source] ||
      (rank[source] === rank[best.source] && minutes > best.minutes)
    ) {
      best = { minutes, source };
    }
  };
  for (const i of w.items) {
    for (const e of workedByAlert.get(i.id) ?? [])
      if (e.person === null || e.person === person) offer(e.minutes, e.source);
    if (i.alert.workedMinutes !== null && columnsApply(i.id)) offer(i.alert.workedMinutes, "log-column");
  }
  return best;
}

/**
 * `--infer-worked` (SPEC §4.6): window start to the last close of its alerts. A close more than 12
 * hours later, or once support hours had begun, says when someone tidied up, not when the work
 * ended: it is refused, with a warning. Null when the window's alerts closed before it began.
 */
export function inferredWork(
  w: Window<CreditedAlert>,
  person: string,
  calendar: SupportCalendar,
): { minutes: number; source: "inferred" } | InferNotice | "no-close" | null {
  let last: Alert | null = null;
  for (const i of w.items) {
    const c = i.alert.closedAt;
    if (c !== null && (last === null || c > last.closedAt!)) last = i.alert;
  }
  if (last === null) return "no-close";
  const close = last.closedAt!;
  if (close <= w.start) return null;
  const minutes = Math.round((close - w.start) / MINUTE);
  const label = alertLabel(last);
  if (minutes > MAX_INFERRED_MINUTES) {
    return { code: "infer-too-long", alert: label, person, after: formatDuration(minutes) };
  }
  const from = Math.floor(w.start / MINUTE);
  const to = Math.floor(close / MINUTE) + 1;
  if (calendar.outOfHoursMinutes(from, to) < to - from) {
    return {
      code: "infer-in-hours",
      alert: label,
      person,
      closed: calendar.zone.label(close),
      windowStart: calendar.zone.label(w.start),
    };
  }
  return { minutes, source: "inferred" };
}

/**
 * " on Christmas Day (bank holiday)" when a holiday is what made the window's first alert out of
 * hours (it came within support hours on a support weekday), else "". BreatheHR's approver sees
 * a claim at 12:00 on a Friday; this says why it is one.
 */
function holidayNote(w: Window<CreditedAlert>, input: ClaimsContext): string {
  const created = w.items[0]!.alert.createdAt;
  if (!input.calendar.isHolidayHours(created)) return "";
  const date = input.calendar.zone.dateOf(created);
  const name = input.holidayNames?.get(date);
  if (name === undefined) return input.closureDays?.has(date) ? " on a closure day" : " on a bank holiday";
  if (/bank holiday/i.test(name)) return ` on ${name}`;
  // "Boxing Day (substitute day)" → "Boxing Day (substitute day, bank holiday)"
  return name.endsWith(")") ? ` on ${name.slice(0, -1)}, bank holiday)` : ` on ${name} (bank holiday)`;
}

function reasonFor(
  w: Window<CreditedAlert>,
  kind: Kind,
  kindSource: KindSource,
  worked: { minutes: number; source: WorkedSource } | null,
  extraMinutes: number,
  zone: Zone,
  holiday: string,
): string {
  const labels = w.items.map((i) => alertLabel(i.alert));
  const shown =
    labels.length > 5 ? `${labels.slice(0, 5).join(", ")} and ${labels.length - 5} more` : labels.join(", ");
  const how: Record<KindSource, string> = {
    mark: " (marked)",
    review: " (confirmed)",
    "recently-awake": " (already up from an earlier call-out)",
    tag: " (tagged)",
    "sleep-hours": "",
  };
  const first = w.items[0]!;
  const via =
    first.via === "second-line"
      ? " escalated to second line,"
      : first.via === "manual"
        ? " manual (no alert),"
        : "";
  let text = `Out-of-hours alert${labels.length > 1 ? "s" : ""} ${shown} at ${zone.hhmm(w.start)}${holiday},${via} ${kind}${how[kindSource]}`;
  if (worked === null) text += "; time worked not given";
  else {
    text += `; worked ${formatDuration(worked.minutes)}`;
    if (worked.source === "inferred") text += " (from the log)";
    if (extraMinutes > 0) text += `, ${formatDuration(extraMinutes)} extra`;
  }
  return text;
}

/**
 * An in-hours alert as skipped: its label made when asked (at output), not kept. In the everyone
 * run these are a quarter of a million entries held until the end, each label ~60 bytes more.
 */
class InHours implements Skipped {
  readonly reason = "in-hours" as const;
  constructor(
    private readonly of: Alert,
    private readonly zone: Zone,
  ) {}
  get alert(): string {
    return alertLabel(this.of);
  }
  get id(): string {
    return this.of.id;
  }
  get detail(): string {
    return this.zone.label(this.of.createdAt);
  }
  toJSON(): Skipped {
    return { alert: this.alert, id: this.id, reason: this.reason, detail: this.detail };
  }
}

/**
 * A claim's alert as a view of its credit: the fields read from the alert when asked, the ISO
 * instant made at output. A copy of seven fields and an ISO string held for every claimed alert
 * until the document was written cost ~110 bytes each; this costs one pointer.
 */
/**
 * A claim as the claims stage makes it. Its id (SHA-256 of its person and start, SPEC §4.9) is
 * worked out when first read: a table never shows it, and hashing a week's hundred-odd claims
 * cold took ~2.4 ms of a start on Node 24 (docs/performance.md). JSON shows it first, where it
 * always was (toJSON); everything else is the plain object's own properties, in the same order.
 */
class MadeClaim {
  #id: string | null = null;
  readonly #start: number;

  constructor(start: number, fields: Omit<Claim, "id">) {
    this.#start = start;
    Object.assign(this, fields);
  }

  get id(): string {
    this.#id ??= claimId((this as unknown as Claim).person, this.#start);
    return this.#id;
  }

  toJSON(): Claim {
    const { ...fields } = this as unknown as Omit<Claim, "id">;
    return { id: this.id, ...fields };
  }

  /** Made with the plain claim's fields, which are then its own properties: a Claim. */
  static of(start: number, fields: Omit<Claim, "id">): Claim {
    return new MadeClaim(start, fields) as unknown as Claim;
  }
}

class ClaimedAlert implements ClaimAlert {
  constructor(private readonly credit: Credit) {}
  get id(): string {
    return this.credit.alert.id;
  }
  get tinyId(): string | null {
    return this.credit.alert.tinyId;
  }
  get createdAt(): string {
    return isoUtc(this.credit.alert.createdAt);
  }
  get message(): string {
    return this.credit.alert.message;
  }
  get priority(): string | null {
    return this.credit.alert.priority;
  }
  get via(): Via {
    return this.credit.via;
  }
  get escalated(): boolean {
    return this.credit.escalated;
  }
  /** when the alert was closed, if the log says: evidence for the notes, not in the JSON */
  get closedAt(): number | null {
    return this.credit.alert.closedAt;
  }
  toJSON(): ClaimAlert {
    const a = this.credit.alert;
    return {
      id: a.id,
      tinyId: a.tinyId,
      createdAt: isoUtc(a.createdAt),
      message: a.message,
      priority: a.priority,
      via: this.credit.via,
      escalated: this.credit.escalated,
    };
  }
}

/** Totals; a person's windows never share an alert, so their alert count is a sum. */
export function totalsOf(claims: readonly Claim[], distinctAlerts: number): ToilResult["totals"] {
  const per = new Map<string, PersonTotal>();
  let days = 0;
  let hours = 0;
  for (const c of claims) {
    let t = per.get(c.person);
    if (!t) {
      t = { person: c.person, name: c.name, claims: 0, alerts: 0, days: 0, hours: 0 };
      per.set(c.person, t);
    }
    t.claims++;
    t.alerts += c.alerts.length;
    t.days += c.days;
    t.hours += c.hours;
    days += c.days;
    hours += c.hours;
  }
  const byPerson = [...per.values()]
    .sort((a, b) => (a.person < b.person ? -1 : 1))
    .map((t) => ({ ...t, days: round(t.days), hours: round(t.hours) }));
  return { claims: claims.length, alerts: distinctAlerts, days: round(days), hours: round(hours), byPerson };
}

/**
 * What was skipped, oldest alert first, as the claims are: a log (Opsgenie's export) may list the
 * newest first. Rows never read as alerts come first, in reading order (the sort is stable). A log
 * already in either order costs one pass, not a sort.
 */
function oldestFirst(skipped: Skipped[], at: readonly number[]): Skipped[] {
  let ascending = true;
  let descending = true;
  for (let i = 1; i < at.length && (ascending || descending); i++) {
    if (at[i]! < at[i - 1]!) ascending = false;
    if (at[i]! >= at[i - 1]!) descending = false;
  }
  if (ascending) return skipped;
  if (descending) return skipped.reverse();
  const order = at.map((_, i) => i).sort((a, b) => at[a]! - at[b]! || a - b);
  return order.map((i) => skipped[i]!);
}
