import * as z from "zod/mini";
import { journalPath, readJournal } from "../../adapters/journal";
import { answerRecord, foldJournal } from "../../core/answers";
import { usageError } from "../../errors";
import type { JournalDoc } from "../../render/journal";
import { jsonText } from "../../render/json";
import type { IO } from "../../runtime/io";
import type { CommandContext } from "../context";
import { commandOptions, defineCommand } from "../define";
import { loadTeam, personArg, type Team, whoAmI } from "../team";
import { writeWarnings } from "./shared";

const FORMATS = ["table", "json"] as const;

/**
 * The person a journal command is about: `--person` (default me) as a person id. With no people in
 * the config, usernames stand for people (as in toil calc), so `me` is taken as it is.
 */
export async function journalPerson(team: Team, io: IO, text = "me"): Promise<string> {
  if (team.config.people.length === 0) return text === "me" ? await whoAmI(io) : text;
  return personArg(team, io, text);
}

/** A person's current answers, each as a record; warnings about the file go to stderr. */
export function currentAnswers(io: IO, person: string) {
  const warnings: string[] = [];
  const all = foldJournal(readJournal(journalPath(io.env), "journal", (w) => warnings.push(w)));
  writeWarnings(io, warnings);
  return all.filter((a) => a.person === person);
}

/** `oncall toil journal`: the answers kept for a person (default: me); `toil journal forget <alert>`. */
export async function toilJournal(
  flags: { config?: string; person?: string; action?: "forget"; alert?: string },
  ctx: CommandContext,
): Promise<void> {
  if (flags.action === "forget") {
    if (flags.alert === undefined)
      throw usageError(
        "toil journal forget: which alert?",
        "pass its tiny id or id: oncall toil journal forget 6004",
      );
    const { toilJournalForget } = await import("./journal-forget");
    return toilJournalForget({ ...flags, alert: flags.alert }, ctx);
  }
  const format = ctx.format(FORMATS, "table");
  const team = loadTeam(ctx.io, flags.config, ctx.now);
  const person = await journalPerson(team, ctx.io, flags.person);
  const doc: JournalDoc = { schemaVersion: 1, entries: currentAnswers(ctx.io, person).map(answerRecord) };
  if (format === "json") {
    ctx.io.stdout.write(jsonText(doc as unknown as Record<string, unknown>, ctx.io.stdoutIsTTY));
    return;
  }
  const [{ journalText }, { loadScreen }] = await Promise.all([
    import("../../render/journal"),
    import("../../render/screen"),
  ]);
  journalText(doc, person, team.zone, await loadScreen(ctx.io)).writeTo(ctx.io);
}

export const command = defineCommand({
  name: "toil journal",
  args: [
    {
      name: "action",
      description: "forget: clear every answer kept about <alert>",
      optional: true,
      choices: ["forget"],
    },
    { name: "alert", description: "the alert to forget: its tiny id or id, as listed", optional: true },
  ],
  flags: [{ long: "person", value: "id", description: "whose answers (default: me)" }],
  formats: FORMATS,
  options: commandOptions({
    person: z.optional(z.string().check(z.minLength(1))),
    action: z.optional(z.literal("forget")),
    alert: z.optional(z.string()),
  }),
  examples: [
    "oncall toil journal",
    "oncall toil journal --json > my-answers.json",
    "oncall toil journal forget 6004",
    "oncall toil calc alerts.csv --answers alice-answers.json",
  ],
  run: toilJournal,
});
