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
import { closeSync, openSync, readSync } from "node:fs";
import { join } from "node:path";
import { OncallError } from "../errors";
import { CsvReader, type Eol, MAX_RECORD, RecordView } from "./csv";
import { ByteDecoder, FILE_CHUNK, fileError } from "./log-input";
import { Interner } from "./logs/common";
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

interface RowFacts {
  count: number;
  of(r: RecordView, out: Float64Array, at: number): void;
}

const FACTS: Record<FactsSpec["kind"], (columns: OpsgenieFactColumns) => RowFacts> = {
  "opsgenie-csv": opsgenieFacts,
};

/** Past this size a regular file is read on two threads: below it, starting the worker costs more than it saves. */
const THREAD_MIN_BYTES = 16 * 1024 * 1024;
/** Chunks the worker may be ahead of the main thread by. */
const AHEAD = 4;

interface ThreadData {
  path: string;
  file: string;
  eol: Eol;
  facts: FactsSpec;
  /** TAKEN, STOP and POSTED, below */
  control: SharedArrayBuffer;
  /** where batches go */
  port: import("node:worker_threads").MessagePort;
}

/** A chunk's records: its text, and each record's line, fields and facts. */
interface Batch {
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

type Message =
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
const TAKEN = 0;
const STOP = 1;
const POSTED = 2;

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

/** The worker's side: reads, decodes, finds the records and their facts, and posts them a chunk at a time. */
export function runCsvThread(): void {
  const { workerData } = require("node:worker_threads") as typeof import("node:worker_threads");
  const d = workerData as ThreadData;
  const port = d.port;
  const send = (m: Message, transfer: ArrayBuffer[] = []) => {
    port.postMessage(m, transfer);
    Atomics.add(control, POSTED, 1);
    Atomics.notify(control, POSTED);
  };
  const control = new Int32Array(d.control);
  const builder = new BatchBuilder(FACTS[d.facts.kind](d.facts.columns), d.facts.interned);
  let posted = 0;
  /** Posts the records found since the last call; false when the main thread wants no more. */
  const flush = (): boolean => {
    const b = builder.take();
    if (b === null) return Atomics.load(control, STOP) === 0;
    // the arrays are made by slice(): plain ArrayBuffers, handed over rather than copied
    const owned = [b.lines, b.firsts, b.counts, b.starts, b.ends, b.facts].map(
      (a) => a.buffer as ArrayBuffer,
    );
    send(b, owned);
    posted++;
    // at most AHEAD chunks ahead of the main thread
    for (;;) {
      if (Atomics.load(control, STOP) === 1) return false;
      const taken = Atomics.load(control, TAKEN);
      if (posted - taken < AHEAD) return true;
      Atomics.wait(control, TAKEN, taken);
    }
  };
  const reader = new CsvReader(d.file, (r) => builder.add(r as CsvReader), MAX_RECORD, d.eol);
  const decoder = new ByteDecoder();
  const read = (text: string) => {
    builder.begin(text);
    reader.push(text);
    return flush();
  };
  let fd = -1;
  try {
    try {
      fd = openSync(d.path, "r");
    } catch (e) {
      throw fileError(d.file, e);
    }
    const buf = Buffer.allocUnsafe(FILE_CHUNK);
    let position = 0;
    for (;;) {
      let n: number;
      try {
        n = readSync(fd, buf, 0, buf.length, position);
      } catch (e) {
        throw fileError(d.file, e);
      }
      if (n === 0) break;
      position += n;
      if (!read(decoder.write(buf.subarray(0, n)))) return;
    }
    if (!read(decoder.end())) return;
    builder.begin("");
    reader.end();
    if (!flush()) return;
    send({ type: "end", fallback: decoder.fallback });
  } catch (e) {
    // the records before the refused one go first, in order
    if (!flush()) return;
    const m: Message =
      e instanceof OncallError
        ? { type: "refused", kind: e.kind, message: e.message, hint: e.hint }
        : { type: "failed", message: e instanceof Error ? e.message : String(e), stack: (e as Error)?.stack };
    send(m);
  } finally {
    port.close();
    if (fd >= 0) closeSync(fd);
  }
}

/** Collects the records of one text (one chunk) into typed arrays. */
class BatchBuilder {
  private text = "";
  private records = 0;
  private fields = 0;
  private lines = new Int32Array(2048);
  private firsts = new Int32Array(2048);
  private counts = new Int32Array(2048);
  private starts = new Int32Array(2048 * 16);
  private ends = new Int32Array(2048 * 16);
  private facts: Float64Array;
  private strings: string[] = [];
  private interned: Int32Array<ArrayBuffer>;
  /** each interned column, and the interner of its group (numbers for values, -1 once full) */
  private readonly interners: { column: number; interner: Interner<number> }[] = [];

  constructor(
    private readonly rowFacts: RowFacts,
    groups: FactsSpec["interned"],
  ) {
    this.facts = new Float64Array(2048 * rowFacts.count);
    for (const g of groups) {
      let n = 0;
      const interner = new Interner<number>(() => (n < g.limit ? n++ : -1), g.limit, g.slots);
      for (const column of g.columns) this.interners.push({ column, interner });
    }
    this.interned = new Int32Array(2048 * this.interners.length);
  }

  /** The text the records that follow are read from; the records before it have been taken. */
  begin(text: string): void {
    this.text = text;
  }

  add(r: CsvReader): void {
    const n = r.count;
    const k = this.records;
    if (k === this.lines.length) this.growRecords();
    while (this.fields + n > this.starts.length) this.growFields();
    this.lines[k] = r.line;
    this.firsts[k] = this.fields;
    this.counts[k] = n;
    r.spansInto(this.starts, this.ends, this.fields, this.strings);
    this.fields += n;
    this.rowFacts.of(r, this.facts, k * this.rowFacts.count);
    const w = this.interners.length;
    for (let j = 0; j < w; j++) {
      const { column, interner } = this.interners[j]!;
      this.interned[k * w + j] = column < n ? interner.field(r, column) : -1;
    }
    this.records = k + 1;
  }

  take(): Batch | null {
    if (this.records === 0) return null;
    const b: Batch = {
      type: "batch",
      text: this.text,
      records: this.records,
      lines: this.lines.slice(0, this.records),
      firsts: this.firsts.slice(0, this.records),
      counts: this.counts.slice(0, this.records),
      starts: this.starts.slice(0, this.fields),
      ends: this.ends.slice(0, this.fields),
      strings: this.strings,
      facts: this.facts.slice(0, this.records * this.rowFacts.count),
      interned: this.interned.slice(0, this.records * this.interners.length),
    };
    this.records = 0;
    this.fields = 0;
    this.strings = [];
    return b;
  }

  private growRecords(): void {
    const n = this.lines.length * 2;
    this.lines = grown(this.lines, n);
    this.firsts = grown(this.firsts, n);
    this.counts = grown(this.counts, n);
    const f = new Float64Array(n * this.rowFacts.count);
    f.set(this.facts);
    this.facts = f;
    this.interned = grown(this.interned, n * this.interners.length);
  }

  private growFields(): void {
    const n = this.starts.length * 2;
    this.starts = grown(this.starts, n);
    this.ends = grown(this.ends, n);
  }
}

function grown(a: Int32Array<ArrayBuffer>, n: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(n);
  b.set(a);
  return b;
}
