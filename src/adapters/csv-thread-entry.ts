// The reading thread (csv-thread.ts), built on its own as dist/lazy/csv-thread.cjs: none of this
// is in the CLI's bundle, which only starts it.
import { closeSync, openSync, readSync } from "node:fs";
import { OncallError } from "../errors";
import { CsvReader, MAX_RECORD } from "./csv";
import {
  AHEAD,
  type Batch,
  FACTS,
  type FactsSpec,
  type Message,
  POSTED,
  type RowFacts,
  STOP,
  TAKEN,
  type ThreadData,
} from "./csv-thread";
import { ByteDecoder, changedError, FILE_CHUNK, fileError } from "./log-input";
import { Interner } from "./logs/common";

/** The worker's side: reads, decodes, finds the records and their facts, and posts them a chunk at a time. */
function runCsvThread(): void {
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
    // at most AHEAD pieces ahead of the main thread
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
      // grown while read: refused before the bytes past its size are read as rows
      if (position > d.size) throw changedError(d.file, d.size, position);
      // in pieces, as on one thread (TEXT_PIECE): a 256 KB string would be a large object, here and
      // again where the main thread receives it
      let going = true;
      decoder.writeEach(buf.subarray(0, n), (text) => {
        if (going) going = read(text);
      });
      if (!going) return;
    }
    if (position !== d.size) throw changedError(d.file, d.size, position);
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

runCsvThread();
