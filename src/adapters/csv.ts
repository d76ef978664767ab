import { hashRange, idHash } from "../core/intake";
import { inputError } from "../errors";

/** One record, valid only during the callback: fields are cut from the text when asked for. */
export interface CsvRecord {
  readonly line: number;
  readonly count: number;
  field(i: number): string;
  fields(): string[];
  /** hashRange() of a field's text, without making a string of it */
  hashField(i: number): number;
}

export type RecordHandler = (record: CsvRecord) => void;

/**
 * A streaming RFC 4180 CSV reader: quoted fields with commas, doubled quotes and line breaks; LF
 * or CRLF rows; the line number where each record starts. Blank lines are passed over.
 *
 * Written here rather than taken from a package: papaparse is the speed baseline of SPEC §8 and
 * csv-parse is four times slower, and udsv, the fast one, assumes every row has the header's
 * number of fields, so a short row silently swallows the next one — losing an alert unseen.
 * This reader finds field boundaries with indexOf, which V8 runs natively, and records them as
 * offsets: a field becomes a string only when the caller asks for it, so a million-row export
 * allocates little more than the fields it uses.
 */
export class CsvReader implements CsvRecord {
  private rest = "";
  private nextLine = 1;
  private text = "";
  private starts = new Int32Array(64);
  private ends = new Int32Array(64);
  private quoted: (string | undefined)[] = [];
  private hasQuoted = false;
  line = 1;
  count = 0;

  constructor(
    private readonly file: string,
    private readonly onRecord: RecordHandler,
  ) {}

  field(i: number): string {
    if (i >= this.count) return "";
    if (this.hasQuoted) {
      const q = this.quoted[i];
      if (q !== undefined) return q;
    }
    return this.text.slice(this.starts[i]!, this.ends[i]!);
  }

  hashField(i: number): number {
    if (i >= this.count) return idHash("");
    if (this.hasQuoted) {
      const q = this.quoted[i];
      if (q !== undefined) return idHash(q);
    }
    return hashRange(this.text, this.starts[i]!, this.ends[i]!);
  }

  fields(): string[] {
    const out: string[] = [];
    for (let i = 0; i < this.count; i++) out.push(this.field(i));
    return out;
  }

  push(chunk: string): void {
    this.rest = this.rest === "" ? chunk : this.rest + chunk;
    this.consume(false);
  }

  end(): void {
    this.consume(true);
  }

  private add(start: number, end: number, quoted: string | undefined): void {
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
    if (quoted !== undefined || this.hasQuoted) {
      this.quoted[n] = quoted;
      if (quoted !== undefined) this.hasQuoted = true;
    }
    this.count = n + 1;
  }

  private emit(line: number): void {
    if (this.count === 1 && !this.hasQuoted && this.starts[0] === this.ends[0]) return; // blank line
    this.line = line;
    this.onRecord(this);
  }

  private consume(final: boolean): void {
    const s = this.rest;
    const n = s.length;
    this.text = s;
    let pos = 0;
    let line = this.nextLine;
    let nl = -1; // the next "\n" at or after pos, when known
    let recordStart = 0;
    let recordLine = line;
    let complete = true;
    records: while (pos < n) {
      recordStart = pos;
      recordLine = line;
      complete = false;
      this.count = 0;
      if (this.hasQuoted) {
        this.quoted.length = 0;
        this.hasQuoted = false;
      }
      for (;;) {
        if (s.charCodeAt(pos) === 34) {
          // A quoted field: runs to the quote not followed by another quote.
          let value = "";
          let from = pos + 1;
          let close: number;
          for (;;) {
            close = s.indexOf('"', from);
            if (close === -1 || (close === n - 1 && !final)) {
              if (!final) break records;
              throw inputError(
                `${this.file}:${recordLine}: a quoted field is never closed`,
                "check the quotes on that line",
              );
            }
            if (s.charCodeAt(close + 1) === 34) {
              value += s.slice(from, close + 1);
              from = close + 2;
              continue;
            }
            value += s.slice(from, close);
            break;
          }
          const c = s.charCodeAt(close + 1);
          if (!final && (close + 1 >= n || (c === 13 && close + 2 >= n))) break records;
          for (let i = value.indexOf("\n"); i !== -1; i = value.indexOf("\n", i + 1)) line++;
          this.add(0, 0, value);
          pos = close + 1;
          nl = -1;
          if (c === 44) {
            pos++;
            continue;
          }
          if (c === 10 || (c === 13 && s.charCodeAt(pos + 1) === 10)) {
            pos += c === 10 ? 1 : 2;
            line++;
            this.emit(recordLine);
            complete = true;
            continue records;
          }
          if (pos >= n || (c === 13 && pos + 1 >= n)) {
            pos = n;
            this.emit(recordLine);
            complete = true;
            break records;
          }
          throw inputError(
            `${this.file}:${line}: unexpected text after a closing quote in field ${this.count}`,
            'inside a quoted field, write a quote as two quotes ("")',
          );
        }
        if (nl < pos) nl = s.indexOf("\n", pos);
        const comma = s.indexOf(",", pos);
        if (comma !== -1 && (comma < nl || nl === -1)) {
          this.add(pos, comma, undefined);
          pos = comma + 1;
          continue;
        }
        if (nl === -1) {
          if (!final) break records;
          const end = s.charCodeAt(n - 1) === 13 ? n - 1 : n;
          this.add(pos, Math.max(pos, end), undefined);
          pos = n;
          this.emit(recordLine);
          complete = true;
          break records;
        }
        this.add(pos, nl > pos && s.charCodeAt(nl - 1) === 13 ? nl - 1 : nl, undefined);
        pos = nl + 1;
        line++;
        this.emit(recordLine);
        complete = true;
        continue records;
      }
    }
    this.text = "";
    if (complete) {
      this.rest = "";
      this.nextLine = line;
    } else {
      // Keep the unfinished record for the next chunk.
      this.rest = s.slice(recordStart);
      this.nextLine = recordLine;
    }
  }
}
