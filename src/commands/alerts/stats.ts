import { existsSync } from "node:fs";
import { resolve } from "node:path";
import * as z from "zod/mini";
import { alertStats, STATS_BY, type StatsBy } from "../../app/stats";
import { Diagnostics } from "../../core/diagnostics";
import { checkMonth } from "../../core/period";
import { usageError } from "../../errors";
import { jsonText } from "../../render/json";
import type { CommandContext } from "../context";
import { defineCommand, type FlagDeclaration, globalOptionsShape } from "../define";
import { rateArg } from "../numbers";
import { resolvePeriod } from "../period";
import { notItsValue, swallowedValueMessage } from "../swallowed";
import { loadTeam, personArg } from "../team";
import { TOIL_FLAGS } from "../toil/flags";
import { toilWording } from "../toil/notices";
import { weekPeriod, writeWarnings } from "../toil/shared";

const FORMATS = ["table", "json", "html"] as const;
type StatsFormat = (typeof FORMATS)[number];

/** The period flags and --answers mean what they mean for toil calc: declared once, there. */
const SHARED = ["person", "from", "to", "month", "week", "answers"];

const WEEK_FLAG = TOIL_FLAGS.find((f) => f.long === "week")!;

const FLAGS: readonly FlagDeclaration[] = [
  ...TOIL_FLAGS.filter((f) => SHARED.includes(f.long)),
  {
    long: "by",
    value: "unit",
    description:
      "a row per month, ISO week or rota week, or one row with the people first (person) (default: month)",
    choices: STATS_BY,
  },
  { long: "rate", value: "amount", description: "on-call pay per out-of-hours hour, for the people's pay" },
  {
    long: "pay-period",
    description:
      "on-call hours over the rota's pay period of --month (rota.payPeriod), not the calendar month",
  },
  {
    long: "claims",
    value: "file",
    description: "a CSV of claims made (Name or Email, Date, Days or Hours): claimed against computed",
  },
  { long: "out", value: "file", description: "with --format html: the page to write (atomically)" },
  { long: "force", description: "with --out: replace the file if it exists" },
];

const optionsSchema = z.object({
  ...globalOptionsShape,
  log: z.array(z.string()),
  person: z.optional(z.string()),
  from: z.optional(z.string()),
  to: z.optional(z.string()),
  month: z.optional(z.string()),
  week: z.optional(z.union([z.string(), z.boolean()])),
  answers: z._default(z.array(z.string()), []),
  by: z._default(z.enum(STATS_BY), "month"),
  rate: z.optional(z.string()),
  payPeriod: z._default(z.boolean(), false),
  claims: z.optional(z.string()),
  out: z.optional(z.string()),
  force: z._default(z.boolean(), false),
});
type Options = z.infer<typeof optionsSchema>;

/** `oncall alerts stats <log...>`: out-of-hours load, cost and noise (SPEC §11). */
export async function alertsStats(o: Options, ctx: CommandContext): Promise<void> {
  const format = ctx.format<StatsFormat>(FORMATS, "table");
  // `alerts stats --week alerts.csv`: the log taken as the week's date, and no log left
  if (typeof o.week === "string" && notItsValue(WEEK_FLAG, o.week) && existsSync(resolve(ctx.io.cwd, o.week)))
    throw usageError(swallowedValueMessage(command.name, WEEK_FLAG, o.week));
  if (o.log.length === 0)
    throw usageError("no alert log given", "pass one or more files, or - for standard input");
  if (o.log.filter((f) => f === "-").length > 1) throw usageError("standard input (-) can be read only once");
  if (format === "html" && o.out === undefined)
    throw usageError("--format html needs --out FILE", "for example --out stats.html");
  if (format !== "html" && o.out !== undefined)
    throw usageError("--out is for --format html", "pass --format html, or leave --out out");
  if (o.payPeriod && o.month === undefined)
    throw usageError("--pay-period needs --month YYYY-MM", "the rota's pay period is that of a month");
  // the page's file is refused now, not after the logs were read
  if (format === "html")
    await (await import("../../adapters/file-writer")).checkOut(ctx.io.cwd, o.out!, o.force);
  const rate = rateArg(o.rate);
  const team = loadTeam(ctx.io, o.config, ctx.now);
  let period = resolvePeriod(o, team.zone);
  if (o.week !== undefined && o.week !== false) {
    if (period !== null)
      throw usageError("--week cannot be combined with --from/--to or --month", "pass one of them");
    period = weekPeriod(team.rota, typeof o.week === "string" ? o.week : null, ctx.now, team.zone);
  }
  const person = o.person === undefined ? null : await personArg(team, ctx.io, o.person);
  let claimed: Map<string, number> | null = null;
  if (o.claims !== undefined) {
    const { claimantOf, readClaims } = await import("../../adapters/claims-file");
    const who = claimantOf(team.people, team.peopleList);
    claimed = new Map();
    for (const row of await readClaims(o.claims, ctx.io, team.config.toil.hoursPerDay)) {
      const id = who(row).id;
      claimed.set(id, Math.round(((claimed.get(id) ?? 0) + row.days) * 10_000) / 10_000);
    }
  }
  const diag = new Diagnostics(toilWording);
  const doc = await alertStats(
    {
      files: o.log,
      team,
      io: ctx.io,
      signals: ctx.signals,
      person,
      period,
      by: o.by as StatsBy,
      answers: o.answers,
      rate,
      payPeriod: o.payPeriod ? { month: checkMonth(o.month!, "--month") } : null,
      claimed,
      now: ctx.now,
    },
    diag,
  );
  writeWarnings(ctx.io, doc.warnings);
  if (format === "json") {
    ctx.io.stdout.write(jsonText(doc as unknown as Record<string, unknown>, ctx.io.stdoutIsTTY));
    return;
  }
  if (format === "html") {
    const [{ statsHtml }, { writeFileAtomic }] = await Promise.all([
      import("../../render/stats-html"),
      import("../../adapters/file-writer"),
    ]);
    const path = await writeFileAtomic(ctx.io.cwd, o.out!, statsHtml(doc), o.force, ctx.signals);
    ctx.io.stderr.write(`wrote ${path}\n`);
    return;
  }
  const [{ statsText }, { loadScreen }] = await Promise.all([
    import("../../render/stats-text"),
    import("../../render/screen"),
  ]);
  statsText(doc, await loadScreen(ctx.io), { zone: team.zone, now: ctx.now }).writeTo(ctx.io);
}

export const command = defineCommand({
  name: "alerts stats",
  args: [
    {
      name: "log",
      description: "alert logs, as for toil calc (- reads standard input)",
      variadic: true,
      files: true,
    },
  ],
  flags: FLAGS,
  formats: FORMATS,
  options: optionsSchema,
  examples: [
    "oncall alerts stats alerts.csv --month 2026-11",
    "oncall alerts stats alerts.json --from 2026-01-01 --to 2026-03-31 --by week",
    "oncall alerts stats alerts.csv --month 2026-11 --rate 2.50 --answers a.json",
    "oncall alerts stats alerts.csv --month 2026-11 --format html --out ooh.html",
  ],
  run: (options, ctx) => alertsStats(options, ctx),
});
