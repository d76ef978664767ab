/**
 * The ledger (SPEC §9): what a person recorded as logged in BreatheHR, kept in `ledger.jsonl`
 * beside the journal, one record per line, appended and never rewritten (adapters/jsonl). The
 * user's own state: a ledger that cannot be read is a config error (exit 3) naming it.
 */
import { join } from "node:path";
import * as z from "zod/mini";
import { isCalendarDate } from "../core/calendar";
import type { LedgerRecord } from "../core/ledger";
import { appendJsonl, dataDir, type JsonlFile, parseJsonl, readJsonlText, zodProblem } from "./jsonl";

const FILE: JsonlFile = { what: "ledger", record: "ledger", own: true };

/**
 * Negative: an adjustment recorded for a claim that shrank after its window re-formed (core/ledger
 * recordFor). Bounded: one claim is one night's callouts, so a year of days (and its hours) is
 * already far past any real one; a number past that (1e308, written by hand) would make every
 * total it joins Infinity, and a submission recorded from it null.
 */
const MAX_DAYS = 366;
/** The ledger record's schema, built when a ledger is first read or written (as the journal's). */
function makeLedgerRecordSchema() {
  const days = z.number().check(z.gte(-MAX_DAYS), z.lte(MAX_DAYS));
  const hours = z.number().check(z.gte(-MAX_DAYS * 24), z.lte(MAX_DAYS * 24));
  const iso = z.iso.datetime({ offset: true });
  return z.object({
    v: z.literal(1),
    at: iso,
    person: z.string().check(z.minLength(1)),
    // core/toil claimId: `c-` + 10 hex digits
    claim: z.string().check(z.regex(/^c-[0-9a-f]{10}$/, "not a claim id (c- and 10 hex digits)")),
    date: z
      .string()
      .check(z.regex(/^\d{4}-\d{2}-\d{2}$/), z.refine(isCalendarDate, { message: "not a calendar date" })),
    days,
    hours,
    // every claim has an alert (or a callout from the journal): a record of none matches nothing
    alerts: z.array(z.string().check(z.minLength(1))).check(z.minLength(1)),
    config: z.string(),
    undo: z.optional(z.literal(true)),
  });
}
let ledgerSchema: ReturnType<typeof makeLedgerRecordSchema> | undefined;
export const ledgerRecordSchema = () => (ledgerSchema ??= makeLedgerRecordSchema());

export const ledgerPath = (env: NodeJS.ProcessEnv) => join(dataDir(env), "ledger.jsonl");

/** The ledger's records in file order; absent, none; bad lines skipped with a warning. */
export function readLedger(path: string, warn: (w: string) => void): LedgerRecord[] {
  const text = readJsonlText(path, FILE);
  return text === null ? [] : parseJsonl<LedgerRecord>(text, path, FILE, ledgerRecordSchema(), warn);
}

/**
 * Appends records with one write and an fsync; none unless every one is a record readLedger would
 * read back (finite, bounded numbers above all: JSON would write Infinity as null). A record that
 * is not is a bug in what made it, so it is an error of its own (exit 1), not the user's.
 */
export function appendLedger(path: string, records: readonly LedgerRecord[]): void {
  for (const record of records) {
    const r = ledgerRecordSchema().safeParse(record);
    if (!r.success)
      throw new Error(
        `refusing to write ${path}: not a ledger record (${zodProblem(r.error)}): ${JSON.stringify(record)}`,
      );
  }
  appendJsonl(path, FILE, records);
}
