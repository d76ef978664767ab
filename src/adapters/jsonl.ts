/**
 * The JSON Lines store behind the journal and the ledger (SPEC §9): one JSON record per line,
 * appended with one write and an fsync, never rewritten, mode 0600. A blank or unreadable line (a
 * torn write, a bad edit) is skipped with a warning naming the file and line, and the next append
 * starts on a fresh line. The user's own file that cannot be read is a config error (exit 3); a
 * file given to read (someone else's export) is an input error (exit 4).
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
  statSync,
  writeSync,
} from "node:fs";
import { dirname, join, resolve } from "node:path";
import type * as z from "zod/mini";
import { configError, inputError, type OncallError } from "../errors";
import { homeDir } from "../runtime/home";

/** Years of answers or submissions are a few megabytes: a file past this is not one (or is a mistake). */
export const MAX_JSONL_BYTES = 32 * 1024 * 1024;

/** The user's data directory: ONCALL_DATA_DIR, else $XDG_DATA_HOME/oncall (~/.local/share/oncall). */
export function dataDir(env: NodeJS.ProcessEnv): string {
  if (env.ONCALL_DATA_DIR) return env.ONCALL_DATA_DIR;
  const base = env.XDG_DATA_HOME || join(homeDir(env), ".local", "share");
  return join(base, "oncall");
}

/** What a file is, for its messages and exit codes. */
export interface JsonlFile {
  /** the file, in messages: "journal", "journal export", "ledger" */
  what: string;
  /** each line, in messages: "not a <record> record" */
  record: string;
  /** the user's own state (absent = empty; a config error) or data given to read (an input error) */
  own: boolean;
  /** for data given to read: what to pass instead of a file that is not one */
  pass?: { file: string; huge: string };
}

/** Lines of `text` as parsed records, in order; bad lines skipped with a warning naming the line. */
export function parseJsonl<T>(
  text: string,
  path: string,
  file: JsonlFile,
  schema: z.ZodMiniType,
  warn: (w: string) => void,
): T[] {
  const lines = text.split("\n");
  // The text after the last newline is a line only when something is there (a torn last write).
  if (lines[lines.length - 1] === "") lines.pop();
  const out: T[] = [];
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
    const r = schema.safeParse(value);
    if (!r.success) {
      warn(`${where}: not a ${file.record} record (${zodProblem(r.error)}), skipped`);
      return;
    }
    out.push(r.data as T);
  });
  return out;
}

/** The first problem zod found, with where it is: "v: Invalid input". */
export function zodProblem(error: z.core.$ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "invalid";
  const at = issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
  return `${at}${issue.message}`;
}

/**
 * Appends records with one write and an fsync. A file whose last line was torn (no final newline)
 * gets one first, so the new record is never glued to it. O_APPEND makes each write land whole at
 * the end, so two processes appending at once both keep their records.
 */
export function appendJsonl(path: string, file: JsonlFile, records: readonly unknown[]): void {
  if (records.length === 0) return;
  makeDataDir(dirname(path));
  let fd: number;
  try {
    // O_NONBLOCK: a FIFO in its place must not hang the command before the check below.
    fd = openSync(
      path,
      constants.O_RDWR | constants.O_APPEND | constants.O_CREAT | constants.O_NONBLOCK,
      0o600,
    );
  } catch (e) {
    throw cannot(path, file, e);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw notRegular(path, file);
    // every reader refuses it: a record added to it could never be read back
    if (st.size > MAX_JSONL_BYTES) throw tooLarge(path, file);
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

/** The file's text, or null when the user's own file is absent; bounded, and only from a regular file. */
export function readJsonlText(path: string, file: JsonlFile): string | null {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT" && file.own) return null;
    throw cannot(path, file, e);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw notRegular(path, file);
    if (st.size > MAX_JSONL_BYTES) throw tooLarge(path, file);
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

/**
 * Makes the data directory and whichever of its parents are missing, each 0700, one plain mkdir
 * at a time. Node 20's recursive mkdir loops for ever where a parent exists but the child cannot
 * be made in it and the system says ENOENT (/proc/self/nope): here a component still missing
 * once its parent exists is an error, never another try. Anything in the way is a config error.
 */
export function makeDataDir(dir: string): void {
  const missing: string[] = [];
  let at = resolve(dir);
  try {
    for (;;) {
      try {
        mkdirSync(at, { mode: 0o700 });
        break;
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === "EEXIST") {
          if (!statSync(at).isDirectory()) throw Object.assign(new Error(at), { code: "ENOTDIR" });
          break;
        }
        if (code !== "ENOENT" || dirname(at) === at) throw e;
        missing.push(at);
        at = dirname(at);
      }
    }
    for (const m of missing.reverse()) {
      try {
        mkdirSync(m, { mode: 0o700 });
      } catch (e) {
        // made by another run meanwhile: as good as made here
        if ((e as NodeJS.ErrnoException).code !== "EEXIST" || !statSync(m).isDirectory()) throw e;
      }
    }
  } catch (e) {
    throw configError(`cannot create the data directory ${dir}: ${reason(e)}`, DATA_DIR_HINT);
  }
}

const DATA_DIR_HINT = "check the data directory (ONCALL_DATA_DIR, or $XDG_DATA_HOME/oncall)";

function tooLarge(path: string, file: JsonlFile): OncallError {
  return fail(
    file,
    `${path}: larger than ${MAX_JSONL_BYTES / 1024 / 1024} MiB, which no ${file.what} is`,
    file.own ? "move it aside (it is yours: keep it) and check what wrote to it" : file.pass!.huge,
  );
}

function fail(file: JsonlFile, message: string, hint: string): OncallError {
  return file.own ? configError(message, hint) : inputError(message, hint);
}

function notRegular(path: string, file: JsonlFile): OncallError {
  return fail(
    file,
    `${path}: not a regular file`,
    file.own ? "remove it, or set ONCALL_DATA_DIR to another directory" : file.pass!.file,
  );
}

function cannot(path: string, file: JsonlFile, e: unknown): OncallError {
  return fail(
    file,
    `cannot ${file.own ? "open" : "read"} ${path}: ${reason(e)}`,
    file.own ? DATA_DIR_HINT : "check the path",
  );
}

/** A system error in words. */
function reason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code ?? "error";
  switch (code) {
    case "ENOENT":
      return "no such file";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EISDIR":
      return "a directory, not a file";
    case "ENOTDIR":
      return "not a directory";
    case "EROFS":
      return "read-only file system";
    case "ENOSPC":
      return "no space left on the device";
    default:
      return code;
  }
}
