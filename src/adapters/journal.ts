/**
 * The journal (SPEC §9): what a person said about their alerts, kept in
 * `$XDG_DATA_HOME/oncall/journal.jsonl` (or `$ONCALL_DATA_DIR/journal.jsonl`), one JSON record per
 * line, appended and never rewritten. The file is the user's own state, like the settings file:
 * one that cannot be read is a config error (exit 3) naming it; an export passed with --answers
 * is someone else's data, an input error (exit 4).
 */
import {
  closeSync,
  constants,
  fchmodSync,
  fstatSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readSync,
  writeSync,
} from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import * as z from "zod/mini";
import type { JournalRecord } from "../core/answers";
import { configError, inputError, type OncallError } from "../errors";

/** Years of answers are a few megabytes: a journal past this is not one (or is a mistake). */
export const MAX_JOURNAL_BYTES = 32 * 1024 * 1024;

const iso = z.iso.datetime({ offset: true });

export const journalRecordSchema = z.object({
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

/** The user's data directory: ONCALL_DATA_DIR, else $XDG_DATA_HOME/oncall (~/.local/share/oncall). */
export function dataDir(env: NodeJS.ProcessEnv): string {
  if (env.ONCALL_DATA_DIR) return env.ONCALL_DATA_DIR;
  const base = env.XDG_DATA_HOME || join(env.HOME || homedir(), ".local", "share");
  return join(base, "oncall");
}

export const journalPath = (env: NodeJS.ProcessEnv) => join(dataDir(env), "journal.jsonl");

/** Whose file it is decides the exit code: the user's own journal (3), or an export given to read (4). */
export type JournalRole = "journal" | "answers";

/**
 * The records of a journal or an export, in file order; absent, none. A blank or unreadable line
 * (a torn write, a bad edit) is skipped with a warning naming the file and line.
 */
export function readJournal(path: string, role: JournalRole, warn: (w: string) => void): JournalRecord[] {
  const text = readWhole(path, role);
  if (text === null) return [];
  const lines = text.split("\n");
  // The text after the last newline is a line only when something is there (a torn last write).
  if (lines[lines.length - 1] === "") lines.pop();
  if (role === "answers" && lines.length > 0 && lines[0]!.trimStart().startsWith("{")) {
    const whole = exportDocument(text);
    if (whole !== null) return recordsOf(whole, path, warn);
  }
  const out: JournalRecord[] = [];
  lines.forEach((line, i) => {
    const where = `${path}:${i + 1}`;
    if (line.trim() === "") {
      warn(`${where}: blank line skipped (a torn write?)`);
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      warn(`${where}: unreadable line skipped (a torn write?)`);
      return;
    }
    const r = journalRecordSchema.safeParse(value);
    if (!r.success) {
      warn(`${where}: not a journal record (${problem(r.error)}), skipped`);
      return;
    }
    out.push(r.data as JournalRecord);
  });
  return out;
}

/**
 * Appends records with one write and an fsync. A file whose last line was torn (no final newline)
 * gets one first, so the new record is never glued to it. O_APPEND makes each write land whole at
 * the end, so two processes appending at once both keep their records.
 */
export function appendJournal(path: string, records: readonly JournalRecord[]): void {
  if (records.length === 0) return;
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  let fd: number;
  try {
    // O_NONBLOCK: a FIFO in its place must not hang the command before the check below.
    fd = openSync(
      path,
      constants.O_RDWR | constants.O_APPEND | constants.O_CREAT | constants.O_NONBLOCK,
      0o600,
    );
  } catch (e) {
    throw cannot(path, "journal", e);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw notRegular(path, "journal");
    if ((st.mode & 0o077) !== 0) fchmodSync(fd, 0o600);
    const torn = tornEnd(fd, st.size);
    const text = (torn ? "\n" : "") + records.map((r) => `${JSON.stringify(r)}\n`).join("");
    const bytes = Buffer.from(text);
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Whether the file ends part-way through a line (a torn write), so an append must start a fresh
 * one. Another process appending at this moment can show its line half-written: a last byte
 * that is not a newline counts only once the file's size has held still for a moment, or the
 * fresh line would be a blank one after the other's record.
 */
function tornEnd(fd: number, size: number): boolean {
  const last = Buffer.alloc(1);
  for (let tries = 0; size > 0 && tries < 50; tries++) {
    readSync(fd, last, 0, 1, size - 1);
    if (last[0] === 0x0a) return false;
    Atomics.wait(PAUSE, 0, 0, 2);
    const now = fstatSync(fd).size;
    if (now === size) return true;
    size = now;
  }
  return size > 0;
}
const PAUSE = new Int32Array(new SharedArrayBuffer(4));

/** The file's text, or null when there is none; bounded, and only from a regular file. */
function readWhole(path: string, role: JournalRole): string | null {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT" && role === "journal") return null;
    throw cannot(path, role, e);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw notRegular(path, role);
    if (st.size > MAX_JOURNAL_BYTES) {
      throw fail(
        role,
        `${path}: larger than ${MAX_JOURNAL_BYTES / 1024 / 1024} MiB, which no ${role === "journal" ? "journal" : "journal export"} is`,
        role === "journal"
          ? "move it aside (it is yours: keep it) and check what wrote to it"
          : "pass the file written by oncall toil journal --json",
      );
    }
    const buf = Buffer.alloc(st.size);
    let got = 0;
    while (got < st.size) {
      const n = readSync(fd, buf, got, st.size - got, got);
      if (n === 0) break;
      got += n;
    }
    return buf.subarray(0, got).toString("utf8");
  } finally {
    closeSync(fd);
  }
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
    const r = journalRecordSchema.safeParse(e);
    if (r.success) out.push(r.data as JournalRecord);
    else warn(`${path}: entries[${i}]: not a journal record (${problem(r.error)}), skipped`);
  });
  return out;
}

function problem(error: z.core.$ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "invalid";
  const at = issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
  return `${at}${issue.message}`;
}

function fail(role: JournalRole, message: string, hint: string): OncallError {
  return role === "journal" ? configError(message, hint) : inputError(message, hint);
}

function notRegular(path: string, role: JournalRole): OncallError {
  return fail(
    role,
    `${path}: not a regular file`,
    role === "journal"
      ? "remove it, or set ONCALL_DATA_DIR to another directory"
      : "pass a journal export file",
  );
}

function cannot(path: string, role: JournalRole, e: unknown): OncallError {
  const code = (e as NodeJS.ErrnoException).code ?? "error";
  const why =
    code === "ENOENT"
      ? "no such file"
      : code === "EACCES" || code === "EPERM"
        ? "permission denied"
        : code === "EISDIR"
          ? "a directory, not a file"
          : code;
  return fail(
    role,
    `cannot ${role === "journal" ? "open" : "read"} ${path}: ${why}`,
    role === "journal"
      ? "check the data directory (ONCALL_DATA_DIR, or $XDG_DATA_HOME/oncall)"
      : "check the path",
  );
}
