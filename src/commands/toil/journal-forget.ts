import { appendJournal, journalPath } from "../../adapters/journal";
import { isoUtc } from "../../core/zone";
import { usageError } from "../../errors";
import { escapeText } from "../../render/escape";
import { jsonText } from "../../render/json";
import type { CommandContext } from "../context";
import { loadTeam } from "../team";
import { currentAnswers, journalPerson } from "./journal";

const FORMATS = ["table", "json"] as const;

/**
 * `oncall toil journal forget <alert>` (an action of `toil journal`): appends a `forget` record, which clears every answer about
 * the alert (the file is never rewritten). The alert is named by id or tiny id.
 */
export async function toilJournalForget(
  flags: { alert: string; config?: string; person?: string },
  ctx: CommandContext,
): Promise<void> {
  const format = ctx.format(FORMATS, "table");
  const team = loadTeam(ctx.io, flags.config, ctx.now);
  const person = await journalPerson(team, ctx.io, flags.person);
  const answers = currentAnswers(ctx.io, person);
  const byId = answers.filter((a) => a.alert === flags.alert);
  const found = byId.length > 0 ? byId : answers.filter((a) => a.tinyId === flags.alert);
  if (found.length === 0) {
    throw usageError(
      `no answers kept for ${person} about alert ${flags.alert}`,
      "oncall toil journal lists them, by tiny id or id",
    );
  }
  // Tiny ids come round again: two alerts under one name are named by their ids instead.
  if (found.length > 1) {
    throw usageError(
      `alert ${flags.alert} names ${found.length} alerts in ${person}'s journal: ${found.map((a) => a.alert).join(", ")}`,
      "pass the alert's id",
    );
  }
  const a = found[0]!;
  const record = {
    v: 1 as const,
    at: isoUtc(ctx.now),
    person,
    alert: a.alert,
    ...(a.tinyId !== null ? { tinyId: a.tinyId } : {}),
    forget: true as const,
  };
  appendJournal(journalPath(ctx.io.env), [record]);
  ctx.io.stdout.write(
    format === "json"
      ? jsonText({ schemaVersion: 1, forgotten: record }, ctx.io.stdoutIsTTY)
      : `${escapeText(`Forgot ${person}'s answers about alert ${a.tinyId ?? a.alert}.`)}\n`,
  );
}
