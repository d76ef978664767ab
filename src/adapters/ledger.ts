/**
 * The ledger (SPEC §9): what a person recorded as logged in BreatheHR, kept in `ledger.jsonl`
 * beside the journal, one record per line, appended and never rewritten (adapters/jsonl). The
 * user's own state: a ledger that cannot be read is a config error (exit 3) naming it.
 */
import { join } from "node:path";
import * as z from "zod/mini";
import type { LedgerRecord } from "../core/ledger";
import { appendJsonl, dataDir, type JsonlFile, parseJsonl, readJsonlText } from "./jsonl";

const FILE: JsonlFile = { what: "ledger", record: "ledger", own: true };

const iso = z.iso.datetime({ offset: true });
// negative: an adjustment recorded for a claim that shrank after its window re-formed (core/ledger recordFor)
const amount = z.number();

export const ledgerRecordSchema = z.object({
  v: z.literal(1),
  at: iso,
  person: z.string().check(z.minLength(1)),
  claim: z.string().check(z.minLength(1)),
  date: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/)),
  days: amount,
  hours: amount,
  alerts: z.array(z.string().check(z.minLength(1))),
  config: z.string(),
  undo: z.optional(z.literal(true)),
});

export const ledgerPath = (env: NodeJS.ProcessEnv) => join(dataDir(env), "ledger.jsonl");

/** The ledger's records in file order; absent, none; bad lines skipped with a warning. */
export function readLedger(path: string, warn: (w: string) => void): LedgerRecord[] {
  const text = readJsonlText(path, FILE);
  return text === null ? [] : parseJsonl<LedgerRecord>(text, path, FILE, ledgerRecordSchema, warn);
}

/** Appends records with one write and an fsync. */
export function appendLedger(path: string, records: readonly LedgerRecord[]): void {
  appendJsonl(path, FILE, records);
}
