import { existsSync } from "node:fs";
import { resolve } from "node:path";
import * as z from "zod/mini";
import type { TeamConfig } from "../../adapters/config-schema";
import { appendJournal, journalPath, readJournal } from "../../adapters/journal";
import { ledgerPath, readLedger } from "../../adapters/ledger";
import { type AnswerContext, toilPipeline } from "../../app/toil";
import { alertLabel } from "../../core/alert";
import {
  type Answer,
  answersForWindows,
  foldJournal,
  type JournalRecord,
  manualAlert,
  recordsToSave,
} from "../../core/answers";
import { Diagnostics } from "../../core/diagnostics";
import { parseWorked } from "../../core/duration";
import { configDigest, withStatuses } from "../../core/ledger";
import { checkDate } from "../../core/period";
import { type MarkContext, resolveMark } from "../../core/refs";
import type { Rota } from "../../core/rota";
import {
  type Answers,
  answersOf,
  ConflictingMarks,
  DoublyMarked,
  type Mark,
  type Period,
  type ToilResult,
  type WorkedEntry,
} from "../../core/toil";
import { isoUtc, type Zone } from "../../core/zone";
import { inputError, usageError } from "../../errors";
import { escapeText } from "../../render/escape";
import type { IO } from "../../runtime/io";
import type { Signals } from "../../runtime/signals";
import { optionalText, switchOff, switchOn, texts } from "../define";
import { resolvePeriod } from "../period";
import { notItsValue, swallowedValueMessage } from "../swallowed";
import { loadTeam, personArg, whoAmI } from "../team";
import { TOIL_FLAGS } from "./flags";
import { toilWording } from "./notices";

const WEEK_FLAG = TOIL_FLAGS.find((f) => f.long === "week")!;

/** Flags shared by `toil calc` and `toil export`, validated at the boundary. */
export const toilFlagsSchema = z.object({
  person: z.optional(z.string().check(z.minLength(1))),
  from: optionalText,
  to: optionalText,
  month: optionalText,
  week: z.optional(z.union([z.string(), z.boolean()])),
  woken: texts,
  awake: texts,
  worked: texts,
  inferWorked: switchOff,
  lenient: switchOff,
  journal: switchOn,
  answers: texts,
  save: switchOff,
  new: switchOff,
  ledger: switchOn,
  config: optionalText,
});
export type ToilFlags = z.infer<typeof toilFlagsSchema>;

export interface ToilRun {
  result: ToilResult;
  config: TeamConfig;
  configPath: string | null;
  emails: Map<string, string | null>;
  zone: Zone;
}

/** Reads config and logs, applies the flags, and computes the claims: what calc and export share. */
export async function runToil(
  command: string,
  files: string[],
  flags: ToilFlags,
  io: IO,
  now: number,
  signals?: Signals,
): Promise<ToilRun> {
  if (files.length === 0)
    throw usageError("no alert log given", "pass one or more files, or - for standard input");
  if (files.filter((f) => f === "-").length > 1) throw usageError("standard input (-) can be read only once");
  const team = loadTeam(io, flags.config, now);
  const { config, filepath, zone, people, peopleList } = team;

  const diag = new Diagnostics(toilWording);
  if (filepath === null) {
    diag.warn(
      "no team config found, so the defaults apply and usernames are credited as they are (see docs/config.md)",
    );
  }
  let person: string | null = null;
  let unknownPerson = false;
  if (flags.person !== undefined) {
    // A `me` that names nobody is fixed where it was set (as for rota next); with no people in the
    // config, usernames are credited as they are, so `me` may be one.
    const name =
      flags.person !== "me"
        ? flags.person
        : config.people.length > 0
          ? await personArg(team, io, "me")
          : await whoAmI(io);
    const known = people.byUsername(name);
    person = known?.id ?? name;
    unknownPerson = !known;
    if (unknownPerson && config.people.length > 0) {
      diag.warn(`--person ${name}: not in the config's people; showing alerts credited to that username`);
    }
  }
  const period = toilPeriod(command, flags, team, io, now);

  // The journal below the flags and above the log's columns (SPEC §9); --answers after it, so
  // someone else's export speaks for them.
  const kept = keptAnswers(flags, io, (w) => diag.warn(w));
  let toSave: JournalRecord[] = [];
  const answers = (ctx: AnswerContext): Answers => {
    const { classification } = ctx;
    // A --person that is nobody in the config and credited with nothing in the logs is a typo, not
    // an outsider's empty claim. Only alerts that could credit it were kept: few, so looking is cheap.
    if (
      person !== null &&
      unknownPerson &&
      !ctx.alerts.some((a) => {
        const credited = classification.credited(a);
        return typeof credited !== "string" && credited.includes(person!);
      })
    ) {
      throw unknownPersonError(flags.person!, person, peopleList, ctx.unknownUsernames);
    }
    const given = answersFromFlags(flags, {
      people,
      alerts: ctx.index,
      ...(person !== null ? { scope: { person, flag: `--person ${flags.person}` } } : {}),
      credited: (alert) => classification.credited(alert),
    });
    if (flags.save) toSave = recordsToSave(given.marks, given.worked, ctx.windows, isoUtc(now));
    const journal = answersForWindows(kept, ctx.windows, zone, diag);
    return answersOf(
      [...given.marks, ...journal.marks],
      [...given.worked, ...journal.worked],
      journal.declined,
    );
  };
  let result: ToilResult;
  try {
    result = await toilPipeline(
      {
        files,
        team,
        io,
        person,
        period,
        lenient: flags.lenient,
        inferWorked: flags.inferWorked,
        manualAlerts: kept.filter((a) => a.calledAt !== null).map((a) => manualAlert(a, journalPath(io.env))),
        answers,
        signals,
      },
      diag,
    );
  } catch (e) {
    throw inFlagTerms(e);
  }
  appendJournal(journalPath(io.env), toSave);
  if (flags.new && !flags.ledger)
    throw usageError("--new needs the ledger, and --no-ledger ignores it", "drop one of the two");
  if (flags.ledger) result = withLedger(result, config, person, flags.new, io);
  const emails = new Map(peopleList.map((p) => [p.id, p.email]));
  return { result, config, configPath: filepath, emails, zone };
}

/** Each claim's status against the ledger (SPEC §9); its warnings after the pipeline's. */
function withLedger(
  result: ToilResult,
  config: TeamConfig,
  person: string | null,
  onlyNew: boolean,
  io: IO,
): ToilResult {
  const records = readLedger(ledgerPath(io.env), (w) => result.warnings.push(w));
  // the digest is compared with records' only: with none (a first run), it is not worth hashing
  const digest = records.length > 0 ? rulesDigest(config) : "";
  return withStatuses(result, { records, digest, person, onlyNew });
}

/** The digest of the rules a claim is computed by, recorded with each submission. */
export function rulesDigest(config: TeamConfig): string {
  return configDigest({
    timezone: config.timezone,
    supportHours: config.supportHours,
    toil: config.toil,
    escalationAfterMinutes: config.escalation.afterMinutes,
  });
}

/** Credited usernames named in a hint, at most: a log of many people would bury the line. */
const USERNAMES_SHOWN = 8;

/**
 * A --person nobody is credited as: a typo, said alike with a config or without. A name that is
 * the local part of a credited username (alice for alice@example.com) is what was meant.
 */
function unknownPersonError(
  flag: string,
  person: string,
  peopleList: readonly { id: string }[],
  credited: ReadonlySet<string>,
): Error {
  const what =
    peopleList.length > 0
      ? `--person ${flag}: no such person in the config, and no alert in the log is credited to that username`
      : `--person ${flag}: no alert in the log is credited to that username`;
  const lower = person.toLowerCase();
  const meant = [...credited].filter((u) => u.toLowerCase().split("@")[0] === lower).sort();
  if (meant.length > 0) return usageError(what, `did you mean --person ${meant.join(" or --person ")}?`);
  if (peopleList.length > 0) return usageError(what, `people: ${peopleList.map((p) => p.id).join(", ")}`);
  const names = [...credited].sort();
  if (names.length === 0) return usageError(what, "the log credits nobody");
  const more = names.length - USERNAMES_SHOWN;
  return usageError(
    what,
    `usernames the log credits: ${names.slice(0, USERNAMES_SHOWN).join(", ")}${more > 0 ? ` and ${more} more` : ""}`,
  );
}

/** The journal's current answers and those of --answers exports; none with --no-journal alone. */
function keptAnswers(flags: ToilFlags, io: IO, warn: (w: string) => void): Answer[] {
  const records = flags.journal ? readJournal(journalPath(io.env), "journal", warn) : [];
  for (const file of flags.answers) records.push(...readJournal(file, "answers", warn));
  return foldJournal(records);
}

/** The answers the flags give: --woken and --awake marks, --worked times. */
function answersFromFlags(
  flags: ToilFlags,
  markContext: MarkContext,
): { marks: Mark[]; worked: WorkedEntry[] } {
  const marks: Mark[] = [];
  for (const [flag, list, woken] of [
    ["--woken", flags.woken, true],
    ["--awake", flags.awake, false],
  ] as const) {
    for (const text of list) {
      const { alert, person: p } = resolveMark(text, flag, text, markContext);
      marks.push({ alertId: alert.id, person: p, woken, source: "flag" });
    }
  }
  const worked: WorkedEntry[] = [];
  for (const text of flags.worked) {
    const eq = text.lastIndexOf("=");
    const parsed = eq > 0 ? parseWorked(text.slice(eq + 1)) : null;
    if (parsed === null) {
      throw usageError(
        `--worked ${text}: expected [person:]<alert>=<duration>`,
        "for example --worked 6004=1h35m or --worked alice:6004=45m",
      );
    }
    if ("problem" in parsed) {
      throw usageError(
        `--worked ${text}: ${parsed.problem}`,
        parsed.suggestion === null
          ? "for example --worked 6004=1h35m or --worked alice:6004=45m"
          : `for minutes, pass --worked ${text.slice(0, eq)}=${parsed.suggestion}`,
      );
    }
    const { alert, person: p } = resolveMark(text.slice(0, eq), "--worked", text, markContext);
    worked.push({ alertId: alert.id, person: p, minutes: parsed.minutes, source: "flag" });
  }
  return { marks, worked };
}

/** The pipeline's domain errors, said in terms of this command's flags. */
function inFlagTerms(e: unknown): unknown {
  if (e instanceof DoublyMarked) {
    return usageError(
      `alert ${alertLabel(e.alert)} is marked both --woken and --awake for ${e.person}`,
      "keep one of the two marks",
    );
  }
  if (e instanceof ConflictingMarks) {
    return e.source === "flag"
      ? usageError(e.message, "alerts within an hour make one claim: mark them all the same way")
      : inputError(
          e.message,
          "alerts within an hour make one claim: make them agree, or decide with --woken or --awake",
        );
  }
  return e;
}

export function writeWarnings(io: IO, warnings: readonly string[]): void {
  // one line each: a line break inside a warning could forge a line of its own
  for (const w of warnings) io.stderr.write(`warning: ${escapeText(w)}\n`);
}

/** The period flags of a toil command (`--from/--to`, `--month`, `--week [DATE]`), or null for none. */
export function toilPeriod(
  command: string,
  flags: Pick<ToilFlags, "from" | "to" | "month" | "week">,
  team: { rota: Rota; zone: Zone },
  io: Pick<IO, "cwd">,
  now: number,
): Period | null {
  const { zone } = team;
  const period = resolvePeriod(flags, zone);
  if (
    typeof flags.week === "string" &&
    notItsValue(WEEK_FLAG, flags.week) &&
    existsSync(resolve(io.cwd, flags.week))
  )
    throw usageError(swallowedValueMessage(command, WEEK_FLAG, flags.week));
  if (flags.week === undefined || flags.week === false) return period;
  if (period !== null)
    throw usageError("--week cannot be combined with --from/--to or --month", "pass one of them");
  return weekPeriod(team.rota, typeof flags.week === "string" ? flags.week : null, now, zone);
}

/** `--week [DATE]`: the rota week containing 12:00 on DATE, or the week containing now. */
export function weekPeriod(rota: Rota, date: string | null, now: number, zone: Zone): Period {
  if (date !== null) checkDate(date, "--week");
  const w = date === null ? rota.weekAt(now) : rota.weekOfDate(date);
  return { from: w.start, to: w.end, label: `week from ${zone.dateOf(w.start)}` };
}
