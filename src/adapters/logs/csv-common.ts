import { inputError, isOncallError, type OncallError } from "../../errors";
import { CsvReader, type CsvRecord, detectEol, type Eol, MAX_RECORD } from "../csv";
import { type FactsSpec, readCsvThreaded, threadFor } from "../csv-thread";
import { ByteDecoder, type ByteSource } from "../log-input";
import { decodedWarning, type LogHead, type LogSink, own, type ReadOptions } from "./common";

/** A CSV log's header, read once from its head and shared by the CSV readers' sniff and open. */
export interface CsvHeader {
  eol: Eol;
  /** as written */
  headers: string[];
  /** with case and spaces ignored (SPEC §3) */
  names: string[];
  /** records before the header: Excel's `sep=,` line (blank lines are no records) */
  preamble: number;
  /** why the first line is no header, when it is said better than "not a known header" */
  problem: string | null;
}

const headers = new WeakMap<LogHead, CsvHeader>();

// Excel writes its delimiter hint `sep=,` as the first line of a CSV saved for another locale,
// and blank lines may come before the header: both are passed over.
const LEAD = /^(?:\r?\n|\r)*(?:sep=,[ \t]*(?:\r?\n|\r)(?:\r?\n|\r)*)?/i;

export function csvHeader(head: LogHead): CsvHeader {
  let h = headers.get(head);
  if (h === undefined) {
    const lead = LEAD.exec(head.text)![0];
    const text = head.text.slice(lead.length);
    const eol = detectEol(text);
    const line = text.split(eol === "\r" ? "\r" : /\r?\n/, 1)[0] ?? "";
    const written = parseHeader(head.file, line) ?? brokenHeader(head.file, text);
    const problem = typeof written === "string" ? written : null;
    const cells = typeof written === "string" ? [] : written;
    h = {
      eol,
      headers: cells,
      names: cells.map((n) => n.replace(/\s+/g, "").toLowerCase()),
      preamble: /sep=/i.test(lead) ? 1 : 0,
      problem,
    };
    headers.set(head, h);
  }
  return h;
}

/** The header's cells, or null when its line ends inside quotes. */
function parseHeader(file: string, headerLine: string): string[] | null {
  let header: string[] = [];
  const reader = new CsvReader(file, (record) => {
    if (header.length === 0) header = record.fields();
  });
  try {
    reader.push(headerLine);
    reader.end();
  } catch {
    return null;
  }
  return header;
}

/**
 * A first line ending inside quotes: a header cell holding a line break, which no format's header
 * has (said as such), or a stray quote (read as the line's text split at its commas, as before).
 */
function brokenHeader(file: string, text: string): string[] | string {
  const line = text.split(/\r?\n|\r/, 1)[0] ?? "";
  let first: string[] | null = null;
  const reader = new CsvReader(file, (record) => {
    first ??= record.fields();
  });
  try {
    reader.push(text.slice(0, 4096));
    reader.end();
  } catch {
    // the head cut inside a record, or a stray quote: the first record is looked at if it was read
  }
  const cells: string[] = first ?? [];
  const at = cells.findIndex((c) => /[\r\n]/.test(c));
  if (at < 0) return line.split(",");
  const cell = JSON.stringify(cells[at]!.length > 40 ? `${cells[at]!.slice(0, 40)}…` : cells[at]);
  return `the header's column ${at + 1} (${cell}) holds a line break inside quotes, which no alert log's header has`;
}

/**
 * How surely a header that looks like a format's is that format: certain (`full`) when it has
 * every required column, otherwise under half, by the share it has. A header like two formats'
 * goes to the one it fits; when it fits none, to the nearest, whose open says what it lacks.
 */
export function sniffShare(keys: readonly string[], required: readonly string[], full: number): number {
  const have = required.filter((k) => keys.includes(k)).length;
  return have === required.length ? full : (0.5 * have) / required.length;
}

/** A column named twice: which of the two is meant cannot be known, so neither is guessed at. */
export function twiceError(file: string, headers: string[], first: number, second: number): OncallError {
  return inputError(
    `${file}:1: the column ${headers[first]!.trim()} appears twice in the header (columns ${first + 1} and ${second + 1}${headers[second]!.trim() === headers[first]!.trim() ? "" : `, as ${headers[second]!.trim()}`})`,
    "remove or rename one of them (header names are matched ignoring case and spaces)",
  );
}

/** Streams a log's bytes to a CSV reader in chunks; a file is never held whole in memory. */
async function streamCsv(source: ByteSource, reader: CsvReader, sink: LogSink): Promise<void> {
  const decoder = new ByteDecoder();
  const push = (text: string) => reader.push(text);
  for await (const chunk of source.chunks()) decoder.writeEach(chunk, push);
  reader.push(decoder.end());
  reader.end();
  const warning = decodedWarning(source.file, decoder);
  if (warning !== null) sink.warning?.(warning);
}

/**
 * Reads a CSV's data records, checking every row has the header's number of fields. `facts`: what
 * a reading thread may work out for the row function (CsvRecord#fact), when a large file is read
 * on two threads (csv-thread.ts); null to read on this one.
 */
export async function csvRows(
  file: string,
  width: number,
  source: ByteSource,
  opts: ReadOptions,
  header: CsvHeader,
  sink: LogSink,
  facts: FactsSpec | null,
  onRow: (record: CsvRecord) => void,
): Promise<void> {
  let before = header.preamble + 1; // the header and what Excel writes before it
  const onRecord = (record: CsvRecord) => {
    if (before > 0) {
      before--;
      return;
    }
    try {
      if (record.count !== width) {
        throw inputError(
          `${file}:${record.line}: expected ${width} fields as in the header, found ${record.count}`,
          "check for an unquoted comma or a cut-off line, or pass --lenient to skip unreadable rows",
        );
      }
      onRow(record);
    } catch (e) {
      if (!opts.lenient || !isOncallError(e)) throw e;
      const id = record.field(0);
      sink.unreadable({
        file,
        where: `${file}:${record.line}`,
        id: id ? own(id) : null,
        message: e.message,
      });
    }
  };
  const thread = facts === null ? null : threadFor(source.path, source.size);
  if (thread !== null) {
    const fallback = await readCsvThreaded(
      thread,
      source.path!,
      source.size!,
      file,
      header.eol,
      facts!,
      onRecord,
    );
    const warning = decodedWarning(file, { fallback });
    if (warning !== null) sink.warning?.(warning);
    return;
  }
  return streamCsv(source, new CsvReader(file, onRecord, MAX_RECORD, header.eol), sink);
}
