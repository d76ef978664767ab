/**
 * The TOIL pipeline (SPEC §4), stage by stage; each stage is a pure function of the one before,
 * except the first, which reads:
 *
 *   readAlerts    logs → alerts, de-duplicated across files         (adapters/logs, core/intake)
 *   classify      each alert attributed once, filtered, in hours or out      ← statistics read this
 *   buildWindows  each person's credits grouped into windows                 ← a review sits here,
 *   decide        window + answers → awake or woken, time worked               handing answers on
 *   toClaims      the decided windows in the period → claims and totals       ← a ledger reads this
 *
 * Answers (woken, awake, time worked) come from whoever calls: today the command's flags, resolved
 * against the classification (who is credited with what). One Diagnostics collects every stage's
 * warnings in order. Errors carry data (core's ConflictingMarks names the alerts on each side);
 * the command layer words them in terms of its flags.
 */
import type { TeamConfig } from "../adapters/config-schema";
import { holidayNames } from "../adapters/holidays";
import { type OpenedLog, openLog } from "../adapters/logs";
import { FIELD_NAMES, FORMAT_WORDS } from "../adapters/logs/fields";
import type { Alert, AlertField } from "../core/alert";
import {
  ATTRIBUTION_FIELD,
  type Attribution,
  type Attributor,
  createLogAttributor,
  createRotaAttributor,
} from "../core/attribution";
import type { Diagnostics } from "../core/diagnostics";
import { AlertIntake } from "../core/intake";
import type { PeopleIndex } from "../core/people";
import { AlertIndex } from "../core/refs";
import type { Rota } from "../core/rota";
import type { SupportCalendar } from "../core/support-hours";
import { teamFilterMismatch } from "../core/teams";
import {
  type Answers,
  buildWindows,
  type Classification,
  classify,
  type Decision,
  decideAll,
  type Period,
  type PersonWindows,
  type ToilResult,
  type ToilRules,
  toClaims,
} from "../core/toil";
import type { Zone } from "../core/zone";
import { configError, inputError } from "../errors";
import { escapeText } from "../render/escape";
import { capYoungGeneration } from "../runtime/heap";
import type { IO } from "../runtime/io";
import type { Signals } from "../runtime/signals";

/** Unreadable rows warned about one by one; the rest are counted in one more warning. */
const UNREADABLE_WARNINGS = 20;
/** Rows read before a run counts as a bulk read, which caps V8's young generation (runtime/heap). */
const BULK_ROWS = 50_000;
/** Rows between progress lines on a terminal (SPEC §1: long work past ~100,000 rows shows progress). */
const PROGRESS_ROWS = 1 << 17;
/** Past this many unreadable rows, --lenient gives up: no real export is mostly unreadable. */
const MAX_UNREADABLE = 1_000_000;

/** What answers are resolved against: the alerts kept, indexed by reference, who each credits, the windows. */
export interface AnswerContext {
  alerts: readonly Alert[];
  index: AlertIndex;
  classification: Classification;
  /** the journal's work ends at an instant: a window's start turns it into time worked (SPEC §9) */
  windows: readonly PersonWindows[];
  /** usernames credited that name nobody in the config: with no people, every one the log credits */
  unknownUsernames: ReadonlySet<string>;
}

/** The team as the pipeline needs it: its config, zone, people and rota, and its support calendar. */
export interface Team {
  config: TeamConfig;
  zone: Zone;
  people: PeopleIndex;
  rota: Rota;
  /** support hours with the holidays of these years loaded */
  calendar(years: Iterable<number>): Promise<SupportCalendar>;
}

export interface ToilRequest {
  files: readonly string[];
  team: Team;
  io: Pick<IO, "stdin" | "stdinIsTTY" | "stderr" | "stderrRaw" | "stderrIsTTY">;
  /** keep only this person's claims (a person id, or a username credited as it is) */
  person: string | null;
  period: Period | null;
  lenient: boolean;
  inferWorked: boolean;
  /** alerts that come from no log: callouts recorded with `toil add` (SPEC §9) */
  manualAlerts?: readonly Alert[];
  /** the user stopping the run: the progress line on a terminal is cleared first */
  signals?: Signals;
  answers(ctx: AnswerContext): Answers;
  /** sees what the stages made, before the claims are returned: `alerts stats` aggregates it (app/stats.ts) */
  observe?(stages: PipelineStages): void;
}

/** What the stages made, for an aggregate over them that must agree with the claims. */
export interface PipelineStages {
  classification: Classification;
  decisions: readonly Decision[];
  calendar: SupportCalendar;
  logs: readonly OpenedLog[];
  /** the first and last creation instants of every row read, other people's too; null with none */
  read: { from: number; to: number } | null;
}

/** Runs every stage: from the logs to the claims. */
export async function toilPipeline(req: ToilRequest, diag: Diagnostics): Promise<ToilResult> {
  const stages = await toilStages(req, diag);
  return stages.finish(req.answers(stages.context), diag).result;
}

/**
 * The stages up to the windows, run once, and the last two as a function of the answers: a review
 * runs them again after each window it asks about, since its answers change the guesses after it.
 */
export interface ToilStages {
  context: AnswerContext;
  calendar: SupportCalendar;
  rules: ToilRules;
  finish(answers: Answers, diag: Diagnostics): { decisions: Decision[]; result: ToilResult };
}

export async function toilStages(req: Omit<ToilRequest, "answers">, diag: Diagnostics): Promise<ToilStages> {
  const { team } = req;
  const { config, zone, people } = team;
  const read = await readAlerts(req, diag);
  const { intake, logs, rules, attributor } = read;

  const years = new Set<number>();
  // A Date a row was ~1.5% of the everyone run: alerts come a year at a time, so a new Date is
  // made only for an instant outside the UTC year last found.
  let from = 0;
  let to = -1;
  for (const a of intake.alerts) {
    const at = a.createdAt;
    if (at >= from && at < to) continue;
    const year = new Date(at).getUTCFullYear();
    years.add(year);
    from = Date.UTC(year, 0, 1);
    to = Date.UTC(year + 1, 0, 1);
  }
  const calendar = await team.calendar(years);
  // Without close times there is nothing to infer: one warning here, not a second per window.
  const inferWorked = req.inferWorked && logs.some((l) => l.fields.has("closeTime"));
  if (req.inferWorked && !inferWorked) {
    diag.notice({ code: "infer-no-close-times" });
  }
  diag.warnAll(intake.done());

  const classification = classify(
    {
      alerts: intake.alerts,
      skipped: intake.skipped,
      otherPersonCount: intake.otherPerson,
      attributor,
      people,
      rules,
      calendar,
      person: req.person,
    },
    diag,
  );
  const windows = buildWindows(classification, rules);
  const context: AnswerContext = {
    alerts: intake.alerts,
    index: new AlertIndex(intake.alerts),
    classification,
    windows,
    unknownUsernames: attributor.unknownUsernames,
  };

  // Alerts that only a holiday put out of hours: their claims name it (the BreatheHR notes).
  const closureDays = new Set(config.supportHours.extraHolidays);
  const holidayDates = new Set<string>();
  for (const a of intake.alerts) {
    if (!calendar.isHolidayHours(a.createdAt)) continue;
    const date = zone.dateOf(a.createdAt);
    if (!closureDays.has(date)) holidayDates.add(date);
  }
  const names =
    holidayDates.size > 0 ? await holidayNames(config.supportHours.holidays, holidayDates) : undefined;

  let runs = 0;
  return {
    context,
    calendar,
    rules,
    finish(answers, finishDiag) {
      const decisions = decideAll(
        windows,
        answers,
        { rules, calendar, people, columnsFor: classification.columnsFor, inferWorked },
        finishDiag,
      );
      req.observe?.({
        classification,
        decisions,
        calendar,
        logs,
        read: Number.isNaN(intake.firstAt) ? null : { from: intake.firstAt, to: intake.lastAt + 1 },
      });
      // toClaims adds the out-of-period alerts to what was skipped: a second run starts from a copy.
      const c =
        runs++ === 0
          ? classification
          : {
              ...classification,
              skipped: [...classification.skipped],
              skippedAt: [...classification.skippedAt],
              counts: { ...classification.counts },
            };
      const result = toClaims(
        decisions,
        c,
        { rules, calendar, people, period: req.period, holidayNames: names, closureDays },
        finishDiag,
      );
      return { decisions, result };
    },
  };
}

interface ReadAlerts {
  logs: OpenedLog[];
  intake: AlertIntake;
  rules: ToilRules;
  attributor: Attributor;
}

/** Stage 0: opens the logs, checks they carry what the rules need, and reads them into the intake. */
async function readAlerts(req: Omit<ToilRequest, "answers">, diag: Diagnostics): Promise<ReadAlerts> {
  const { config, zone, people, rota } = req.team;
  const logs: OpenedLog[] = [];
  for (const f of req.files) {
    // Reading a terminal waits for typing: say so, rather than seem to hang.
    if (f === "-" && req.io.stdinIsTTY)
      req.io.stderr.write("reading the alert log from standard input; paste it, then press Ctrl-D to end\n");
    logs.push(await openLog(f, { lenient: req.lenient, stdin: f === "-" ? req.io.stdin : undefined }));
  }

  const attribution = chooseAttribution(config, logs);
  const rules: ToilRules = { ...config.toil, attribution };
  const needs: { field: AlertField; why: string }[] =
    attribution === "rota"
      ? []
      : [{ field: ATTRIBUTION_FIELD[attribution], why: `toil.attribution: ${attribution}` }];
  if (rules.priorities.length) needs.push({ field: "priority", why: "the toil.priorities filter" });
  if (rules.requireTags.length) needs.push({ field: "tags", why: "the toil.requireTags filter" });
  if (rules.teams.length) needs.push({ field: "teams", why: "the toil.teams filter" });
  requireFields(logs, needs);
  if (attribution === "rota" && rota.lines.length > 1) requireAckInfo(logs);
  checkTeamFilter(logs, rules.teams);

  const withAckTimes = new Set(logs.filter((l) => l.fields.has("ackTime")).map((l) => l.file));
  const attributor =
    attribution === "rota"
      ? createRotaAttributor(rota, people, {
          firstLine: rota.lines[0]!.id,
          secondLine: rota.lines[1]?.id ?? null,
          afterMinutes: config.escalation.afterMinutes,
          label: (ms) => zone.label(ms),
          ackTimes: (file) => withAckTimes.has(file),
        })
      : createLogAttributor(attribution, people);
  // Readers hand over alerts with strings of their own: the intake need not copy them.
  const intake = new AlertIntake(attributor, req.person);
  let unreadable = 0;
  let rows = 0;
  let shown = false;
  let peeked = false;
  let reading = "";
  const progress = req.io.stderrIsTTY;
  const bulk = () => {
    if (++rows === BULK_ROWS) void capYoungGeneration();
    // on a terminal only, redrawn in place; piped, stderr carries nothing but warnings
    if (progress && (rows & (PROGRESS_ROWS - 1)) === 0) {
      req.io.stderrRaw.write(`\r\x1b[Kreading ${reading}: ${rows.toLocaleString("en-GB")} rows`);
      shown = true;
    }
  };
  // the progress line goes once the logs are read, or when one fails (its error starts a clean line),
  // or when the user stops the run (Ctrl-C, a kill): the shell's prompt then starts a clean line too
  const clearOnStop = progress
    ? req.signals?.onInterrupt(() => {
        if (shown) req.io.stderrRaw.write("\r\x1b[K");
        return undefined;
      })
    : undefined;
  try {
    for (const log of logs) {
      reading = escapeText(log.file);
      await log.read({
        alert: (a, hashes) => {
          // a row its reader offered for an early drop was counted there, kept or not
          if (peeked) peeked = false;
          else bulk();
          return intake.add(a, hashes);
        },
        // Everyone's claims keep every alert: a reader offered no early drop builds no peek of a row.
        early:
          req.person === null
            ? undefined
            : (peek) => {
                bulk();
                // not dropped: the reader builds the alert and hands it to alert() next
                const dropped = intake.early(peek);
                peeked = !dropped;
                return dropped;
              },
        warning: (w) => diag.warn(w),
        unreadable: (u) => {
          peeked = false;
          intake.unreadable(u.id ?? u.where, u.id ?? "", u.message);
          // A log of a hundred thousand bad rows must not bury stderr: skipped keeps every one.
          if (++unreadable <= UNREADABLE_WARNINGS) diag.warn(`unreadable: ${u.message}`);
          // --lenient over endless or binary input would otherwise list bad rows until memory ran out.
          if (unreadable > MAX_UNREADABLE) {
            throw inputError(
              `${u.file}: more than ${MAX_UNREADABLE.toLocaleString("en-GB")} unreadable rows (the last at ${u.where}): is this an alert log?`,
              "check the file; --lenient is for a few bad rows in a real export",
            );
          }
        },
      });
    }
  } finally {
    clearOnStop?.();
    if (shown) req.io.stderrRaw.write("\r\x1b[K");
  }
  for (const a of req.manualAlerts ?? []) intake.add(a);
  if (unreadable > UNREADABLE_WARNINGS) {
    const more = unreadable - UNREADABLE_WARNINGS;
    diag.warn(
      `and ${more} more unreadable row${more === 1 ? "" : "s"}: --json lists them all in skipped (reason unreadable)`,
    );
  }
  return { logs, intake, rules, attributor };
}

/** SPEC §2: rota when the config has one, else acknowledger when the log has acknowledgers, else owner. */
function chooseAttribution(config: Team["config"], logs: OpenedLog[]): Attribution {
  const hasRota = (config.rota?.lines.length ?? 0) > 0;
  const explicit = config.toil.attribution;
  if (explicit === "rota" && !hasRota) {
    throw configError(
      "toil.attribution: rota needs rota.lines in the config",
      "add the rota, or set toil.attribution to acknowledger or owner",
    );
  }
  return (
    explicit ??
    (hasRota ? "rota" : logs.some((l) => l.fields.has("acknowledgedBy")) ? "acknowledger" : "owner")
  );
}

/** A filter or attribution that needs a field the log lacks is an input error (SPEC §3). */
function requireFields(logs: OpenedLog[], needs: { field: AlertField; why: string }[]): void {
  for (const { field, why } of needs) {
    const lacking = logs.find((l) => !l.fields.has(field));
    // The commonest case: a hand-made log names who acknowledged, not who owns.
    if (lacking && field === "owner" && lacking.fields.has("acknowledgedBy")) {
      throw inputError(
        `${lacking.file}: the log lacks the owner of each alert, which ${why} needs: this ${lacking.format} log has no such column, only acknowledgers`,
        "set toil.attribution: acknowledger in the team config to credit whoever acknowledged, or add an owner column to the log; see docs/alert-logs.md",
      );
    }
    if (lacking) {
      const words = FORMAT_WORDS[lacking.format];
      throw inputError(
        `${lacking.file}: the log lacks the ${FIELD_NAMES[field]} of each alert, which ${why} needs: this ${lacking.format} log has no such ${words.field}`,
        words.refetch,
      );
    }
  }
}

/**
 * Second-line credit turns on whether an alert was acknowledged in time (SPEC §3 "What a log
 * lacks"): a log with neither ack times nor an acknowledged flag would read every alert as escalated.
 */
function requireAckInfo(logs: OpenedLog[]): void {
  const lacking = logs.find((l) => !l.fields.has("ackTime") && !l.fields.has("acknowledged"));
  if (!lacking) return;
  const words = FORMAT_WORDS[lacking.format];
  throw inputError(
    `${lacking.file}: rota attribution with a second line needs each alert's ${FIELD_NAMES.ackTime} or its ${FIELD_NAMES.acknowledged} flag, and this ${lacking.format} log has ${words.noAckInfo}`,
    words.refetchAckInfo,
  );
}

/** toil.teams made wholly of names over a log with team ids only (or the reverse) would match nothing (SPEC §3). */
function checkTeamFilter(logs: OpenedLog[], teams: readonly string[]): void {
  for (const log of logs) {
    const m = teamFilterMismatch(teams, log.teamsAre);
    if (m?.kind === "names-over-ids") {
      throw inputError(
        `${log.file}: toil.teams lists team names (${m.entries.join(", ")}), and this ${log.format} log gives each alert's teams as team ids only`,
        "list the teams' ids in toil.teams (GET /v2/teams, or the id in the team's page address); names and ids can be listed together",
      );
    }
    if (m?.kind === "ids-over-names") {
      throw inputError(
        `${log.file}: toil.teams lists only team ids (${m.entries.join(", ")}), and this ${log.format} log gives team names`,
        "add the teams' names to toil.teams; names and ids can be listed together",
      );
    }
  }
}
