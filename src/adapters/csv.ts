import { hashRange, hashRangePair, idHash } from "../core/intake";
import { inputError } from "../errors";

/** One record, valid only during the callback: fields are cut from the text when asked for. */
export interface CsvRecord {
  readonly line: number;
  readonly count: number;
  field(i: number): string;
  fields(): string[];
  /** hashRange() of a field's text, without making a string of it */
  hashField(i: number): number;
  /**
   * A cheap hash of a field's text for a cache's slot (Interner): its length and up to seven of
   * its characters, from both ends and the middle. Equal texts hash alike; unequal ones mostly not.
   */
  slotHash(i: number): number;
  /** hashRange() and hashRange2() of a field's text into out[0] and out[1], in one pass */
  hashFieldPair(i: number, out: Int32Array): void;
  /** whether a field's text is `s`, compared where it lies */
  fieldIs(i: number, s: string): boolean;
  /** read(text, start, end) of a field's text, without making a string of it (times, numbers) */
  fieldWith<T>(i: number, read: (text: string, start: number, end: number) => T): T;
  /**
   * A number the reader's row function would work out from the fields, worked out already by a
   * reading thread (csv-common's worker); NaN when it was not: the row function works it out.
   */
  fact(k: number): number;
  /** The number a reading thread's interner gave the field (Interner#field); NaN when none did. */
  interned(i: number): number;
}

export type RecordHandler = (record: CsvRecord) => void;

/** SPEC §3: a longer record is not an alert export's row, and is refused before it fills memory. */
export const MAX_RECORD = 1024 * 1024;

/** More blank lines in a row than any export has: a stream of them is refused, not read for ever. */
export const MAX_BLANK_RUN = 1_000_000;

/** What ends a record: LF (CRLF is LF with its CR dropped) or a lone CR (old Mac, some Excel saves). */
export type Eol = "\n" | "\r";

/**
 * The line ending of a CSV, decided by its header line's, as papaparse decides it from the first
 * break: a CR not followed by LF means CR-only; anything else is LF or CRLF. Quoted text is passed
 * over, as a header cell may hold a line break.
 */
export function detectEol(head: string): Eol {
  let quoted = false;
  for (let i = 0; i < head.length; i++) {
    const c = head.charCodeAt(i);
    if (c === 34) quoted = !quoted;
    else if (quoted) continue;
    else if (c === 10) return "\n";
    else if (c === 13) return i + 1 < head.length && head.charCodeAt(i + 1) !== 10 ? "\r" : "\n";
  }
  return "\n";
}

// Where a chunk ended inside a record (the state kept until the next chunk).
const FIELD_START = 0; // at the start of a field (after a comma)
const UNQUOTED = 1; // inside an unquoted field, its text so far in `carry`
const QUOTED = 2; // inside a quoted field, its value so far in `carry`
const QUOTED_QUOTE = 3; // as QUOTED, just after a quote: a closing one, or the first of ""
const AFTER_QUOTE = 4; // after a quoted field's closing quote, its value in `carry`
const AFTER_QUOTE_CR = 5; // as AFTER_QUOTE, after a CR that must be followed by LF

/**
 * A streaming RFC 4180 CSV reader: quoted fields with commas, doubled quotes and line breaks; LF,
 * CRLF or CR-only rows (one of them per file, see detectEol); the line number where each record
 * starts. Blank lines are passed over in a tight loop, and a run longer than MAX_BLANK_RUN is an
 * error: a stream of nothing but line breaks would otherwise be read for ever.
 *
 * Written here rather than taken from a package: papaparse is the speed baseline of SPEC §8 and
 * csv-parse is four times slower, and udsv, the fast one, assumes every row has the header's
 * number of fields, so a short row silently swallows the next one — losing an alert unseen.
 * This reader finds field boundaries with indexOf, which V8 runs natively, and records them as
 * offsets: a field becomes a string only when the caller asks for it, so a million-row export
 * allocates little more than the fields it uses.
 *
 * Each chunk is searched once: a record cut by the end of a chunk keeps its finished fields as
 * strings and the state of the unfinished one, so a stray quote early in a large file costs time
 * linear in the file's size (and, with the record limit, is reported within the first MiB).
 */
/**
 * A record as offsets into a text: fields cut from it only when asked for. The reader fills one
 * as it scans (CsvReader); csv-common fills one from what a reading thread found.
 */
export class RecordView implements CsvRecord {
  protected text = "";
  protected starts = new Int32Array(64);
  protected ends = new Int32Array(64);
  /** fields held as strings: quoted values, and fields of a record begun in an earlier chunk */
  protected strings: (string | undefined)[] = [];
  protected hasStrings = false;
  line = 1;
  count = 0;

  field(i: number): string {
    if (i >= this.count) return "";
    if (this.hasStrings) {
      const q = this.strings[i];
      if (q !== undefined) return q;
    }
    return this.text.slice(this.starts[i]!, this.ends[i]!);
  }

  hashField(i: number): number {
    if (i >= this.count) return idHash("");
    if (this.hasStrings) {
      const q = this.strings[i];
      if (q !== undefined) return idHash(q);
    }
    return hashRange(this.text, this.starts[i]!, this.ends[i]!);
  }

  slotHash(i: number): number {
    let s = this.text;
    let a = 0;
    let b = 0;
    if (i < this.count) {
      const q = this.hasStrings ? this.strings[i] : undefined;
      if (q !== undefined) {
        s = q;
        b = q.length;
      } else {
        a = this.starts[i]!;
        b = this.ends[i]!;
      }
    }
    const n = b - a;
    if (n === 0) return 0;
    let h = Math.imul(n, 0x9e3779b1) ^ s.charCodeAt(a);
    h = Math.imul(h ^ s.charCodeAt(b - 1), 16777619);
    if (n > 2) {
      h = Math.imul(h ^ s.charCodeAt(a + 1), 16777619);
      h = Math.imul(h ^ s.charCodeAt(b - 2), 16777619);
      if (n > 4) {
        h = Math.imul(h ^ s.charCodeAt(b - 3), 16777619);
        h = Math.imul(h ^ s.charCodeAt(b - 4), 16777619);
        h = Math.imul(h ^ s.charCodeAt(a + (n >> 1)), 16777619);
      }
    }
    return (h ^ (h >>> 15)) >>> 0;
  }

  hashFieldPair(i: number, out: Int32Array): void {
    const q = i >= this.count ? "" : this.hasStrings ? this.strings[i] : undefined;
    if (q !== undefined) hashRangePair(q, 0, q.length, out);
    else hashRangePair(this.text, this.starts[i]!, this.ends[i]!, out);
  }

  fieldIs(i: number, s: string): boolean {
    if (i >= this.count) return s === "";
    if (this.hasStrings) {
      const q = this.strings[i];
      if (q !== undefined) return q === s;
    }
    const start = this.starts[i]!;
    return this.ends[i]! - start === s.length && this.text.startsWith(s, start);
  }

  fieldWith<T>(i: number, read: (text: string, start: number, end: number) => T): T {
    if (i >= this.count) return read("", 0, 0);
    if (this.hasStrings) {
      const q = this.strings[i];
      if (q !== undefined) return read(q, 0, q.length);
    }
    return read(this.text, this.starts[i]!, this.ends[i]!);
  }

  fields(): string[] {
    const out: string[] = [];
    for (let i = 0; i < this.count; i++) out.push(this.field(i));
    return out;
  }

  fact(_k: number): number {
    return Number.NaN;
  }

  interned(_i: number): number {
    return Number.NaN;
  }

  /** Copies the fields' offsets into starts/ends from `at`; a field held as a string goes to `strings`, its start -(index + 1). */
  spansInto(starts: Int32Array, ends: Int32Array, at: number, strings: string[]): void {
    for (let i = 0; i < this.count; i++) {
      const q = this.hasStrings ? this.strings[i] : undefined;
      if (q !== undefined) {
        strings.push(q);
        starts[at + i] = -strings.length;
        ends[at + i] = 0;
      } else {
        starts[at + i] = this.starts[i]!;
        ends[at + i] = this.ends[i]!;
      }
    }
  }
}

export class CsvReader extends RecordView {
  private anyQuoted = false;
  private mode = FIELD_START;
  private carry = "";
  /** characters of the unfinished record seen in earlier chunks (0: no record is unfinished) */
  private carried = 0;
  private inRecord = false;
  private nextLine = 1;
  private recordLine = 1;
  private fieldLine = 1;
  /** characters searched so far: each chunk once, never a kept remainder again */
  scanned = 0;
  /** blank lines in a row so far, and the line the run began on */
  private blanks = 0;
  private blankStart = 0;
  private readonly eolCode: number;
  /** LF mode: a CR just before the LF belongs to the line break (CRLF) */
  private readonly lf: boolean;

  constructor(
    private readonly file: string,
    private readonly onRecord: RecordHandler,
    private readonly maxRecord = MAX_RECORD,
    private readonly eol: Eol = "\n",
  ) {
    super();
    this.eolCode = eol.charCodeAt(0);
    this.lf = eol === "\n";
  }

  push(chunk: string): void {
    if (chunk !== "") this.scan(chunk, false);
  }

  end(): void {
    this.scan("", true);
  }

  private add(start: number, end: number, value: string | undefined): void {
    const n = this.count;
    if (n === this.starts.length) {
      const s = new Int32Array(n * 2);
      s.set(this.starts);
      this.starts = s;
      const e = new Int32Array(n * 2);
      e.set(this.ends);
      this.ends = e;
    }
    this.starts[n] = start;
    this.ends[n] = end;
    if (value !== undefined || this.hasStrings) {
      this.strings[n] = value;
      if (value !== undefined) this.hasStrings = true;
    }
    this.count = n + 1;
  }

  private startRecord(line: number): void {
    this.count = 0;
    if (this.hasStrings) {
      this.strings.length = 0;
      this.hasStrings = false;
    }
    this.anyQuoted = false;
    this.recordLine = line;
    this.inRecord = true;
  }

  /** Hands over a finished record; `length` is its length in this chunk, line break included. */
  private emit(length: number): void {
    if (this.carried + length > this.maxRecord) throw this.tooLong();
    this.carried = 0;
    this.inRecord = false;
    if (this.count === 1 && !this.anyQuoted && this.field(0) === "") {
      this.blank(this.recordLine); // a CRLF cut by the end of a chunk, or a lone CR in LF mode
      return;
    }
    this.blanks = 0;
    this.line = this.recordLine;
    this.onRecord(this);
  }

  private blank(line: number): void {
    if (this.blanks === 0) this.blankStart = line;
    if (++this.blanks > MAX_BLANK_RUN) {
      throw inputError(
        `${this.file}:${this.blankStart}: more than ${MAX_BLANK_RUN.toLocaleString("en-GB")} blank lines in a row at line ${this.blankStart}: is this an alert log?`,
        "pass the alert export itself; an export has no runs of empty lines",
      );
    }
  }

  private tooLong() {
    const mib = `${Math.round((this.maxRecord / 1024 / 1024) * 100) / 100} MiB`;
    if (this.mode === QUOTED || this.mode === QUOTED_QUOTE) {
      return inputError(
        `${this.file}:${this.fieldLine}: a quoted field opened on this line runs on past ${mib} (is a quote missing or stray?)`,
        'check the quotes on that line: inside a quoted field a quote is written as two quotes ("")',
      );
    }
    return inputError(
      `${this.file}:${this.recordLine}: a record longer than ${mib}`,
      "an alert export's rows are far shorter: check the file is an alert log, not cut off or corrupted",
    );
  }

  private neverClosed() {
    return inputError(
      `${this.file}:${this.fieldLine}: a quoted field is never closed (it opens on this line)`,
      'check the quotes on that line: inside a quoted field a quote is written as two quotes ("")',
    );
  }

  private afterQuote(line: number) {
    const hint = 'inside a quoted field, write a quote as two quotes ("")';
    if (this.fieldLine < line) {
      // A field that spans lines and then goes wrong was most likely opened by a stray quote.
      return inputError(
        `${this.file}:${this.fieldLine}: a quoted field opened on this line runs to line ${line}, where text follows its closing quote (is a quote stray?)`,
        hint,
      );
    }
    return inputError(
      `${this.file}:${line}: unexpected text after a closing quote in field ${this.count + 1}`,
      hint,
    );
  }

  private scan(s: string, final: boolean): void {
    const n = s.length;
    this.scanned += n;
    this.text = s;
    let pos = 0;
    let line = this.nextLine;
    let recordStart = 0;
    // The next "\n" and "," at or after pos, when known (n: none in this chunk).
    let nl = -1;
    let comma = -1;
    let mode = this.mode;
    let value = this.carry;
    this.carry = "";
    this.mode = FIELD_START;

    records: for (;;) {
      if (!this.inRecord) {
        // Blank lines, passed over here rather than made into records: a file of nothing else
        // is read at memory speed, and refused once the run is absurd.
        for (;;) {
          if (pos >= n) break;
          const c = s.charCodeAt(pos);
          if (c === this.eolCode) {
            this.blank(line);
            pos++;
            line++;
          } else if (this.lf && c === 13 && pos + 1 < n && s.charCodeAt(pos + 1) === 10) {
            this.blank(line);
            pos += 2;
            line++;
          } else break;
        }
        if (pos >= n) break;
        this.startRecord(line);
        recordStart = pos;
        mode = FIELD_START;
      }
      // One field per turn, from the state the last chunk ended in (FIELD_START within a chunk).
      for (;;) {
        if (mode === FIELD_START) {
          if (pos >= n) {
            if (!final) break records;
            // A record ending in a comma at the end of the input: its last field is empty.
            this.add(0, 0, "");
            this.emit(pos - recordStart);
            break records;
          }
          if (s.charCodeAt(pos) === 34) {
            this.fieldLine = line;
            this.anyQuoted = true;
            mode = QUOTED;
            value = "";
            pos++;
          } else {
            if (nl < pos) {
              nl = s.indexOf(this.eol, pos);
              if (nl === -1) nl = n;
            }
            if (comma < pos) {
              comma = s.indexOf(",", pos);
              if (comma === -1) comma = n;
            }
            if (comma < nl) {
              this.add(pos, comma, undefined);
              pos = comma + 1;
              continue;
            }
            if (nl < n) {
              this.add(pos, this.lf && nl > pos && s.charCodeAt(nl - 1) === 13 ? nl - 1 : nl, undefined);
              pos = nl + 1;
              line++;
              this.emit(pos - recordStart);
              continue records;
            }
            // The field runs to the end of the chunk.
            if (!final) {
              value = s.slice(pos);
              mode = UNQUOTED;
              pos = n;
              break records;
            }
            const end = this.lf && n > pos && s.charCodeAt(n - 1) === 13 ? n - 1 : n;
            this.add(pos, end, undefined);
            pos = n;
            this.emit(pos - recordStart);
            break records;
          }
        }

        if (mode === UNQUOTED) {
          // The rest of a field begun in the last chunk.
          if (nl < pos) {
            nl = s.indexOf(this.eol, pos);
            if (nl === -1) nl = n;
          }
          if (comma < pos) {
            comma = s.indexOf(",", pos);
            if (comma === -1) comma = n;
          }
          const stop = Math.min(comma, nl);
          if (stop === n && !final) {
            value += s.slice(pos);
            pos = n;
            break records;
          }
          value += s.slice(pos, stop);
          const crlf = stop === nl || stop === n;
          if (this.lf && crlf && value.charCodeAt(value.length - 1) === 13) value = value.slice(0, -1);
          this.add(0, 0, value);
          value = "";
          mode = FIELD_START;
          if (stop === comma && comma < n) {
            pos = comma + 1;
            continue;
          }
          pos = stop < n ? stop + 1 : n;
          if (stop < n) line++;
          this.emit(pos - recordStart);
          if (stop === n) break records;
          continue records;
        }

        if (mode === QUOTED_QUOTE) {
          if (pos >= n) {
            if (!final) break records;
            mode = AFTER_QUOTE;
          } else if (s.charCodeAt(pos) === 34) {
            value += '"';
            pos++;
            mode = QUOTED;
          } else {
            mode = AFTER_QUOTE;
          }
        }

        if (mode === QUOTED) {
          // Runs to the quote not followed by another quote.
          for (;;) {
            const close = s.indexOf('"', pos);
            if (close === -1) {
              if (final) throw this.neverClosed();
              const piece = s.slice(pos);
              line += countLines(piece, this.eol);
              value += piece;
              pos = n;
              break records;
            }
            const piece = s.slice(pos, close);
            line += countLines(piece, this.eol);
            value += piece;
            if (close + 1 >= n) {
              pos = n;
              mode = QUOTED_QUOTE;
              if (!final) break records;
              mode = AFTER_QUOTE;
              break;
            }
            if (s.charCodeAt(close + 1) === 34) {
              value += '"';
              pos = close + 2;
              continue;
            }
            pos = close + 1;
            mode = AFTER_QUOTE;
            break;
          }
        }

        if (mode === AFTER_QUOTE) {
          if (pos >= n) {
            if (!final) break records;
            this.add(0, 0, value);
            value = "";
            this.emit(pos - recordStart);
            break records;
          }
          const c = s.charCodeAt(pos);
          if (c === 44) {
            this.add(0, 0, value);
            value = "";
            mode = FIELD_START;
            pos++;
            continue;
          }
          if (c === this.eolCode) {
            this.add(0, 0, value);
            value = "";
            pos++;
            line++;
            this.emit(pos - recordStart);
            continue records;
          }
          if (c !== 13 || !this.lf) throw this.afterQuote(line);
          pos++;
          mode = AFTER_QUOTE_CR;
        }

        if (mode === AFTER_QUOTE_CR) {
          if (pos >= n) {
            if (!final) break records;
            // A CR ending the input after a quoted field: the line break of the last record.
            this.add(0, 0, value);
            value = "";
            this.emit(pos - recordStart);
            break records;
          }
          if (s.charCodeAt(pos) !== 10) throw this.afterQuote(line);
          this.add(0, 0, value);
          value = "";
          pos++;
          line++;
          this.emit(pos - recordStart);
          continue records;
        }
      }
    }

    this.nextLine = line;
    if (this.inRecord) {
      // Keep the unfinished record for the next chunk: its fields as strings, its state.
      this.mode = mode;
      this.carry = value;
      for (let i = 0; i < this.count; i++) {
        if (!this.hasStrings || this.strings[i] === undefined) {
          this.strings[i] = s.slice(this.starts[i]!, this.ends[i]!);
        }
      }
      if (this.count > 0) this.hasStrings = true;
      this.carried += n - recordStart;
      if (this.carried > this.maxRecord) throw this.tooLong();
    }
    this.text = "";
  }
}

function countLines(s: string, eol: Eol): number {
  let k = 0;
  for (let i = s.indexOf(eol); i !== -1; i = s.indexOf(eol, i + 1)) k++;
  return k;
}
