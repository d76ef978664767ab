import * as z from "zod/mini";
import { appendLedger, ledgerPath, readLedger } from "../../adapters/ledger";
import { formatHours } from "../../core/duration";
import { correctionText, type LedgerRecord, recordFor } from "../../core/ledger";
import type { Claim } from "../../core/toil";
import { isoUtc, type Zone } from "../../core/zone";
import { usageError } from "../../errors";
import { breatheNote } from "../../render/breathe-note";
import { escapeText } from "../../render/escape";
import { jsonText } from "../../render/json";
import { ledgerDays } from "../../render/ledger";
import { inquirerPrompter, type Prompter } from "../../runtime/prompts";
import { logsOrPull } from "../alerts/pull";
import type { CommandContext } from "../context";
import { defineCommand, globalOptionsShape } from "../define";
import { previousMonth } from "../period";
import { loadTeam } from "../team";
import { TOIL_FLAGS } from "./flags";
import { rulesDigest, runToil, toilFlagsSchema, toilPeriod, writeWarnings } from "./shared";

const FORMATS = ["table", "json"] as const;
/** submit always consults the ledger and shows only what is new or changed: those flags are its own */
const FLAGS = TOIL_FLAGS.filter((f) => f.long !== "new" && f.long !== "no-ledger");

const KEYS = "Press Enter when it is logged in BreatheHR, s to skip, q to stop:";

/**
 * `oncall toil submit [<log…>]`: the new and changed claims one at a time, with what to type into
 * BreatheHR's Log TOIL form, each recorded in the ledger when the person says it is logged (so
 * Ctrl-C keeps every one recorded before it). `--yes` records them all without asking.
 */
export async function toilSubmit(
  files: string[],
  rawFlags: Record<string, unknown>,
  ctx: CommandContext,
  prompter: Prompter = inquirerPrompter({ color: ctx.io.colorErr }),
): Promise<void> {
  const format = ctx.format(FORMATS, "table");
  const yes = rawFlags.yes === true;
  if (!yes && !ctx.io.canPrompt) {
    throw usageError(
      "toil submit asks before recording each claim, and there is no terminal to ask on",
      "pass --yes to record every new and changed claim as logged, or run it on a terminal",
    );
  }
  const flags = toilFlagsSchema.parse({
    ...rawFlags,
    person: rawFlags.person ?? "me",
    new: true,
    ledger: true,
  });
  // Without logs, the period's alerts (by default last month's: the month's submit) from the API.
  let source = { files, done: async () => {} };
  if (files.length === 0) {
    const team = loadTeam(ctx.io, flags.config, ctx.now);
    const period =
      toilPeriod(command.name, flags, team, ctx.io, ctx.now) ?? previousMonth(team.zone, ctx.now);
    source = await logsOrPull(files, period, team, ctx, "toil submit", "claims");
  }
  try {
    await submit(source.files);
  } finally {
    await source.done();
  }

  async function submit(files: string[]): Promise<void> {
    const { result, config, zone } = await runToil(command.name, files, flags, ctx.io, ctx.now, ctx.signals);
    writeWarnings(ctx.io, result.warnings);
    const path = ledgerPath(ctx.io.env);
    const digest = rulesDigest(config);
    const recorded: LedgerRecord[] = [];
    let skipped = 0;
    const total = result.claims.length;
    for (const [i, claim] of result.claims.entries()) {
      // read afresh each time: another run (another machine through a synced folder) may have added
      const records = readLedger(path, () => {});
      const record = recordFor(claim, records, {
        digest,
        at: isoUtc(ctx.now),
        hoursPerDay: result.rules.hoursPerDay,
      });
      if (!yes) {
        ctx.io.stderr.write(claimText(claim, result.rules.hoursPerDay, i, total, zone));
        const key = await prompter.key({
          message: KEYS,
          keys: { enter: "logged", s: "skip", q: "stop" } as const,
        });
        if (key === "stop") break;
        if (key === "skip") {
          skipped++;
          continue;
        }
      }
      appendLedger(path, [record]);
      recorded.push(record);
    }
    if (format === "json") {
      ctx.io.stdout.write(jsonText({ schemaVersion: 1, records: recorded }, ctx.io.stdoutIsTTY));
      return;
    }
    const days = recorded.reduce((s, r) => s + r.days, 0);
    ctx.io.stdout.write(
      total === 0
        ? "Nothing new or changed to submit.\n"
        : `Recorded ${recorded.length} of ${total} claim${total === 1 ? "" : "s"} as logged (${ledgerDays(days)} days)` +
            `${skipped > 0 ? `, skipped ${skipped}` : ""}; oncall toil ledger lists them.\n`,
    );
  }
}

/** One claim as the person types it into the Log TOIL form: date, days and hours, the note. */
function claimText(claim: Claim, hoursPerDay: number, i: number, total: number, zone: Zone): string {
  const head = `[${i + 1}/${total}] ${zone.label(Date.parse(claim.start))}, ${claim.status}`;
  const lines = ["", escapeText(`${head}: ${claim.name} (${claim.person})`)];
  if (claim.status === "changed" && claim.submitted) {
    lines.push(
      `  logged ${ledgerDays(claim.submitted.days)} day on ${claim.submitted.at.slice(0, 10)}; now ${ledgerDays(claim.days)} day`,
      `  Correction: ${correctionText(claim.difference ?? 0)}`,
    );
    if (claim.rulesChanged) lines.push("  (the TOIL rules changed since it was logged)");
  }
  // what to type: a whole claim, or the correction that tops it up
  const days = claim.status === "changed" ? Math.max(0, claim.difference ?? 0) : claim.days;
  if (days > 0) {
    lines.push(
      `  Date:  ${claim.date}`,
      `  Days:  ${ledgerDays(days)}`,
      `  Hours: ${formatHours(days * hoursPerDay)}`,
    );
  }
  lines.push(`  Notes: ${escapeText(breatheNote(claim, zone))}`, "");
  return lines.join("\n");
}

export const command = defineCommand({
  name: "toil submit",
  args: [
    {
      name: "log",
      description: "alert logs, as for toil calc (none: last month's, pulled from the API)",
      variadic: true,
      optional: true,
      files: true,
    },
  ],
  flags: [
    ...FLAGS,
    { long: "yes", description: "record every new and changed claim as logged, without asking" },
  ],
  formats: FORMATS,
  options: z.extend(toilFlagsSchema, {
    ...globalOptionsShape,
    log: z._default(z.array(z.string()), []),
    yes: z.optional(z.boolean()),
  }),
  examples: [
    "oncall toil submit alerts.csv --month 2026-11",
    "oncall toil submit alerts.csv --month 2026-11 --yes --json",
  ],
  run: (options, ctx) => toilSubmit(options.log, options, ctx),
});
