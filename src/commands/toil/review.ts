import * as z from "zod/mini";
import { appendJournal, journalPath, readJournal } from "../../adapters/journal";
import { type ReviewOutcome, reviewPlanner, reviewWindows } from "../../app/review";
import { toilStages } from "../../app/toil";
import { foldJournal, manualAlert } from "../../core/answers";
import { addDays } from "../../core/calendar";
import { Diagnostics } from "../../core/diagnostics";
import type { Period } from "../../core/toil";
import { isoUtc } from "../../core/zone";
import { OncallError, usageError } from "../../errors";
import { jsonText } from "../../render/json";
import { summaryText } from "../../render/review";
import { inquirerPrompter, type Prompter } from "../../runtime/prompts";
import { logsOrPull } from "../alerts/pull";
import type { CommandContext } from "../context";
import { commandOptions, defineCommand } from "../define";
import { loadTeam, type Team } from "../team";
import { TOIL_FLAGS } from "./flags";
import { journalPerson } from "./journal";
import { toilWording } from "./notices";
import { toilPeriod, writeWarnings } from "./shared";

/** The period a review looks at without a period flag: the last 14 days, today included. */
const REVIEW_DAYS = 14;

const FORMATS = ["table", "json"] as const;

const PERIOD_FLAGS = TOIL_FLAGS.filter((f) => ["from", "to", "month", "week", "lenient"].includes(f.long));

const options = commandOptions({
  log: z._default(z.array(z.string()), []),
  person: z.optional(z.string().check(z.minLength(1))),
  from: z.optional(z.string()),
  to: z.optional(z.string()),
  month: z.optional(z.string()),
  week: z.optional(z.union([z.string(), z.boolean()])),
  all: z._default(z.boolean(), false),
  lenient: z._default(z.boolean(), false),
});
export type ReviewFlags = z.infer<typeof options>;

/**
 * `oncall toil review [<log…>]`: your out-of-hours windows in the period (default: the last 14 days),
 * one unanswered window at a time, on a terminal; the answers go to your journal as they are given.
 * Without logs, the period's alerts are pulled from the API when it is configured (SPEC §10).
 */
export async function toilReview(
  flags: ReviewFlags,
  ctx: CommandContext,
  prompter: Prompter = inquirerPrompter({ color: ctx.io.colorErr }),
): Promise<void> {
  const { io } = ctx;
  const format = ctx.format(FORMATS, "table");
  const team = loadTeam(io, flags.config, ctx.now);
  const period = reviewPeriod(flags, team, ctx);
  if (!io.canPrompt) {
    throw usageError(
      "toil review asks its questions on a terminal, and this is not one (or --no-input was given)",
      "answer with flags instead: oncall toil calc LOG --woken 6004 --worked 6004=1h35m --save; a callout with no alert: oncall toil add",
    );
  }
  if (flags.log.filter((f) => f === "-").length > 0)
    throw usageError("toil review reads its answers from the terminal: give the logs as files, not -");
  const person = await journalPerson(team, io, flags.person);
  const source = await logsOrPull(flags.log, period, team, ctx, "toil review", "review");
  let outcome: ReviewOutcome;
  try {
    outcome = await reviewPeriodWindows(
      { files: source.files, team, person, period, lenient: flags.lenient, all: flags.all },
      ctx,
      prompter,
    );
  } catch (e) {
    // Ctrl-C: say what was not lost (every answer is appended as it is given)
    if (e instanceof OncallError && e.kind === "interrupted")
      throw new OncallError(
        "interrupted",
        e.message,
        "the answers given before it are kept in your journal; run toil review again to go on",
      );
    throw e;
  } finally {
    await source.done();
  }
  if (format === "table") {
    io.stdout.write(summaryText(outcome, person, period.label));
    return;
  }
  const r = outcome.round;
  const doc = {
    schemaVersion: 1,
    person,
    period: {
      from: period.from === null ? null : isoUtc(period.from),
      to: period.to === null ? null : isoUtc(period.to),
      label: period.label,
    },
    asked: outcome.asked,
    windows: r.windows.length,
    unanswered: r.windows.filter((w) => !w.answered).length,
    claims: r.claims,
    days: r.days,
    hours: r.hours,
    declined: r.declined,
  };
  io.stdout.write(jsonText(doc, io.stdoutIsTTY));
}

export interface ReviewScope {
  files: string[];
  team: Team;
  person: string;
  period: Period;
  lenient: boolean;
  all: boolean;
  /** the logs' and the journal's warnings printed (false: the caller has printed them already) */
  warnings?: boolean;
}

/**
 * The review's questions over one person's windows in a period, each answer appended to the
 * journal as it is given: `toil review`'s whole work, and `toil notice`'s first step on a terminal.
 */
export async function reviewPeriodWindows(
  scope: ReviewScope,
  ctx: CommandContext,
  prompter: Prompter,
): Promise<ReviewOutcome> {
  const { io } = ctx;
  const { files, team, person, period } = scope;
  const { zone } = team;
  const path = journalPath(io.env);
  const diag = new Diagnostics(toilWording);
  const first = foldJournal(readJournal(path, "journal", (w) => diag.warn(w)));
  const stages = await toilStages(
    {
      files,
      team,
      io,
      signals: ctx.signals,
      person,
      period,
      lenient: scope.lenient,
      inferWorked: false,
      manualAlerts: first
        .filter((a) => a.calledAt !== null && a.person === person)
        .map((a) => manualAlert(a, path)),
    },
    diag,
  );
  const planner = reviewPlanner({
    stages,
    person,
    period,
    people: team.people,
    zone,
    answers: first,
    reread: () => foldJournal(readJournal(path, "journal", () => {})),
  });
  // The first round's warnings (the logs', the journal's) once; later rounds would only repeat them.
  const firstRound = planner.plan(diag);
  if (scope.warnings !== false) writeWarnings(io, diag.warnings);
  return reviewWindows({
    prompter,
    plan: () => planner.next(firstRound),
    append: (records) => appendJournal(path, records),
    now: () => ctx.now,
    zone,
    write: (text) => io.stderr.write(text),
    all: scope.all,
  });
}

function reviewPeriod(flags: ReviewFlags, team: ReturnType<typeof loadTeam>, ctx: CommandContext): Period {
  const given = toilPeriod(command.name, flags, team, ctx.io, ctx.now);
  if (given !== null) return given;
  const { zone } = team;
  const today = zone.dateOf(ctx.now);
  const from = addDays(today, 1 - REVIEW_DAYS);
  return {
    from: zone.instant(from),
    to: zone.instant(addDays(today, 1)),
    label: `${from} to ${today}`,
  };
}

export const command = defineCommand({
  name: "toil review",
  args: [
    {
      name: "log",
      description: "alert logs: Opsgenie CSV or zip export, Opsgenie API JSON, or oncall CSV",
      variadic: true,
      optional: true,
      files: true,
    },
  ],
  flags: [
    { long: "person", value: "id", description: "whose windows (default: me)" },
    ...PERIOD_FLAGS,
    { long: "all", description: "ask about answered windows too" },
  ],
  formats: FORMATS,
  options,
  examples: [
    "oncall toil review alerts.json",
    "oncall toil review alerts.csv --month 2026-11",
    "oncall toil review alerts.csv --all --from 2026-11-01",
  ],
  run: (o, ctx) => toilReview(o, ctx),
});
