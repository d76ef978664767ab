import { inputError } from "../../errors";
import { ByteDecoder, type ByteSource, fileSource, streamSource } from "../log-input";
import {
  emptyError,
  type LogHead,
  type LogReader,
  NOT_A_LOG_HINT,
  type OpenContext,
  type OpenedLog,
  type ReadOptions,
  workbookError,
} from "./common";
import { csvHeader } from "./csv-common";
import { jsmJson } from "./jsm-json";
import { oncallCsv } from "./oncall-csv";
import { opsgenieCsv } from "./opsgenie-csv";
import { opsgenieJson } from "./opsgenie-json";
import { isZip, opsgenieZip } from "./opsgenie-zip";
import { pagerdutyCsv } from "./pagerduty-csv";
import { pagerdutyJson } from "./pagerduty-json";

export type { LogSink, OpenedLog, ReadOptions, Unreadable } from "./common";
export { own } from "./common";
export type { LogFormat } from "./fields";

/** Every log format read; a new one is a file of its own and a line here. */
export const LOG_READERS: readonly LogReader[] = [
  opsgenieZip,
  opsgenieJson,
  jsmJson,
  pagerdutyJson,
  oncallCsv,
  opsgenieCsv,
  pagerdutyCsv,
];

/** The reader surest of the head, or null when none knows it. */
export function pickReader(head: LogHead, readers: readonly LogReader[] = LOG_READERS): LogReader | null {
  let best: LogReader | null = null;
  let sure = 0;
  for (const r of readers) {
    const s = r.sniff(head);
    if (s > sure) {
      best = r;
      sure = s;
    }
  }
  return best;
}

/** Opens a log, detects its format from the content, and reads it on demand. `-` is standard input. */
export async function openLog(path: string, opts: ReadOptions): Promise<OpenedLog> {
  const src = path === "-" ? await streamSource("stdin", opts.stdin!) : await fileSource(path);
  const { file, head: bytes } = src;
  if (bytes.length === 0) throw emptyError(file);
  if (
    !isZip(bytes) &&
    bytes.length >= 8 &&
    bytes.readUInt32BE(0) === 0xd0cf11e0 &&
    bytes.readUInt32BE(4) === 0xa1b11ae1
  ) {
    // The binary .xls of Excel 97–2003 (an OLE2 compound file).
    throw workbookError(file);
  }
  // a head that is the whole file is decoded to its end: a byte or two held back as the start of
  // a BOM (\xff, \xef\xbb) is text too, and the file is not empty
  const decoder = new ByteDecoder();
  const text = isZip(bytes) ? "" : decoder.write(bytes) + (src.size === bytes.length ? decoder.end() : "");
  if (!isZip(bytes) && text.trimStart() === "" && src.size === bytes.length) throw emptyError(file);
  // What a zip holds is read as CSV, whatever its first bytes.
  const ctx: OpenContext = { ...opts, openInner: (s, h) => openWith(s, h, ctx, CSV_READERS) };
  return openWith(src, { file, bytes, text }, ctx, LOG_READERS);
}

const CSV_READERS = [oncallCsv, opsgenieCsv];

function openWith(
  source: ByteSource,
  head: LogHead,
  ctx: OpenContext,
  readers: readonly LogReader[],
): Promise<OpenedLog> {
  const reader = pickReader(head, readers);
  if (reader === null) {
    const problem = isZip(head.bytes) ? null : csvHeader(head).problem;
    throw inputError(
      problem === null
        ? `${head.file}: not a recognised alert log (the first line is not a known header)`
        : `${head.file}:1: not a recognised alert log: ${problem}`,
      problem === null ? NOT_A_LOG_HINT : "write the header's names on one line; see docs/alert-logs.md",
    );
  }
  return reader.open(source, head, ctx);
}
