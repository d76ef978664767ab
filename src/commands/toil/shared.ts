import * as z from "zod/mini";
import { type OpenedLog, openLog, own } from "../../adapters/alert-log";
import type { TeamConfig } from "../../adapters/config-schema";
import { holidayNames } from "../../adapters/holidays";
import type { Alert, AlertField } from "../../core/alert";
import {
  ATTRIBUTION_FIELD,
  type Attribution,
  createLogAttributor,
  createRotaAttributor,
} from "../../core/attribution";
import { parseWorked } from "../../core/duration";
import { AlertIntake } from "../../core/intake";
import { checkDate, resolvePeriod } from "../../core/period";
import { AlertIndex, type MarkContext, resolveMark } from "../../core/refs";
import type { Rota } from "../../core/rota";
import { teamFilterMismatch } from "../../core/teams";
import {
  computeToil,
  type Mark,
  type Period,
  type ToilResult,
  type ToilRules,
  type WorkedEntry,
} from "../../core/toil";
import type { Zone } from "../../core/zone";
import { configError, inputError, usageError } from "../../errors";
import { escapeText } from "../../render/escape";
import type { IO } from "../../runtime/io";
import { loadTeam, personArg, whoAmI } from "../team";

/** Unreadable rows warned about one by one; the rest are counted in one more warning. */
const UNREADABLE_WARNINGS = 20;

/** Flags shared by `toil calc` and `toil export`, validated at the boundary. */
export const toilFlagsSchema = z.object({
  person: z.optional(z.string().check(z.minLength(1))),
  from: z.optional(z.string()),
  to: z.optional(z.string()),
  month: z.optional(z.string()),
  week: z.optional(z.union([z.string(), z.boolean()])),
  woken: z._default(z.array(z.string()), []),
  awake: z._default(z.array(z.string()), []),
  worked: z._default(z.array(z.string()), []),
  inferWorked: z._default(z.boolean(), false),
  lenient: z._default(z.boolean(), false),
  config: z.optional(z.string()),
});
export type ToilFlags = z.infer<typeof toilFlagsSchema>;

export interface ToilRun {
  result: ToilResult;
  config: TeamConfig;
  configPath: string | null;
  emails: Map<string, string | null>;
  zone: Zone;
}

const FIELD_NAMES: Record<AlertField, string> = {
  priority: "priority",
  tags: "tags",
  teams: "teams",
  owner: "owner",
  acknowledgedBy: "acknowledger (Acknowledged By)",
  ackTime: "acknowledgement time",
  closeTime: "close time",
  alias: "alias",
  acknowledged: "Acknowledged",
  woken: "woken",
  worked: "worked",
};

/** SPEC §2: rota when the config has one, else acknowledger when the log has acknowledgers, else owner. */
function chooseAttribution(config: TeamConfig, logs: OpenedLog[]): Attribution {
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

/** Past this many unreadable rows, --lenient gives up: no real export is mostly unreadable. */
const MAX_UNREADABLE = 1_000_000;

/** A filter or attribution that needs a field the log lacks is an input error (SPEC §3). */
function requireFields(logs: OpenedLog[], needs: { field: AlertField; why: string }[]): void {
  for (const { field, why } of needs) {
    const lacking = logs.find((l) => !l.fields.has(field));
    // The commonest case: a hand-made log names who acknowledged, not who owns.
    if (lacking && field === "owner" && lacking.fields.has("acknowledgedBy")) {
      throw inputError(
        `${lacking.file}: ${why} needs the owner of each alert, and this ${lacking.format} log has no such column, only acknowledgers`,
        "set toil.attribution: acknowledger in the team config to credit whoever acknowledged, or add an owner column to the log; see docs/alert-logs.md",
      );
    }
    if (lacking) {
      const json = lacking.format === "opsgenie-json";
      throw inputError(
        `${lacking.file}: ${why} needs the ${FIELD_NAMES[field]} of each alert, and this ${lacking.format} log has no such ${json ? "field on any alert" : "column"}`,
        json
          ? "fetch the alerts again with that field (GET /v2/alerts returns it), or drop the filter from the team config; see docs/alert-logs.md"
          : "export the alerts as Opsgenie API JSON (GET /v2/alerts), or re-export the CSV with that column; see docs/alert-logs.md",
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
  const json = lacking.format === "opsgenie-json";
  throw inputError(
    `${lacking.file}: rota attribution with a second line needs each alert's ${FIELD_NAMES.ackTime} or its ${FIELD_NAMES.acknowledged} flag, and this ${lacking.format} log has ${json ? "neither report.ackTime nor acknowledged on any alert" : "neither column"}`,
    json
      ? "fetch the alerts again with their acknowledged field and report (GET /v2/alerts returns them); see docs/alert-logs.md"
      : lacking.format === "oncall-csv"
        ? "add an acknowledged_at (or acknowledged_by) column, or export the alerts as Opsgenie API JSON (GET /v2/alerts); see docs/alert-logs.md"
        : "export the alerts as Opsgenie API JSON (GET /v2/alerts), or re-export the CSV with the Acknowledged column; see docs/alert-logs.md",
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

/** Reads config and logs, applies the flags, and computes the claims: what calc and export share. */
export async function runToil(files: string[], flags: ToilFlags, io: IO, now: number): Promise<ToilRun> {
  if (files.length === 0)
    throw usageError("no alert log given", "pass one or more files, or - for standard input");
  if (files.filter((f) => f === "-").length > 1) throw usageError("standard input (-) can be read only once");
  const team = loadTeam(io, flags.config, now);
  const { config, filepath, zone, people, peopleList, rota } = team;

  const warnings: string[] = [];
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
    unknownPerson = !known && config.people.length > 0;
    if (unknownPerson) {
      warnings.push(`--person ${name}: not in the config's people; showing alerts credited to that username`);
    }
  }
  let period = resolvePeriod(flags, zone);
  if (flags.week !== undefined && flags.week !== false) {
    if (period !== null)
      throw usageError("--week cannot be combined with --from/--to or --month", "pass one of them");
    period = weekPeriod(rota, typeof flags.week === "string" ? flags.week : null, now, zone);
  }

  const logs: OpenedLog[] = [];
  for (const f of files) {
    // Reading a terminal waits for typing: say so, rather than seem to hang.
    if (f === "-" && io.stdinIsTTY)
      io.stderr.write("reading the alert log from standard input; paste it, then press Ctrl-D to end\n");
    logs.push(await openLog(f, { lenient: flags.lenient, stdin: io.stdin }));
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
  const makeAttributor = () =>
    attribution === "rota"
      ? createRotaAttributor(rota, people, {
          firstLine: rota.lines[0]!.id,
          secondLine: rota.lines[1]?.id ?? null,
          afterMinutes: config.escalation.afterMinutes,
          label: (ms) => zone.label(ms),
          ackTimes: (file) => withAckTimes.has(file),
        })
      : createLogAttributor(attribution, people);
  const attributor = makeAttributor();
  const intake = new AlertIntake(attributor, person, own);
  let unreadable = 0;
  for (const log of logs) {
    await log.read({
      alert: (a) => intake.add(a),
      // Everyone's claims keep every alert: a reader offered no early drop builds no peek of a row.
      early: person === null ? undefined : (peek) => intake.early(peek),
      warning: (w) => warnings.push(w),
      unreadable: (u) => {
        intake.unreadable(u.id ?? u.where, u.id ?? "", u.message);
        // A log of a hundred thousand bad rows must not bury stderr: skipped keeps every one.
        if (++unreadable <= UNREADABLE_WARNINGS) warnings.push(`unreadable: ${u.message}`);
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
  if (unreadable > UNREADABLE_WARNINGS) {
    const more = unreadable - UNREADABLE_WARNINGS;
    warnings.push(
      `and ${more} more unreadable row${more === 1 ? "" : "s"}: --json lists them all in skipped (reason unreadable)`,
    );
  }
  // Without close times there is nothing to infer: one warning here, not a second per window.
  const inferWorked = flags.inferWorked && logs.some((l) => l.fields.has("closeTime"));
  if (flags.inferWorked && !inferWorked) {
    warnings.push("--infer-worked: the log has no close times, so no time worked can be inferred");
  }

  // Who is credited with a marked alert, asked of an attributor of its own: the one that counts
  // keeps notes (approximations, outsiders) that a second look at an alert would double.
  const probe = makeAttributor();
  const creditsOf = (alert: Alert): string[] => {
    const credits = probe.attribute(alert);
    return typeof credits === "string" ? [] : credits.map((c) => c.person);
  };
  // A --person that is nobody in the config and credited with nothing in the logs is a typo, not
  // an outsider's empty claim. Only alerts that could credit it were kept: few, so looking is cheap.
  if (person !== null && unknownPerson && !intake.alerts.some((a) => creditsOf(a).includes(person!))) {
    throw usageError(
      `--person ${flags.person}: no such person in the config, and no alert in the log is credited to that username`,
      `people: ${peopleList.map((p) => p.id).join(", ")}`,
    );
  }
  const markContext: MarkContext = {
    people,
    alerts: new AlertIndex(intake.alerts),
    ...(person !== null ? { scope: { person, flag: `--person ${flags.person}` } } : {}),
    credited: (alert) => {
      const credits = probe.attribute(alert);
      return typeof credits === "string" ? credits : [...new Set(credits.map((c) => c.person))];
    },
  };
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
    worked.push({
      alertId: alert.id,
      person: p,
      minutes: parsed.minutes,
      source: "flag",
    });
  }

  const years = new Set<number>();
  for (const a of intake.alerts) years.add(new Date(a.createdAt).getUTCFullYear());
  const calendar = await team.calendar(years);
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

  const conflictWarnings = intake.done();
  if (filepath === null) {
    warnings.unshift(
      "no team config found, so the defaults apply and usernames are credited as they are (see docs/config.md)",
    );
  }
  const result = computeToil({
    alerts: intake.alerts,
    skipped: intake.skipped,
    otherPersonCount: intake.otherPerson,
    attributor,
    people,
    rules,
    calendar,
    marks,
    worked,
    inferWorked,
    period,
    person,
    holidayNames: names,
    closureDays,
  });
  // concat, not unshift(...): a spread of an input-sized array overflows the call stack
  result.warnings = warnings.concat(conflictWarnings, result.warnings);
  const emails = new Map(peopleList.map((p) => [p.id, p.email]));
  return { result, config, configPath: filepath, emails, zone };
}

export function writeWarnings(io: IO, warnings: readonly string[]): void {
  // one line each: a line break inside a warning could forge a line of its own
  for (const w of warnings) io.stderr.write(`warning: ${escapeText(w)}\n`);
}

/** `--week [DATE]`: the rota week containing 12:00 on DATE, or the week containing now. */
export function weekPeriod(rota: Rota, date: string | null, now: number, zone: Zone): Period {
  if (date !== null) checkDate(date, "--week");
  const w = date === null ? rota.weekAt(now) : rota.weekOfDate(date);
  return { from: w.start, to: w.end, label: `week from ${zone.dateOf(w.start)}` };
}
