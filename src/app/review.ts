/**
 * The review's questions (SPEC §9): one unanswered window at a time, oldest first, each answer
 * appended to the journal as soon as it is given, and the windows decided again after each one,
 * since an answer changes the guesses after it (someone who worked until 03:30 was up at 03:40).
 * Nothing here reads files or knows the command line: the windows come from `plan`, the answers
 * go to `append`, the questions to the prompter, so `toil notice` asks one night's windows alike.
 */
import type { Alert } from "../core/alert";
import { type Answer, answersForWindows, type JournalRecord } from "../core/answers";
import { addDays } from "../core/calendar";
import { Diagnostics } from "../core/diagnostics";
import { parseWorked } from "../core/duration";
import type { PeopleIndex } from "../core/people";
import {
  answersOf,
  type Decision,
  inferredWork,
  type Kind,
  type KindSource,
  type Period,
} from "../core/toil";
import { isoUtc, type Zone } from "../core/zone";
import { becauseText, infoLine, windowText } from "../render/review";
import type { Prompter } from "../runtime/prompts";
import type { ToilStages } from "./toil";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** A time of day earlier than the window's start is the next morning's only within this. */
const NEXT_DAY_WITHIN = 12 * HOUR;
const WITHIN_THE_HOUR = "within the hour";

export const DECLINE_REASONS = ["slept through", "someone else handled it"] as const;

export interface ReviewAlert {
  id: string;
  tinyId: string | null;
  createdAt: number;
  message: string;
  closedAt: number | null;
}

/** One out-of-hours window as decided with the journal as it stands. */
export interface ReviewWindow {
  person: string;
  start: number;
  end: number;
  alerts: ReviewAlert[];
  kind: Kind;
  kindSource: KindSource;
  /** why the kind is what it is: "02:14 is within your sleep hours (23:00–07:00)" */
  because: string;
  /** the end of its work when known (answered, flagged, from the log's column) */
  workedUntil: number | null;
  /**
   * the last close of its alerts, when the log has one that --infer-worked would take as the end
   * of work (within 12 hours, before support hours began): the stop-time question's default
   */
  lastClose: number | null;
  /** declined already: its reason */
  declined: string | null;
  /** one of its alerts has woken or declined in the journal */
  answered: boolean;
}

/** An alert that earns nothing but cost its person time: shown, not asked (SPEC §4.7). */
export interface ReviewInfo {
  alert: ReviewAlert;
  workedUntil: number;
}

/** The windows of one decide run, and what they claim. */
export interface ReviewRound {
  windows: ReviewWindow[];
  info: ReviewInfo[];
  claims: number;
  days: number;
  hours: number;
  declined: number;
}

export interface ReviewDeps {
  prompter: Prompter;
  /** decides the windows again with the journal as it is now */
  plan(): ReviewRound;
  /** appends records to the journal, at once (one write and an fsync) */
  append(records: JournalRecord[]): void;
  now(): number;
  zone: Zone;
  /** where the windows and the summary are written (stderr: stdout may be a file) */
  write(text: string): void;
  /** revisit answered windows too */
  all: boolean;
}

export interface ReviewOutcome {
  asked: number;
  round: ReviewRound;
}

/** Asks about each window in turn; an interruption at any prompt keeps what was answered before it. */
export async function reviewWindows(deps: ReviewDeps): Promise<ReviewOutcome> {
  const { zone, write } = deps;
  const visited = new Set<string>();
  let round = deps.plan();
  for (const i of round.info) write(infoLine(i, zone));
  let asked = 0;
  for (;;) {
    const next = round.windows.find((w) => !visited.has(keyOf(w)) && (deps.all || !w.answered));
    if (next === undefined) break;
    visited.add(keyOf(next));
    asked++;
    await askWindow(next, deps);
    round = deps.plan();
  }
  return { asked, round };
}

const keyOf = (w: ReviewWindow) => `${w.person}|${w.start}`;

async function askWindow(w: ReviewWindow, deps: ReviewDeps): Promise<void> {
  const { prompter, zone, write } = deps;
  write(windowText(w, zone));
  const base = (a: ReviewAlert) => ({
    v: 1 as const,
    at: isoUtc(deps.now()),
    person: w.person,
    alert: a.id,
    ...(a.tinyId !== null ? { tinyId: a.tinyId } : {}),
  });
  const record = (fields: Partial<JournalRecord>) =>
    deps.append(w.alerts.map((a) => ({ ...base(a), ...fields })));

  const answer = await prompter.select<Kind | "declined">({
    message: "Were you woken by it?",
    choices: [
      { name: "Woken by it", value: "woken" },
      { name: "Awake already", value: "awake" },
      { name: "Not mine to claim", value: "declined" },
    ],
    default: w.declined !== null ? "declined" : w.kind,
  });
  if (answer === "declined") {
    const reason = await prompter.select<(typeof DECLINE_REASONS)[number]>({
      message: "Why is it not yours to claim?",
      choices: DECLINE_REASONS.map((r) => ({ name: r[0]!.toUpperCase() + r.slice(1), value: r })),
      default: DECLINE_REASONS.find((r) => r === w.declined) ?? DECLINE_REASONS[0],
    });
    record({ declined: reason });
  } else {
    record({ woken: answer === "woken" });
    const suggested = w.workedUntil ?? w.lastClose;
    const text = await prompter.input({
      message: "When did you stop working on it?",
      default: suggested === null ? WITHIN_THE_HOUR : zone.hhmm(suggested),
      validate: (v) => {
        const r = workEnd(v, w.start, zone);
        return typeof r === "string" ? r : true;
      },
    });
    const until = workEnd(text, w.start, zone);
    if (typeof until === "string") throw new Error(`the prompt accepted an invalid time: ${until}`);
    if (until !== null) {
      record({ workedUntil: isoUtc(until) });
      // what was kept, in words: a duration typed is shown as the time it ends
      write(
        `  kept: worked until ${zone.hhmm(until)}${zone.dateOf(until) !== zone.dateOf(w.start) ? ` on ${zone.dateOf(until)}` : ""}\n`,
      );
    }
  }
  const note = (await prompter.input({ message: "A note (optional):", default: "" })).trim();
  if (note !== "") record({ note });
}

/**
 * The end of work from what was typed: "within the hour" (or nothing) is no end to record; a
 * local time like 03:49 (the next morning's when the window began in the evening); a duration with
 * its units, like 1h35m or 95m. A bare number (3.25, 2) is refused: at 3 a.m. "3.25" means 03:25
 * as often as three and a quarter hours. A problem, as the prompt shows it, when it is none of
 * these or ends before the window.
 */
export function workEnd(text: string, start: number, zone: Zone): number | null | string {
  const t = text.trim().toLowerCase();
  if (t === "" || t === WITHIN_THE_HOUR) return null;
  const hhmm = /^(\d{1,2}):(\d{2})$/.exec(t);
  if (hhmm) {
    const h = Number(hhmm[1]);
    const m = Number(hhmm[2]);
    if (h > 23 || m > 59) return `${text.trim()} is not a time of day: give one like 03:49`;
    const date = zone.dateOf(start);
    const today = zone.instant(date, h * 60 + m);
    if (today >= start) return today;
    const tomorrow = zone.instant(addDays(date, 1), h * 60 + m);
    if (tomorrow - start <= NEXT_DAY_WITHIN) return tomorrow;
    return `${text.trim()} is before the window's start at ${zone.hhmm(start)}: give when you stopped, after it`;
  }
  const bare = /^(\d+)(?:[.,](\d+))?$/.exec(t);
  if (bare) return `${text.trim()} could be a time or a number of hours: ${eitherOf(bare[1]!, bare[2])}`;
  const d = parseWorked(t);
  if ("problem" in d)
    return `${text.trim()}: ${d.problem}${d.suggestion === null ? "" : ` (for minutes, ${d.suggestion})`}; give a time like 03:49 or a duration like 1h35m`;
  return start + d.minutes * MINUTE;
}

/** "3.25": a time written 03:25, or 3h15m; "2": 02:00, or 2h; "90": 90m — each reading as it is written. */
function eitherOf(whole: string, fraction: string | undefined): string {
  const h = Number(whole);
  const time =
    h <= 23 && (fraction === undefined || Number(fraction.padEnd(2, "0").slice(0, 2)) <= 59)
      ? `${String(h).padStart(2, "0")}:${(fraction ?? "00").padEnd(2, "0").slice(0, 2)}`
      : null;
  const minutes = Math.round(Number(`0.${fraction ?? "0"}`) * 60);
  // more hours than a day's work: minutes were meant (90 → 90m)
  const duration = fraction === undefined && h > 24 ? `${h}m` : `${h}h${minutes > 0 ? `${minutes}m` : ""}`;
  return time === null
    ? `write a duration with its units (${duration})`
    : `write the time as ${time}, or the duration with its units (${duration})`;
}

/** What a review's rounds are decided from: the stages run once, and the journal as it grows. */
export interface ReviewPlanInput {
  stages: ToilStages;
  person: string;
  period: Period;
  people: PeopleIndex;
  zone: Zone;
  /** the journal's current answers when the review starts */
  answers: readonly Answer[];
  /** the journal's current answers, read again after each window */
  reread(): readonly Answer[];
}

/**
 * The rounds of a review: `plan(diag)` decides the windows with the answers as they are; `next`
 * hands over a round already made the first time, then reads the journal again and decides anew.
 */
export function reviewPlanner(input: ReviewPlanInput) {
  const { stages, person, period, zone } = input;
  let answers = input.answers;
  let handed = false;
  const plan = (diag: Diagnostics): ReviewRound => {
    const given = answersForWindows(answers, stages.context.windows, zone, diag);
    const { decisions, result } = stages.finish(answersOf(given.marks, given.worked, given.declined), diag);
    const total = result.totals.byPerson.find((t) => t.person === person);
    return {
      windows: reviewWindowsOf(decisions, answers, input),
      info: overruns(stages, person, period, answers),
      claims: total?.claims ?? 0,
      days: total?.days ?? 0,
      hours: total?.hours ?? 0,
      declined: result.declined.length,
    };
  };
  return {
    plan,
    next(first: ReviewRound): ReviewRound {
      if (!handed) {
        handed = true;
        return first;
      }
      answers = input.reread();
      // the first round's warnings were shown; the same ones again would bury the questions
      return plan(new Diagnostics());
    },
  };
}

/** The person's windows in the period as the review shows them, each with why its kind is guessed. */
function reviewWindowsOf(
  decisions: readonly Decision[],
  answers: readonly Answer[],
  { person, period, stages, people, zone }: ReviewPlanInput,
): ReviewWindow[] {
  const mine = new Map(answers.filter((a) => a.person === person).map((a) => [a.alert, a]));
  const sleep = people.get(person)?.sleepHours ?? stages.rules.sleepHours;
  const out: ReviewWindow[] = [];
  // Who was up until when, as decide saw it: a recently-awake guess names the earlier work's end.
  let upUntil: number | null = null;
  for (const d of decisions) {
    if (d.person !== person) continue;
    const w = d.window;
    const inPeriod =
      (period.from === null || w.start >= period.from) && (period.to === null || w.start < period.to);
    if (inPeriod) {
      out.push({
        person,
        start: w.start,
        end: w.end,
        alerts: w.items.map((i) => reviewAlert(i.alert)),
        kind: d.kind,
        kindSource: d.kindSource,
        because: becauseText(
          { start: w.start, kind: d.kind, kindSource: d.kindSource },
          upUntil,
          sleep,
          zone,
        ),
        workedUntil: d.worked === null ? null : w.start + d.worked.minutes * MINUTE,
        lastClose: closeOf(inferredWork(w, person, stages.calendar), w.start),
        declined: d.declined?.reason ?? null,
        answered: w.items.some((i) => {
          const a = mine.get(i.id);
          return a !== undefined && (a.woken !== null || a.declined !== null);
        }),
      });
    }
    if (d.declined === null) {
      const last = w.items[w.items.length - 1]!.at;
      upUntil = d.worked === null ? last : Math.max(last, w.start + d.worked.minutes * MINUTE);
    }
  }
  return out;
}

/** A close the rules would infer as the end of work; a close next morning is someone tidying up. */
function closeOf(found: ReturnType<typeof inferredWork>, start: number): number | null {
  return found !== null && typeof found === "object" && "minutes" in found
    ? start + found.minutes * MINUTE
    : null;
}

function reviewAlert(a: Alert) {
  return { id: a.id, tinyId: a.tinyId, createdAt: a.createdAt, message: a.message, closedAt: a.closedAt };
}

/**
 * The person's in-hours alerts in the period whose work ran past the end of support hours: the
 * journal's end of work, else the log's worked column, else its close.
 */
function overruns(
  stages: ToilStages,
  person: string,
  period: Period,
  answers: readonly Answer[],
): ReviewInfo[] {
  const { classification } = stages.context;
  const { calendar } = stages;
  const out: ReviewInfo[] = [];
  classification.alerts.forEach((a, i) => {
    if (classification.outcomes[i] !== "in-hours") return;
    if (
      (period.from !== null && a.createdAt < period.from) ||
      (period.to !== null && a.createdAt >= period.to)
    )
      return;
    const credited = classification.credited(a);
    if (typeof credited === "string" || !credited.includes(person)) return;
    const answered = answers.find((x) => x.person === person && x.alert === a.id)?.workedUntil?.value;
    const end = answered ?? (a.workedMinutes !== null ? a.createdAt + a.workedMinutes * MINUTE : a.closedAt);
    if (end === null || end <= a.createdAt) return;
    if (calendar.outOfHoursMinutes(Math.floor(a.createdAt / MINUTE), Math.floor(end / MINUTE)) > 0)
      out.push({ alert: reviewAlert(a), workedUntil: end });
  });
  return out;
}
