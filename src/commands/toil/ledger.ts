import * as z from "zod/mini";
import { ledgerPath, readLedger } from "../../adapters/ledger";
import { usageError } from "../../errors";
import { jsonText } from "../../render/json";
import type { LedgerDoc } from "../../render/ledger";
import type { CommandContext } from "../context";
import { commandOptions, defineCommand } from "../define";
import { loadTeam } from "../team";
import { journalPerson } from "./journal";
import { writeWarnings } from "./shared";

const FORMATS = ["table", "json"] as const;

/** The ledger's records, with warnings about its lines on stderr. */
export function ledgerRecords(ctx: CommandContext) {
  const warnings: string[] = [];
  const records = readLedger(ledgerPath(ctx.io.env), (w) => warnings.push(w));
  writeWarnings(ctx.io, warnings);
  return records;
}

/** `oncall toil ledger`: what was recorded as logged in BreatheHR; `toil ledger undo <claim>`. */
export async function toilLedger(
  flags: { config?: string; person?: string; action?: "undo"; claim?: string },
  ctx: CommandContext,
): Promise<void> {
  if (flags.action === "undo") {
    if (flags.claim === undefined)
      throw usageError(
        "toil ledger undo: which claim?",
        "pass its id, as oncall toil ledger lists them: oncall toil ledger undo c-5f1e0a9b3c",
      );
    const { toilLedgerUndo } = await import("./ledger-undo");
    return toilLedgerUndo({ ...flags, claim: flags.claim }, ctx);
  }
  const format = ctx.format(FORMATS, "table");
  const team = loadTeam(ctx.io, flags.config, ctx.now);
  const person = flags.person === undefined ? null : await journalPerson(team, ctx.io, flags.person);
  const records = ledgerRecords(ctx).filter((r) => person === null || r.person === person);
  const doc: LedgerDoc = { schemaVersion: 1, records };
  if (format === "json") {
    ctx.io.stdout.write(jsonText(doc as unknown as Record<string, unknown>, ctx.io.stdoutIsTTY));
    return;
  }
  const [{ ledgerText }, { loadScreen }] = await Promise.all([
    import("../../render/ledger"),
    import("../../render/screen"),
  ]);
  ledgerText(doc, team.zone, await loadScreen(ctx.io)).writeTo(ctx.io);
}

export const command = defineCommand({
  name: "toil ledger",
  args: [
    {
      name: "action",
      description: "undo: record that <claim> was not logged after all",
      optional: true,
      choices: ["undo"],
    },
    { name: "claim", description: "the claim to undo: its id (c-…), as listed", optional: true },
  ],
  flags: [{ long: "person", value: "id", description: "only this person's records (me = you)" }],
  formats: FORMATS,
  options: commandOptions({
    person: z.optional(z.string().check(z.minLength(1))),
    action: z.optional(z.literal("undo")),
    claim: z.optional(z.string()),
  }),
  examples: ["oncall toil ledger", "oncall toil ledger --json", "oncall toil ledger undo c-5f1e0a9b3c"],
  run: toilLedger,
});
