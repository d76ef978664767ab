import { inputError, isOncallError, type OncallError } from "../../errors";
import { CsvReader, type CsvRecord, detectEol, type Eol, MAX_RECORD } from "../csv";
import { ByteDecoder, type ByteSource } from "../log-input";
import { decodedWarning, type LogHead, type LogSink, own, type ReadOptions } from "./common";

/** A CSV log's header, read once from its head and shared by the CSV readers' sniff and open. */
export interface CsvHeader {
  eol: Eol;
  /** as written */
  headers: string[];
  /** with case and spaces ignored (SPEC §3) */
  names: string[];
}

const headers = new WeakMap<LogHead, CsvHeader>();

export function csvHeader(head: LogHead): CsvHeader {
  let h = headers.get(head);
  if (h === undefined) {
    const eol = detectEol(head.text);
    const line = head.text.split(eol === "\r" ? "\r" : /\r?\n/, 1)[0] ?? "";
    const written = parseHeader(head.file, line);
    h = { eol, headers: written, names: written.map((n) => n.replace(/\s+/g, "").toLowerCase()) };
    headers.set(head, h);
  }
  return h;
}

function parseHeader(file: string, headerLine: string): string[] {
  let header: string[] = [];
  const reader = new CsvReader(file, (record) => {
    if (header.length === 0) header = record.fields();
  });
  try {
    reader.push(headerLine);
    reader.end();
  } catch {
    return headerLine.split(",");
  }
  return header;
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
  for await (const chunk of source.chunks()) reader.push(decoder.write(chunk));
  reader.push(decoder.end());
  reader.end();
  const warning = decodedWarning(source.file, decoder);
  if (warning !== null) sink.warning?.(warning);
}

/** Reads a CSV's data records, checking every row has the header's number of fields. */
export function csvRows(
  file: string,
  width: number,
  source: ByteSource,
  opts: ReadOptions,
  eol: Eol,
  sink: LogSink,
  onRow: (record: CsvRecord) => void,
): Promise<void> {
  let seenHeader = false;
  const reader = new CsvReader(
    file,
    (record) => {
      if (!seenHeader) {
        seenHeader = true;
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
    },
    MAX_RECORD,
    eol,
  );
  return streamCsv(source, reader, sink);
}
