import * as z from "zod/mini";
import { claimantOf, parseClaimDate, readClaims } from "../../adapters/claims-file";
import { readJournal } from "../../adapters/journal";
import { foldJournal } from "../../core/answers";
import { checkClaims, evidenceFor } from "../../core/check";
import { usageError } from "../../errors";
import type { CheckDoc, EvidenceDoc } from "../../render/check";
import { jsonText } from "../../render/json";
import type { CommandContext } from "../context";
import { commandOptions, defineCommand } from "../define";
import { loadTeam, personArg } from "../team";
import { runToil, toilFlagsSchema, writeWarnings } from "./shared";

const FORMATS = ["table", "json"] as const;

const optionsSchema = commandOptions({
  log: z.array(z.string()),
  claims: z.optional(z.string()),
  person: z.optional(z.string().check(z.minLength(1))),
  date: z.optional(z.string()),
  days: z.optional(z.string()),
  answers: z._default(z.array(z.string()), []),
  lenient: z._default(z.boolean(), false),
});
type CheckOptions = z.infer<typeof optionsSchema>;

/** `oncall toil check <log…> --claims FILE`: claims made against what the logs support (SPEC §9). */
export async function toilCheck(o: CheckOptions, ctx: CommandContext): Promise<void> {
  const format = ctx.format(FORMATS, "table");
  const evidence = o.person !== undefined || o.date !== undefined;
  if (evidence && (o.person === undefined || o.date === undefined))
    throw usageError(
      "--person and --date go together",
      "oncall toil check alerts.csv --person alice --date 2026-11-26",
    );
  if (!evidence && o.claims === undefined)
    throw usageError(
      "toil check needs the claims made",
      "pass --claims FILE (a CSV such as toil calc --format breathe writes; - reads a pasted list), or --person P --date D for one request",
    );
  if (o.days !== undefined && !evidence) throw usageError("--days goes with --person and --date");
  const requested = o.days === undefined ? null : /^\d+(\.\d+)?$/.test(o.days) ? Number(o.days) : Number.NaN;
  if (Number.isNaN(requested)) throw usageError(`--days ${o.days}: expected a number of days, such as 0.5`);
  const date = o.date === undefined ? undefined : parseClaimDate(o.date);
  if (date === null) throw usageError(`--date ${o.date}: expected a date, 2026-11-26 or 26/11/2026`);
  if (o.claims === "-" && o.log.includes("-"))
    throw usageError("standard input (-) can be read only once", "pass the claims or the log as a file");

  // The manager's own journal is not the person's word: only their export (--answers) counts.
  const flags = toilFlagsSchema.parse({
    answers: o.answers,
    journal: false,
    lenient: o.lenient,
    config: o.config,
  });
  const run = await runToil("toil check", o.log, flags, ctx.io, ctx.now, ctx.signals);
  writeWarnings(ctx.io, run.result.warnings);
  const team = loadTeam(ctx.io, o.config, ctx.now);
  const personOf = claimantOf(team.people, team.peopleList);

  if (evidence) {
    const id = await personArg(team, ctx.io, o.person!);
    const rows =
      o.claims === undefined ? [] : await readClaims(o.claims, ctx.io, run.config.toil.hoursPerDay);
    const mine = rows.filter((r) => personOf(r).id === id);
    let asked = requested;
    // Without --days, the request is what the claims file says for that night.
    if (asked === null && mine.length > 0) {
      const night = evidenceFor({ id, name: "" }, date!, null, run.result.claims, run.zone).night;
      const checked = checkClaims({
        claims: run.result.claims,
        rows: mine,
        person: personOf,
        answered: new Set(),
        zone: run.zone,
      });
      asked = checked[0]?.entries.find((x) => x.night === night)?.claimedDays ?? null;
    }
    const e = evidenceFor({ id, name: team.people.get(id)!.name }, date!, asked, run.result.claims, run.zone);
    return printEvidence(e, format, ctx, run.zone);
  }

  const rows = await readClaims(o.claims!, ctx.io, run.config.toil.hoursPerDay);
  const answered = new Set(
    foldJournal(o.answers.flatMap((f) => readJournal(f, "answers", () => {}))).map((a) => a.person),
  );
  const doc: CheckDoc = {
    schemaVersion: 1,
    claimsFile: o.claims === "-" ? "-" : o.claims!,
    people: checkClaims({ claims: run.result.claims, rows, person: personOf, answered, zone: run.zone }),
  };
  if (format === "json") {
    ctx.io.stdout.write(jsonText(doc as unknown as Record<string, unknown>, ctx.io.stdoutIsTTY));
    return;
  }
  const [{ checkText }, { loadScreen }] = await Promise.all([
    import("../../render/check"),
    import("../../render/screen"),
  ]);
  checkText(doc, await loadScreen(ctx.io)).writeTo(ctx.io);
}

async function printEvidence(
  e: ReturnType<typeof evidenceFor>,
  format: (typeof FORMATS)[number],
  ctx: CommandContext,
  zone: Parameters<typeof import("../../render/check").evidenceParagraph>[1],
): Promise<void> {
  const { evidenceParagraph } = await import("../../render/check");
  const text = evidenceParagraph(e, zone);
  if (format === "json") {
    const doc: EvidenceDoc = { schemaVersion: 1, ...e, text };
    ctx.io.stdout.write(jsonText(doc as unknown as Record<string, unknown>, ctx.io.stdoutIsTTY));
    return;
  }
  const { escapeText } = await import("../../render/escape");
  ctx.io.stdout.write(`${escapeText(text)}\n`);
}

export const command = defineCommand({
  name: "toil check",
  args: [
    {
      name: "log",
      description: "the alert logs the claims are checked against",
      variadic: true,
      files: true,
    },
  ],
  flags: [
    {
      long: "claims",
      value: "file",
      description: "the claims made: a CSV with Name or Email, Date, Days or Hours (- reads a pasted list)",
    },
    {
      long: "person",
      value: "id",
      description: "with --date: the evidence for one person's request, as a paragraph",
    },
    {
      long: "date",
      value: "date",
      description: "with --person: the request's date, 2026-11-26 or 26/11/2026",
    },
    { long: "days", value: "n", description: "with --person and --date: the days requested" },
    {
      long: "answers",
      value: "file",
      description: "the person's answers: their oncall toil journal --json export (repeatable)",
      repeatable: true,
    },
    { long: "lenient", description: "turn unreadable rows into warnings instead of failing" },
  ],
  formats: FORMATS,
  options: optionsSchema,
  examples: [
    "oncall toil check alerts.csv --claims breathe-toil.csv",
    "pbpaste | oncall toil check alerts.csv --claims -",
    "oncall toil check alerts.csv --claims claims.csv --answers alice.json",
    "oncall toil check alerts.csv --person alice --date 26/11/2026 --days 1",
  ],
  run: toilCheck,
});
