/**
 * The journal (SPEC §9): what a person said about their alerts, kept in
 * `$XDG_DATA_HOME/oncall/journal.jsonl` (or `$ONCALL_DATA_DIR/journal.jsonl`), one JSON record per
 * line, appended and never rewritten. The file is the user's own state, like the settings file:
 * one that cannot be read is a config error (exit 3) naming it; an export passed with --answers
 * is someone else's data, an input error (exit 4).
 */
import { join } from "node:path";
import * as z from "zod/mini";
import type { JournalRecord } from "../core/answers";
import { inputError } from "../errors";
import {
  appendJsonl,
  dataDir,
  type JsonlFile,
  MAX_JSONL_BYTES,
  parseJsonl,
  readJsonlText,
  zodProblem,
} from "./jsonl";

export { dataDir };

/** Years of answers are a few megabytes: a journal past this is not one (or is a mistake). */
export const MAX_JOURNAL_BYTES = MAX_JSONL_BYTES;

/**
 * The journal record's schema, built when a journal is first read: a run with none (a first run,
 * the bench) never builds it (zod's schemas cost a start about a millisecond to make).
 */
function makeJournalRecordSchema() {
  const iso = z.iso.datetime({ offset: true });
  return z.object({
    v: z.literal(1),
    at: iso,
    person: z.string().check(z.minLength(1)),
    alert: z.string().check(z.minLength(1)),
    tinyId: z.optional(z.string()),
    woken: z.optional(z.boolean()),
    workedUntil: z.optional(iso),
    declined: z.optional(z.string().check(z.minLength(1))),
    note: z.optional(z.string()),
    calledAt: z.optional(iso),
    forget: z.optional(z.literal(true)),
  });
}
let journalSchema: ReturnType<typeof makeJournalRecordSchema> | undefined;
export const journalRecordSchema = () => (journalSchema ??= makeJournalRecordSchema());

export const journalPath = (env: NodeJS.ProcessEnv) => join(dataDir(env), "journal.jsonl");

/** Whose file it is decides the exit code: the user's own journal (3), or an export given to read (4). */
export type JournalRole = "journal" | "answers";

const FILES: Record<JournalRole, JsonlFile> = {
  journal: { what: "journal", record: "journal", own: true },
  answers: {
    what: "journal export",
    record: "journal",
    own: false,
    pass: { file: "pass a journal export file", huge: "pass the file written by oncall toil journal --json" },
  },
};

/**
 * The records of a journal or an export, in file order; absent, none. A blank or unreadable line
 * (a torn write, a bad edit) is skipped with a warning naming the file and line.
 */
export function readJournal(path: string, role: JournalRole, warn: (w: string) => void): JournalRecord[] {
  const text = readJsonlText(path, FILES[role]);
  if (text === null) return [];
  if (role === "answers" && text.split("\n", 1)[0]!.trimStart().startsWith("{")) {
    const whole = exportDocument(text);
    if (whole !== null) return recordsOf(whole, path, warn);
  }
  const records = parseJsonl<JournalRecord>(text, path, FILES[role], journalRecordSchema(), warn);
  // Someone else's file that gives no answer at all is not an export (a wrong file, a mangled
  // one): said as an input error, rather than a run that quietly applies nothing.
  if (role === "answers" && records.length === 0 && text.trim() !== "")
    throw inputError(
      `${path}: not a journal export: no journal record could be read from it`,
      "pass the file written by oncall toil journal --json",
    );
  return records;
}

/** Appends records with one write and an fsync (see adapters/jsonl). */
export function appendJournal(path: string, records: readonly JournalRecord[]): void {
  appendJsonl(path, FILES.journal, records);
}

/** `toil journal --json` written to a file: `{ schemaVersion, entries }`, or null when it is not one. */
function exportDocument(text: string): unknown[] | null {
  try {
    const doc = JSON.parse(text) as { entries?: unknown };
    return Array.isArray(doc?.entries) ? doc.entries : null;
  } catch {
    return null;
  }
}

function recordsOf(entries: unknown[], path: string, warn: (w: string) => void): JournalRecord[] {
  const out: JournalRecord[] = [];
  entries.forEach((e, i) => {
    const r = journalRecordSchema().safeParse(e);
    if (r.success) out.push(r.data as JournalRecord);
    else warn(`${path}: entries[${i}]: not a journal record (${zodProblem(r.error)}), skipped`);
  });
  return out;
}
