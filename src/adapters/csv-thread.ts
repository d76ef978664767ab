/**
 * Reading a large CSV on two threads. A worker thread reads the file, decodes it and finds every
 * record's fields (CsvReader), and works out what the log's reader would from the fields alone
 * (its facts: times, numbers, the id's hashes); the main thread gets each chunk's text with the
 * records' field offsets, and runs the reader's row function on them in order, as it would on
 * records it had found itself. Over a million-row export that takes ~40% of the work off the main
 * thread, which then only makes the alerts (docs/performance.md).
 *
 * Nothing is decided on the worker: a row's errors are found and worded by the row function on
 * the main thread, in the row's turn, and a record the reader refuses (a quote never closed, a
 * record past the limit) is refused with the same words, after the records before it. The worker
 * runs ahead by a few chunks at most, so memory holds a few chunks, not the file.
 */
import { join } from "node:path";
import { OncallError } from "../errors";
import { type Eol, RecordView } from "./csv";
import { type ByteDecoder, TEXT_PIECE } from "./log-input";
import { type OpsgenieFactColumns, opsgenieFacts } from "./logs/opsgenie-csv";

/**
 * What a reading thread works out for each row, by reader (the worker loads its own copy of the
 * code), and which columns it interns: each group as the reader's Interner of that shape would.
 */
export interface FactsSpec {
  kind: "opsgenie-csv";
  columns: OpsgenieFactColumns;
  interned: { limit: number; slots: number; columns: number[] }[];
}

export interface RowFacts {
  count: number;
  of(r: RecordView, out: Float64Array, at: number): void;
}

export const FACTS: Record<FactsSpec["kind"], (columns: OpsgenieFactColumns) => RowFacts> = {
  "opsgenie-csv": opsgenieFacts,
};

/** Past this size a regular file is read on two threads: below it, starting the worker costs more than it saves. */
const THREAD_MIN_BYTES = 16 * 1024 * 1024;
/**
 * Pieces of text the worker may be ahead of the main thread by: 1 MB, which lets it read on through
 * the main thread's longer collections. Counted in pieces of TEXT_PIECE: when they were 256 KB
 * chunks this was 4, and 4 pieces of 64 KB left the everyone run on Node 20 ~0.25 s slower (the
 * threads waited on each other; docs/performance.md).
 */
export const AHEAD = (1024 * 1024) / TEXT_PIECE;

export interface ThreadData {
  path: string;
  /** its size when it was opened: a file that changes while it is read is refused */
  size: number;
  file: string;
  eol: Eol;
  facts: FactsSpec;
  /** TAKEN, STOP and POSTED, below */
  control: SharedArrayBuffer;
  /** where batches go */
  port: import("node:worker_threads").MessagePort;
}

/** A chunk's records: its text, and each record's line, fields and facts. */
export interface Batch {
  type: "batch";
  text: string;
  records: number;
  lines: Int32Array;
  /** each record's first field in starts/ends */
  firsts: Int32Array;
  counts: Int32Array;
  starts: Int32Array;
  ends: Int32Array;
  /** fields held as strings (quoted, or begun in an earlier chunk): start -1 is strings[0], -2 strings[1]… */
  strings: string[];
  facts: Float64Array;
  /** per record, the number each interned column's value was given (FactsSpec.interned, in order) */
  interned: Int32Array;
}

export type Message =
  | Batch
  | { type: "end"; fallback: ByteDecoder["fallback"] }
  | { type: "refused"; kind: OncallError["kind"]; message: string; hint: string | undefined }
  | { type: "failed"; message: string; stack: string | undefined };

/**
 * Whether this file is read on two threads: a regular file past THREAD_MIN_BYTES, when the
 * worker's code is there (the built CLI; tests running the sources read on one thread).
 * ONCALL_READ_THREAD=0 never, =1 for any regular file (tests of the built CLI use it).
 */
export function threadFor(path: string | undefined, size: number | null): string | null {
  if (path === undefined || size === null) return null;
  const mode = process.env.ONCALL_READ_THREAD;
  if (mode === "0" || (mode !== "1" && size < THREAD_MIN_BYTES)) return null;
  return workerEntry();
}

function workerEntry(): string | null {
  if (typeof __dirname !== "string") return null;
  const entry = join(__dirname, "lazy", "csv-thread.cjs");
  try {
    // not through a link, and only a file: the CLI's own build
    return require("node:fs").statSync(entry).isFile() ? entry : null;
  } catch {
    return null;
  }
}

/**
 * Reads `path` on a worker (`entry`), handing each record to `onRecord` in order on this thread.
 * Returns the decoder's Windows-1252 fallback, as ByteDecoder would give it.
 */
export async function readCsvThreaded(
  entry: string,
  path: string,
  size: number,
  file: string,
  eol: Eol,
  facts: FactsSpec,
  onRecord: (record: RecordView) => void,
): Promise<ByteDecoder["fallback"]> {
  const { Worker, MessageChannel, receiveMessageOnPort } = await import("node:worker_threads");
  const control = new Int32Array(new SharedArrayBuffer(12));
  // Batches come through a channel of their own, taken from it here as they are wanted: a message
  // event a chunk (and the turn of the event loop it waits for) cost ~15% of the reading.
  const { port1, port2 } = new MessageChannel();
  const data: ThreadData = {
    path,
    size,
    file,
    eol,
    facts,
    control: control.buffer as SharedArrayBuffer,
    port: port1,
  };
  const worker = new Worker(entry, {
    workerData: data,
    transferList: [port1],
    stdout: false,
    stderr: false,
    // its garbage is the chunks it reads: Node 24 would grow its young generation past 100 MB
    resourceLimits: { maxYoungGenerationSizeMb: 16 },
  });
  let gone: Error | null = null;
  const stopped = (e: Error) => {
    gone ??= e;
    Atomics.add(control, POSTED, 1);
    Atomics.notify(control, POSTED);
  };
  worker.on("error", stopped);
  worker.on("exit", (code) =>
    stopped(new Error(`the CSV reading thread stopped (exit ${code}) before the end of ${file}`)),
  );
  const record = new ThreadRecord(facts);
  try {
    for (;;) {
      const seen = Atomics.load(control, POSTED);
      const got = receiveMessageOnPort(port2);
      if (got === undefined) {
        if (gone !== null) throw gone;
        // until the worker posts again (or stops): the event loop runs meanwhile (signals, its exit)
        const wait = waitAsync(control, POSTED, seen);
        if (wait.async) await wait.value;
        continue;
      }
      const m = got.message as Message;
      if (m.type === "end") return m.fallback;
      if (m.type === "refused") throw new OncallError(m.kind, m.message, m.hint);
      if (m.type === "failed") throw Object.assign(new Error(m.message), { stack: m.stack });
      record.load(m);
      for (let k = 0; k < m.records; k++) {
        record.select(k);
        onRecord(record);
      }
      Atomics.add(control, TAKEN, 1);
      Atomics.notify(control, TAKEN);
    }
  } finally {
    Atomics.store(control, STOP, 1);
    Atomics.notify(control, TAKEN);
    worker.removeAllListeners("exit");
    port2.close();
    void worker.terminate();
  }
}

/** Atomics.waitAsync (ES2024; in every Node from 16): a promise when it must wait. */
const waitAsync = (
  Atomics as unknown as {
    waitAsync(a: Int32Array, i: number, v: number): { async: boolean; value: Promise<string> | string };
  }
).waitAsync;

// The control words: batches taken by the main thread, 1 when it wants no more, messages posted.
export const TAKEN = 0;
export const STOP = 1;
export const POSTED = 2;

/** A record of a batch, shown to the row function as the reader would show it. */
class ThreadRecord extends RecordView {
  private batch: Batch | null = null;
  private width: number;
  private at = 0;
  /** by column, its place among the interned columns (-1: not interned) */
  private readonly internedAt: Int32Array;
  private readonly internedWidth: number;
  private internedBase = 0;

  constructor(facts: FactsSpec) {
    super();
    this.width = FACTS[facts.kind](facts.columns).count;
    const columns = facts.interned.flatMap((g) => g.columns);
    this.internedWidth = columns.length;
    this.internedAt = new Int32Array(Math.max(0, ...columns) + 1).fill(-1);
    columns.forEach((c, j) => {
      this.internedAt[c] = j;
    });
  }

  load(b: Batch): void {
    this.batch = b;
    this.text = b.text;
  }

  select(k: number): void {
    const b = this.batch!;
    const first = b.firsts[k]!;
    const n = b.counts[k]!;
    this.line = b.lines[k]!;
    this.count = n;
    this.at = k * this.width;
    this.internedBase = k * this.internedWidth;
    if (this.starts.length < n) {
      this.starts = new Int32Array(n * 2);
      this.ends = new Int32Array(n * 2);
    }
    if (this.hasStrings) {
      this.strings.length = 0;
      this.hasStrings = false;
    }
    for (let i = 0; i < n; i++) {
      const start = b.starts[first + i]!;
      this.starts[i] = start;
      this.ends[i] = b.ends[first + i]!;
      if (start < 0) {
        this.strings[i] = b.strings[-start - 1]!;
        this.hasStrings = true;
      } else if (this.hasStrings) this.strings[i] = undefined;
    }
  }

  override fact(k: number): number {
    return this.batch!.facts[this.at + k]!;
  }

  override interned(i: number): number {
    const j = i < this.internedAt.length ? this.internedAt[i]! : -1;
    return j < 0 ? Number.NaN : this.batch!.interned[this.internedBase + j]!;
  }
}
