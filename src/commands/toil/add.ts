import { randomBytes } from "node:crypto";
import * as z from "zod/mini";
import { appendJournal, journalPath } from "../../adapters/journal";
import type { JournalRecord } from "../../core/answers";
import { parseWorked } from "../../core/duration";
import { checkDateTime } from "../../core/period";
import { isoUtc, type Zone } from "../../core/zone";
import { usageError } from "../../errors";
import { escapeText } from "../../render/escape";
import { jsonText } from "../../render/json";
import type { CommandContext } from "../context";
import { commandOptions, defineCommand } from "../define";
import { loadTeam } from "../team";
import { journalPerson } from "./journal";

const FORMATS = ["table", "json"] as const;
const DAY = 86_400_000;

const options = commandOptions({
  at: z.string(),
  woken: z._default(z.boolean(), false),
  awake: z._default(z.boolean(), false),
  until: z.optional(z.string()),
  worked: z.optional(z.string()),
  note: z.string(),
  person: z.optional(z.string().check(z.minLength(1))),
});

/**
 * `oncall toil add --at <date-time> …`: a callout with no alert (a phone call from second line, an
 * emergency ticket) kept in the journal under a manual alert id, and claimed like any alert.
 */
export async function toilAdd(flags: z.infer<typeof options>, ctx: CommandContext): Promise<void> {
  const format = ctx.format(FORMATS, "table");
  const team = loadTeam(ctx.io, flags.config, ctx.now);
  const { zone } = team;
  if (flags.woken && flags.awake)
    throw usageError("--woken and --awake cannot both be given", "pass one of them");
  if (flags.until !== undefined && flags.worked !== undefined)
    throw usageError("--until and --worked cannot both be given", "pass one of them");
  if (flags.note.trim() === "")
    throw usageError("--note is empty", "say what the callout was: it is what the claim's notes show");
  const at = checkDateTime(flags.at, zone, "--at");
  const until = workEnd(flags, at, zone);
  const person = await journalPerson(team, ctx.io, flags.person);
  const record: JournalRecord = {
    v: 1,
    at: isoUtc(ctx.now),
    person,
    alert: `m-${randomBytes(5).toString("hex")}`,
    calledAt: isoUtc(at),
    ...(flags.woken || flags.awake ? { woken: flags.woken } : {}),
    ...(until !== null ? { workedUntil: isoUtc(until) } : {}),
    note: flags.note,
  };
  appendJournal(journalPath(ctx.io.env), [record]);
  ctx.io.stdout.write(
    format === "json"
      ? jsonText({ schemaVersion: 1, entry: record }, ctx.io.stdoutIsTTY)
      : `${escapeText(`Recorded callout ${record.alert} for ${person} at ${zone.label(at)}: ${flags.note}`)}\n`,
  );
}

/** `--until HH:MM` (the next such time after --at), `--until <date-time>`, or --at + `--worked`. */
function workEnd(flags: { until?: string; worked?: string }, at: number, zone: Zone): number | null {
  if (flags.worked !== undefined) {
    const parsed = parseWorked(flags.worked);
    if (parsed === null || "problem" in parsed) {
      throw usageError(
        `--worked ${flags.worked}: ${parsed === null ? "expected a duration" : parsed.problem}`,
        parsed !== null && "suggestion" in parsed && parsed.suggestion !== null
          ? `for minutes, pass --worked ${parsed.suggestion}`
          : "for example --worked 45m, 1h05m or 1:30",
      );
    }
    return at + parsed.minutes * 60_000;
  }
  if (flags.until === undefined) return null;
  const hhmm = /^(\d{1,2}):(\d{2})$/.exec(flags.until.trim());
  let end: number;
  if (hhmm) {
    const minutes = Number(hhmm[1]) * 60 + Number(hhmm[2]);
    if (Number(hhmm[1]) > 23 || Number(hhmm[2]) > 59)
      throw usageError(`--until ${flags.until}: not a time of day`, "for example --until 03:45");
    end = zone.instant(zone.dateOf(at), minutes);
    if (end <= at) end = zone.instant(zone.dateOf(at + DAY), minutes);
  } else {
    end = checkDateTime(flags.until, zone, "--until");
  }
  if (end <= at) throw usageError(`--until ${flags.until}: before the callout at ${zone.label(at)}`);
  if (end - at > DAY)
    throw usageError(`--until ${flags.until}: more than 24 hours after the callout at ${zone.label(at)}`);
  return end;
}

export const command = defineCommand({
  name: "toil add",
  args: [],
  flags: [
    {
      long: "at",
      value: "date-time",
      description: "when the callout came (local unless it has an offset)",
      required: true,
    },
    { long: "woken", description: "it woke you" },
    { long: "awake", description: "you were awake when it came" },
    { long: "until", value: "time", description: "when you stopped working: HH:MM, or a date-time" },
    { long: "worked", value: "duration", description: "how long you worked: 45m, 1h05m, 1:30" },
    { long: "note", value: "text", description: "what it was (shown in the claim's notes)", required: true },
    { long: "person", value: "id", description: "whose callout (default: me)" },
  ],
  formats: FORMATS,
  options,
  examples: [
    'oncall toil add --at 2026-11-03T02:10 --woken --until 03:05 --note "db-1"',
    'oncall toil add --at "2026-11-08 21:30" --awake --worked 1h30m',
  ],
  run: toilAdd,
});
