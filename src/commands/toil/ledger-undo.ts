import { appendLedger, ledgerPath } from "../../adapters/ledger";
import { currentSubmissions, type LedgerRecord } from "../../core/ledger";
import { isoUtc } from "../../core/zone";
import { usageError } from "../../errors";
import { escapeText } from "../../render/escape";
import { jsonText } from "../../render/json";
import { ledgerDays } from "../../render/ledger";
import type { CommandContext } from "../context";
import { ledgerRecords } from "./ledger";

const FORMATS = ["table", "json"] as const;

/**
 * `oncall toil ledger undo <claim>` (an action of `toil ledger`): appends an undo record, so the
 * claim counts as not logged again (the file is never rewritten). For a claim recorded by mistake,
 * or logged in BreatheHR and then rejected.
 */
export async function toilLedgerUndo(flags: { claim: string }, ctx: CommandContext): Promise<void> {
  const format = ctx.format(FORMATS, "table");
  const found = currentSubmissions(ledgerRecords(ctx)).filter((r) => r.claim === flags.claim);
  if (found.length === 0) {
    throw usageError(
      `no claim ${flags.claim} recorded as logged (or it was undone already)`,
      "oncall toil ledger lists the claim ids recorded",
    );
  }
  const undone: LedgerRecord[] = found.map((r) => ({ ...r, at: isoUtc(ctx.now), undo: true }));
  appendLedger(ledgerPath(ctx.io.env), undone);
  const r = undone[0]!;
  ctx.io.stdout.write(
    format === "json"
      ? jsonText({ schemaVersion: 1, undone }, ctx.io.stdoutIsTTY)
      : `${escapeText(`Undid ${r.claim} (${r.person}, ${r.date}, ${ledgerDays(r.days)} days): it counts as not logged again.`)}\n`,
  );
}
