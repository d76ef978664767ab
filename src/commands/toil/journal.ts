import * as z from "zod/mini";
import { journalPath, readJournal } from "../../adapters/journal";
import { answerRecord, foldJournal } from "../../core/answers";
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

/** `oncall toil journal`: the answers kept for a person (default: me). */
export async function toilJournal(
  flags: { config?: string; person?: string },
  ctx: CommandContext,
): Promise<void> {
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
  ctx.io.stdout.write(journalText(doc, person, team.zone, await loadScreen(ctx.io)));
}

export const command = defineCommand({
  name: "toil journal",
  args: [],
  flags: [{ long: "person", value: "id", description: "whose answers (default: me)" }],
  formats: FORMATS,
  options: commandOptions({ person: z.optional(z.string().check(z.minLength(1))) }),
  examples: [
    "oncall toil journal",
    "oncall toil journal --json > my-answers.json",
    "oncall toil calc alerts.csv --answers alice-answers.json",
  ],
  run: toilJournal,
});
