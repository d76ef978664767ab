import type { FileHandle } from "node:fs/promises";
import type { Alert, AlertField } from "../core/alert";
import { parseWorked } from "../core/duration";
import { type AlertPeek, idHash } from "../core/intake";
import { isTeamId } from "../core/teams";
import { inputError, isOncallError, type OncallError } from "../errors";
import { CsvReader, type CsvRecord, detectEol, type Eol, MAX_RECORD } from "./csv";
import {
  DATE_SLACK_MS,
  exactEpochMillis,
  LATEST,
  opsgenieDateMillis,
  parseBool,
  parseEpochMillis,
  parseIsoInstant,
  parseOpsgenieDate,
} from "./log-fields";
import {
  ByteDecoder,
  type ByteSource,
  entryBytes,
  fileSource,
  isIgnoredEntry,
  isWorkbook,
  MAX_JSON,
  readWhole,
  spool,
  streamSource,
  type ZipEntry,
  zipEntries,
} from "./log-input";

export type LogFormat = "opsgenie-csv" | "opsgenie-zip" | "opsgenie-json" | "oncall-csv";

export interface Unreadable {
  file: string;
  where: string;
  id: string | null;
  message: string;
}

/**
 * Receives what a log holds. `alert` returns true when the alert is kept in memory, so the reader
 * can give it strings of its own (a slice of a large chunk would keep the whole chunk alive).
 */
export interface LogSink {
  alert(alert: Alert): boolean;
  unreadable(u: Unreadable): void;
  /** optional fast path: true when the row is someone else's and needs no alert built */
  early?(peek: AlertPeek): boolean;
  /** something the reader made good, said once per file */
  warning?(message: string): void;
}

export interface OpenedLog {
  file: string;
  format: LogFormat;
  /** the optional fields this log carries */
  fields: Set<AlertField>;
  /**
   * What the log's team values are, when the format says: Opsgenie's CSV gives names, its API
   * JSON gives ids only. Absent when a log may hold either (the oncall CSV, a log with no teams).
   */
  teamsAre?: "names" | "ids";
  read(sink: LogSink): Promise<void>;
}

export interface ReadOptions {
  lenient: boolean;
  stdin: NodeJS.ReadableStream;
}

const NOT_A_LOG_HINT =
  "pass an Opsgenie alert export (CSV or the emailed zip), Opsgenie API JSON, or an oncall CSV (header id,created_at,…); see docs/alert-logs.md";

/** Gives a string its own storage, so it does not keep the chunk it was sliced from alive. */
export function own(s: string): string {
  // V8 copies a string under 13 characters when it is sliced. Array#join writes one flat copy;
  // ` ${s}`.slice(1) kept a slice of a copy, 32 bytes more for each of a million ids.
  return s.length < 13 ? s : [s.slice(0, 1), s.slice(1)].join("");
}

/** Opens a log, detects its format from the content, and reads it on demand. `-` is standard input. */
export async function openLog(path: string, opts: ReadOptions): Promise<OpenedLog> {
  const src = path === "-" ? await streamSource("stdin", opts.stdin) : await fileSource(path);
  const { file, head } = src;
  if (head.length === 0) throw emptyError(file);
  if (
    head.length >= 4 &&
    head.readUInt16LE(0) === 0x4b50 &&
    [0x0403, 0x0605].includes(head.readUInt16LE(2))
  ) {
    if (/\.(xlsx|xlsm)$/i.test(file)) throw workbookError(file);
    return openZip(src, opts);
  }
  if (head.length >= 8 && head.readUInt32BE(0) === 0xd0cf11e0 && head.readUInt32BE(4) === 0xa1b11ae1) {
    // The binary .xls of Excel 97–2003 (an OLE2 compound file).
    throw workbookError(file);
  }
  const text = new ByteDecoder().write(head);
  const start = text.trimStart()[0];
  if (start === undefined && src.size === head.length) throw emptyError(file);
  if (start === "{" || start === "[") {
    const whole = await readWhole(src, MAX_JSON, () =>
      inputError(
        `${file}: a JSON log larger than ${MAX_JSON / 1024 / 1024} MiB (JSON is read whole)`,
        "split it, e.g. one export per month",
      ),
    );
    const decoder = new ByteDecoder();
    const json = decoder.write(whole) + decoder.end();
    return openJson(file, json, opts, decodedWarning(file, decoder));
  }
  return openCsv(file, text, src, opts);
}

function emptyError(file: string): OncallError {
  return inputError(`${file}: is empty`, "export the alerts again, or pass the right file");
}

function workbookError(file: string): OncallError {
  return inputError(
    `${file}: is an Excel workbook, not a CSV export`,
    "open it in Excel and choose File › Save As › CSV UTF-8 (Comma delimited), then pass the .csv",
  );
}

function decodedWarning(file: string, decoder: ByteDecoder): string | null {
  const f = decoder.fallback;
  if (f === null) return null;
  return `${file}: bytes that are not valid UTF-8 were read as Windows-1252 (the first, 0x${f.byte.toString(16).toUpperCase()}, as "${f.text}"), as Excel saves "CSV (Comma delimited)"; save as "CSV UTF-8" to be sure`;
}

/** What the CSV readers stream from. */
type TextSource = ByteSource;

/** Streams a log's bytes to a CSV reader in chunks; a file is never held whole in memory. */
async function streamCsv(source: TextSource, reader: CsvReader, sink: LogSink): Promise<void> {
  const decoder = new ByteDecoder();
  for await (const chunk of source.chunks()) reader.push(decoder.write(chunk));
  reader.push(decoder.end());
  reader.end();
  const warning = decodedWarning(source.file, decoder);
  if (warning !== null) sink.warning?.(warning);
}

/** Header names with case and spaces ignored (SPEC §3). */
function normaliseHeader(h: string): string {
  return h.replace(/\s+/g, "").toLowerCase();
}

function splitList(s: string): string[] | null {
  const t = s.trim().replace(/^\[|\]$/g, "");
  if (t === "") return [];
  return t
    .split(/[;,]/)
    .map((x) => x.trim())
    .filter((x) => x !== "");
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

/** @param head the start of the file, decoded: its first line break decides the file's (detectEol) */
function openCsv(file: string, head: string, source: TextSource, opts: ReadOptions): OpenedLog {
  const eol = detectEol(head);
  const headerLine = head.split(eol === "\r" ? "\r" : /\r?\n/, 1)[0] ?? "";
  const headers = parseHeader(file, headerLine);
  const names = headers.map(normaliseHeader);
  if (names[0] === "id") {
    if (names.includes("created_at")) return oncallCsv(file, headers, source, opts, eol);
    throw inputError(
      `${file}:1: the header starts with id, as an oncall CSV's does, but has no created_at column`,
      `an oncall CSV's header is ${ONCALL_COLUMNS.slice(0, 11).join(",")}; see docs/alert-logs.md`,
    );
  }
  const col: Record<string, number> = {};
  names.forEach((n, i) => {
    const key = n === "alert_id" || n === "alertid" ? "alertid" : n;
    if (col[key] === undefined) col[key] = i;
    else if (OPSGENIE_COLUMNS.has(key)) throw twiceError(file, headers, col[key], i);
  });
  if (col.alertid !== undefined || col.tinyid !== undefined) {
    const missing = [
      ["alertid", "Alert ID"],
      ["tinyid", "TinyID"],
      ["createdat", "CreatedAt"],
    ].filter(([k]) => col[k!] === undefined);
    if (missing.length === 0) return opsgenieCsv(file, headers, col, source, opts, eol);
    throw inputError(
      `${file}:1: an Opsgenie export's header without ${missing.map(([, name]) => name).join(" or ")}`,
      "export the alerts again from Opsgenie with every column, or pass the alert-export-result_….zip it emails",
    );
  }
  throw inputError(
    `${file}: not a recognised alert log (the first line is not a known header)`,
    NOT_A_LOG_HINT,
  );
}

/** The Opsgenie columns read; another column named twice is passed over, as it is unused. */
const OPSGENIE_COLUMNS = new Set([
  "alertid",
  "tinyid",
  "createdat",
  "createdatdate",
  "alias",
  "message",
  "priority",
  "tags",
  "teams",
  "owner",
  "acknowledged",
  "acknowledgedby",
  "status",
  "updatedat",
  "updatedatdate",
]);

/** A column named twice: which of the two is meant cannot be known, so neither is guessed at. */
function twiceError(file: string, headers: string[], first: number, second: number): OncallError {
  return inputError(
    `${file}:1: the column ${headers[first]!.trim()} appears twice in the header (columns ${first + 1} and ${second + 1}${headers[second]!.trim() === headers[first]!.trim() ? "" : `, as ${headers[second]!.trim()}`})`,
    "remove or rename one of them (header names are matched ignoring case and spaces)",
  );
}

/** Reads a CSV's data records, checking every row has the header's number of fields. */
function csvRows(
  file: string,
  width: number,
  source: TextSource,
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

const ROW_HINT = "fix the row, or pass --lenient to skip unreadable rows";

function rowError(where: string, field: string, problem: string, hint = ROW_HINT): OncallError {
  return inputError(`${where}: ${field}: ${problem}`, hint);
}

const ROUNDED_HINT =
  "read the export as Opsgenie sent it, not as saved by a spreadsheet (or keep CreatedAtDate in it), or pass --lenient to skip unreadable rows";

/**
 * An Opsgenie CSV row's creation time (SPEC §3): CreatedAt when it is exact epoch milliseconds,
 * checked against CreatedAtDate where that is readable. A CreatedAt a spreadsheet has rewritten
 * (1.79141E+12 is ±83 minutes) is never used: CreatedAtDate stands in for it, and
 * `rounded` is called so the file gets one warning.
 */
function opsgenieCreatedAt(
  r: CsvRecord,
  file: string,
  headers: string[],
  createdCol: number,
  dateCol: number,
  rounded: () => void,
): number {
  // The common case, on every row of a million-row export: exact, and CreatedAtDate agrees, is
  // empty, or is in a form not accepted (then ignored: CreatedAt is the source of truth).
  const exact = exactEpochMillis(r.field(createdCol));
  if (exact >= 0) {
    if (dateCol < 0) return exact;
    const dateText = r.field(dateCol);
    if (dateText === "" || !(Math.abs(opsgenieDateMillis(dateText) - exact) > DATE_SLACK_MS)) return exact;
  }
  return opsgenieCreatedAtSlowly(r, file, headers, createdCol, dateCol, rounded);
}

function opsgenieCreatedAtSlowly(
  r: CsvRecord,
  file: string,
  headers: string[],
  createdCol: number,
  dateCol: number,
  rounded: () => void,
): number {
  const where = () => `${file}:${r.line}`;
  const created = r.field(createdCol);
  const dateText = dateCol >= 0 ? r.field(dateCol) : "";
  const createdName = headers[createdCol]!;
  const dateName = dateCol >= 0 ? headers[dateCol]! : "CreatedAtDate";
  const disagree = (ms: number) =>
    rowError(
      where(),
      dateName,
      `"${dateText}" disagrees with ${createdName} ${created} (${new Date(ms).toISOString()}) by more than a second`,
      "fix the row or re-export it from Opsgenie, or pass --lenient to skip unreadable rows",
    );
  if (created.trim() === "") throw rowError(where(), createdName, "is empty");
  const t = parseEpochMillis(created);
  if (t.kind === "bad") throw rowError(where(), createdName, t.problem);
  if (t.kind === "exact") {
    if (dateText !== "" && Math.abs(opsgenieDateMillis(dateText) - t.value) > DATE_SLACK_MS)
      throw disagree(t.value);
    return t.value;
  }
  const found = `expected epoch milliseconds, found "${created}", as a spreadsheet writes them (rounded)`;
  if (dateCol < 0)
    throw rowError(where(), createdName, `${found}, and the file has no CreatedAtDate`, ROUNDED_HINT);
  if (dateText.trim() === "")
    throw rowError(where(), createdName, `${found}, and ${dateName} is empty`, ROUNDED_HINT);
  const d = parseOpsgenieDate(dateText);
  if (!d.ok) throw rowError(where(), createdName, `${found}, and ${dateName} ${d.problem}`, ROUNDED_HINT);
  if (t.value !== null && Math.abs(d.value - t.value) > t.tolerance + DATE_SLACK_MS) throw disagree(t.value);
  rounded();
  return d.value;
}

/** Interns repeated values (owners, priorities, team lists) so a million rows share a handful. */
class Interner<T> {
  private readonly map = new Map<string, T>();
  constructor(
    private readonly make: (s: string) => T,
    private readonly limit = 100_000,
  ) {}
  get(s: string): T {
    let v = this.map.get(s);
    if (v === undefined) {
      v = this.make(s);
      if (this.map.size < this.limit) this.map.set(own(s), v);
    }
    return v;
  }
}

const OPSGENIE_FIELDS: [string, AlertField][] = [
  ["priority", "priority"],
  ["tags", "tags"],
  ["teams", "teams"],
  ["owner", "owner"],
  ["acknowledgedby", "acknowledgedBy"],
  ["alias", "alias"],
  ["acknowledged", "acknowledged"],
];

function opsgenieCsv(
  file: string,
  headers: string[],
  col: Record<string, number>,
  source: TextSource,
  opts: ReadOptions,
  eol: Eol,
): OpenedLog {
  const fields = new Set<AlertField>(OPSGENIE_FIELDS.filter(([c]) => col[c] !== undefined).map(([, f]) => f));
  const idCol = col.alertid!;
  const tinyCol = col.tinyid!;
  const createdCol = col.createdat!;
  const dateCol = col.createdatdate ?? -1;
  const opt = (name: string) => col[name] ?? -1;
  const aliasCol = opt("alias");
  const messageCol = opt("message");
  const priorityCol = opt("priority");
  const tagsCol = opt("tags");
  const teamsCol = opt("teams");
  const ownerCol = opt("owner");
  const ackCol = opt("acknowledged");
  const byCol = opt("acknowledgedby");
  const statusCol = opt("status");
  const updatedCol = opt("updatedat");
  const updatedDateCol = opt("updatedatdate");
  return {
    file,
    format: "opsgenie-csv",
    fields,
    teamsAre: "names",
    async read(sink) {
      const strings = new Interner((s) => own(s));
      const messages = new Interner((s) => own(s), 20_000);
      const lists = new Interner((s) => splitList(s) ?? []);
      const peek: AlertPeek = {
        id: "",
        idHash: 0,
        idHash2: 0,
        createdAt: 0,
        alias: null,
        owner: null,
        acknowledgedBy: null,
      };
      let roundedRows = 0;
      const rounded = () => {
        roundedRows++;
      };
      await csvRows(file, headers.length, source, opts, eol, sink, (r) => {
        const id = r.field(idCol);
        if (id === "") throw rowError(`${file}:${r.line}`, headers[idCol]!, "is empty");
        const alias = aliasCol >= 0 ? r.field(aliasCol) : "";
        const owner = ownerCol >= 0 ? r.field(ownerCol) : "";
        const by = byCol >= 0 ? r.field(byCol) : "";
        const peekAt = (createdAt: number): boolean => {
          peek.id = id;
          peek.idHash = r.hashField(idCol);
          peek.idHash2 = r.hashField2(idCol);
          peek.createdAt = createdAt;
          peek.alias = alias === "" ? null : alias;
          peek.owner = owner === "" ? null : strings.get(owner);
          peek.acknowledgedBy = by === "" ? null : strings.get(by);
          return sink.early!(peek);
        };
        // Someone else's row (with --person) is dropped on its exact CreatedAt alone: the checks
        // below of fields only its claims would use (CreatedAtDate, UpdatedAt, Acknowledged) are
        // for the rows kept, which is most of the time of a million-row export.
        const exact = exactEpochMillis(r.field(createdCol));
        if (sink.early && exact >= 0 && peekAt(exact)) return;
        const createdAt = opsgenieCreatedAt(r, file, headers, createdCol, dateCol, rounded);
        if (sink.early && exact < 0 && peekAt(createdAt)) return;
        const updated = updatedAt(r, updatedCol, updatedDateCol);
        // An update before creation is a corrupt row, not evidence of an alert closed early.
        if (updated !== null && updated < createdAt) {
          const c =
            updatedCol >= 0 && exactEpochMillis(r.field(updatedCol)) >= 0 ? updatedCol : updatedDateCol;
          throw rowError(
            `${file}:${r.line}`,
            headers[c]!,
            `"${r.field(c)}" (${new Date(updated).toISOString()}) is before the alert was created (${new Date(createdAt).toISOString()})`,
          );
        }
        let acknowledged: boolean | null = null;
        if (ackCol >= 0) {
          const text = r.field(ackCol);
          const b = parseBool(text);
          if (b === undefined)
            throw rowError(`${file}:${r.line}`, headers[ackCol]!, `expected true or false, found "${text}"`);
          acknowledged = b;
        }
        const priority = priorityCol >= 0 ? r.field(priorityCol) : "";
        const tiny = r.field(tinyCol);
        const alert: Alert = {
          id,
          tinyId: tiny === "" ? null : tiny,
          alias: alias === "" ? null : alias,
          message: messageCol >= 0 ? r.field(messageCol) : "",
          createdAt,
          priority: priority === "" ? null : strings.get(priority),
          tags: tagsCol >= 0 ? lists.get(r.field(tagsCol)) : null,
          teams: teamsCol >= 0 ? lists.get(r.field(teamsCol)) : null,
          owner: owner === "" ? null : strings.get(owner),
          acknowledged,
          acknowledgedBy: by === "" ? null : strings.get(by),
          ackAt: null,
          closedAt: null,
          woken: null,
          workedMinutes: null,
          // Only to tell an alert closed before anyone was paged (SPEC §3): anything else is unknown.
          status: statusCol >= 0 ? strings.get(r.field(statusCol)) || null : null,
          updatedAt: updated,
          file,
          row: r.line,
        };
        if (sink.alert(alert)) {
          // Kept: give it strings of its own (the intake has copied the id it keys on).
          if (alert.tinyId !== null) alert.tinyId = own(alert.tinyId);
          if (alert.alias !== null) alert.alias = own(alert.alias);
          alert.message = messages.get(alert.message);
        }
      });
      if (roundedRows > 0) {
        sink.warning?.(
          `${file}: CreatedAt was rounded, as a spreadsheet does; used CreatedAtDate (${roundedRows} row${roundedRows === 1 ? "" : "s"})`,
        );
      }
    },
  };
}

/** Epoch milliseconds, or null for an empty or unreadable cell. */
/**
 * UpdatedAt, trusted as CreatedAt is: exact epoch milliseconds, else UpdatedAtDate (a spreadsheet's
 * 1.79141E+12 is ±83 minutes, enough to call an escalated alert "closed before anyone was paged").
 * Unreadable is unknown, which counts as escalated: the rule can only take second line's credit away
 * on evidence.
 */
function updatedAt(r: { field(i: number): string }, col: number, dateCol: number): number | null {
  if (col >= 0) {
    const exact = exactEpochMillis(r.field(col));
    if (exact >= 0) return exact;
  }
  if (dateCol >= 0) {
    const ms = opsgenieDateMillis(r.field(dateCol));
    if (!Number.isNaN(ms)) return ms;
  }
  return null;
}

const ONCALL_COLUMNS = [
  "id",
  "created_at",
  "message",
  "priority",
  "tags",
  "teams",
  "acknowledged_by",
  "acknowledged_at",
  "closed_at",
  "woken",
  "worked",
  "tiny_id",
  "alias",
  "owner",
] as const;

function oncallCsv(
  file: string,
  headers: string[],
  source: TextSource,
  opts: ReadOptions,
  eol: Eol,
): OpenedLog {
  const names = headers.map((h) => h.trim().toLowerCase());
  names.forEach((n, i) => {
    const first = names.indexOf(n);
    if (first < i) throw twiceError(file, headers, first, i);
  });
  const unknown = names.filter((n) => !(ONCALL_COLUMNS as readonly string[]).includes(n));
  if (unknown.length > 0) {
    throw inputError(
      `${file}:1: unknown column${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")} in an oncall CSV`,
      `the columns are ${ONCALL_COLUMNS.join(",")}; see docs/alert-logs.md`,
    );
  }
  const col = (n: string) => names.indexOf(n);
  const fields = new Set<AlertField>();
  const map: [string, AlertField][] = [
    ["priority", "priority"],
    ["tags", "tags"],
    ["teams", "teams"],
    ["owner", "owner"],
    ["acknowledged_by", "acknowledgedBy"],
    ["acknowledged_at", "ackTime"],
    ["closed_at", "closeTime"],
    ["alias", "alias"],
    ["woken", "woken"],
    ["worked", "worked"],
  ];
  for (const [c, f] of map) if (col(c) >= 0) fields.add(f);
  if (col("acknowledged_by") >= 0 || col("acknowledged_at") >= 0) fields.add("acknowledged");
  return {
    file,
    format: "oncall-csv",
    fields,
    async read(sink) {
      const at = new Map<string, number>(ONCALL_COLUMNS.map((n) => [n, col(n)]));
      const peek: AlertPeek = {
        id: "",
        idHash: 0,
        createdAt: 0,
        alias: null,
        owner: null,
        acknowledgedBy: null,
      };
      await csvRows(file, headers.length, source, opts, eol, sink, (r) => {
        const where = `${file}:${r.line}`;
        // Slices of the chunk: a row that is someone else's is dropped before any are copied.
        const raw = (n: string) => {
          const i = at.get(n)!;
          return i < 0 ? "" : r.field(i).trim();
        };
        const get = (n: string) => own(raw(n));
        const instant = (n: string, required: boolean): number | null => {
          const v = raw(n);
          if (v === "") {
            if (required) throw rowError(where, n, "is empty");
            return null;
          }
          const t = parseIsoInstant(v);
          if (!t.ok) throw rowError(where, n, t.problem);
          return t.value;
        };
        const id = raw("id");
        if (id === "") throw rowError(where, "id", "is empty");
        const createdAt = instant("created_at", true)!;
        const wokenText = raw("woken");
        const woken = parseBool(wokenText);
        if (woken === undefined)
          throw rowError(where, "woken", `expected true, false or empty, found "${wokenText}"`);
        const workedText = raw("worked");
        const worked = workedText === "" ? null : parseWorked(workedText);
        if (worked !== null && "problem" in worked) {
          const hint = worked.suggestion === null ? "" : `; for minutes write ${worked.suggestion}`;
          throw rowError(where, "worked", `${worked.problem}${hint}`);
        }
        const notBefore = (n: string): number | null => {
          const t = instant(n, false);
          if (t !== null && t < createdAt)
            throw rowError(where, n, `${raw(n)} is before created_at ${raw("created_at")}`);
          return t;
        };
        const by = raw("acknowledged_by");
        const ackAt = notBefore("acknowledged_at");
        const closedAt = notBefore("closed_at");
        const alias = raw("alias");
        const owner = raw("owner");
        if (sink.early) {
          // Every row is checked above; only building and keeping it is saved (as for Opsgenie's CSV).
          peek.id = id;
          peek.idHash = idHash(id);
          peek.createdAt = createdAt;
          peek.alias = alias === "" ? null : alias;
          peek.owner = owner === "" ? null : owner;
          peek.acknowledgedBy = by === "" ? null : by;
          if (sink.early(peek)) return;
        }
        const acked = fields.has("acknowledged") ? by !== "" || ackAt !== null : null;
        sink.alert({
          id: own(id),
          tinyId: get("tiny_id") || null,
          alias: alias === "" ? null : own(alias),
          message: get("message"),
          createdAt,
          priority: get("priority") || null,
          tags: at.get("tags")! >= 0 ? (splitList(raw("tags")) ?? []) : null,
          teams: at.get("teams")! >= 0 ? (splitList(raw("teams")) ?? []) : null,
          owner: owner === "" ? null : own(owner),
          acknowledged: acked,
          acknowledgedBy: by === "" ? null : own(by),
          ackAt,
          closedAt,
          woken,
          workedMinutes: worked?.minutes ?? null,
          file,
          row: r.line,
        });
      });
    },
  };
}

async function openZip(src: ByteSource, opts: ReadOptions): Promise<OpenedLog> {
  const { file } = src;
  // A regular file is opened again to be read; a spooled one keeps its (already unlinked) handle.
  const opened = src.seekable();
  const reopen = opened !== null;
  const fh = await (opened ?? spool(src));
  try {
    const all = await zipEntries(file, fh);
    if (isWorkbook(all)) throw workbookError(file);
    const entries = all.filter((e) => !isIgnoredEntry(e.name));
    if (entries.length === 0) {
      throw inputError(
        all.length === 0
          ? `${file}: is an empty zip archive`
          : `${file}: holds no CSV (only ${entryNames(all)})`,
        "pass the alert-export-result_….zip that Opsgenie emails, or the CSV inside it",
      );
    }
    const csvs = entries.filter((e) => /\.csv$/i.test(e.name));
    if (csvs.length !== 1) {
      throw inputError(
        `${file}: expected one CSV in the zip, found ${csvs.length} (${entryNames(csvs.length === 0 ? entries : csvs)})`,
        "pass the alert-export-result_….zip that Opsgenie emails, or the CSV inside it",
      );
    }
    const entry = csvs[0]!;
    const inner = `${file}:${entry.name}`;
    const head = await entryHead(file, fh, entry);
    if (reopen) await fh.close();
    let used = false;
    const source: TextSource = {
      file: inner,
      head,
      size: null,
      async *chunks() {
        if (used && !reopen) throw new Error(`${inner} was read twice`);
        used = true;
        const handle = reopen ? ((await src.seekable()) ?? fh) : fh;
        try {
          yield* entryBytes(file, handle, entry);
        } finally {
          await handle.close();
        }
      },
      seekable: () => null,
    };
    if (head.length === 0) throw emptyError(inner);
    const text = new ByteDecoder().write(head);
    if (text.trim() === "") throw emptyError(inner);
    const log = openCsv(inner, text, source, opts);
    return { ...log, format: "opsgenie-zip" as const };
  } catch (e) {
    await fh.close().catch(() => {});
    throw e;
  }
}

/** A few entry names, for a one-line message however many the zip holds. */
function entryNames(entries: ZipEntry[]): string {
  const names = entries.slice(0, 5).map((e) => e.name);
  return entries.length > 5 ? `${names.join(", ")} and ${entries.length - 5} more` : names.join(", ");
}

/** The start of a zip entry, inflated, for recognising its header. */
async function entryHead(file: string, fh: FileHandle, entry: ZipEntry): Promise<Buffer> {
  const parts: Buffer[] = [];
  let length = 0;
  for await (const chunk of entryBytes(file, fh, entry)) {
    parts.push(chunk);
    length += chunk.length;
    if (length >= 64 * 1024) break;
  }
  return Buffer.concat(parts);
}

interface ApiAlert {
  id?: unknown;
  tinyId?: unknown;
  alias?: unknown;
  message?: unknown;
  createdAt?: unknown;
  priority?: unknown;
  tags?: unknown;
  teams?: unknown;
  owner?: unknown;
  acknowledged?: unknown;
  report?: { ackTime?: unknown; closeTime?: unknown; acknowledgedBy?: unknown };
}

function openJson(file: string, text: string, opts: ReadOptions, warning: string | null): OpenedLog {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw inputError(`${file}: not valid JSON (${(e as Error).message})`, NOT_A_LOG_HINT);
  }
  const items = Array.isArray(doc) ? doc : (doc as { data?: unknown })?.data;
  if (!Array.isArray(items)) {
    throw inputError(`${file}: JSON without a "data" array of alerts`, NOT_A_LOG_HINT);
  }
  const prefix = Array.isArray(doc) ? "" : "data";
  const fields = apiFields(items);
  return {
    file,
    format: "opsgenie-json",
    fields,
    teamsAre: apiTeamsAre(items),
    async read(sink) {
      if (warning !== null) sink.warning?.(warning);
      items.forEach((raw: unknown, i: number) => {
        const row = `${prefix}[${i}]`;
        const where = `${file}: ${row}`;
        try {
          sink.alert(apiAlert(raw, where, file, row));
        } catch (e) {
          if (!opts.lenient || !isOncallError(e)) throw e;
          const id = (raw as ApiAlert | null)?.id;
          sink.unreadable({ file, where, id: typeof id === "string" ? id : null, message: e.message });
        }
      });
    },
  };
}

/** The alert keys that carry an optional field: the JSON log has the field when any alert has the key. */
const API_KEYS: [string, AlertField[]][] = [
  ["priority", ["priority"]],
  ["tags", ["tags"]],
  ["teams", ["teams"]],
  ["owner", ["owner"]],
  ["alias", ["alias"]],
  ["acknowledged", ["acknowledged"]],
  // An alert nobody acknowledged has a report without ackTime; a log with reports has the fields.
  ["report", ["acknowledged", "acknowledgedBy", "ackTime", "closeTime"]],
];

/**
 * What a JSON log has (SPEC §3, judged per file): a field whose key no alert carries is lacking,
 * so a filter or attribution needing it is refused rather than silently matching nothing.
 */
function apiFields(items: unknown[]): Set<AlertField> {
  const fields = new Set<AlertField>();
  let left = API_KEYS.slice();
  for (const raw of items) {
    if (raw === null || typeof raw !== "object") continue;
    left = left.filter(([key, fs]) => {
      if (!(key in raw)) return true;
      for (const f of fs) fields.add(f);
      return false;
    });
    if (left.length === 0) break;
  }
  return fields;
}

/**
 * A JSON value as a message shows it: its type and a short preview. A nested value is never
 * stringified whole: thousands of levels overflow the stack, and millions of items fill stderr.
 */
export function describeJson(v: unknown): string {
  if (v === null) return "null";
  // Scalars as JSON writes them: a string quoted (and cut short), a number or boolean as it is.
  if (typeof v === "string") return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v))
    return v.length === 0 ? "an empty array" : `an array of ${v.length} item${v.length === 1 ? "" : "s"}`;
  if (typeof v === "object") {
    const keys: string[] = [];
    let more = false;
    for (const k in v) {
      if (keys.length === 3) {
        more = true;
        break;
      }
      keys.push(JSON.stringify(k.length > 20 ? `${k.slice(0, 20)}…` : k));
    }
    if (keys.length === 0) return "an empty object";
    return `an object with ${keys.length === 1 && !more ? "key" : "keys"} ${keys.join(", ")}${more ? ", …" : ""}`;
  }
  return typeof v;
}

/**
 * Opsgenie's GET /v2/alerts gives teams as `[{"id":…}]` only; a log made otherwise may give names,
 * or both. "ids" when the file's team entries are all ids, "names" when all names (SPEC §3: judged
 * per file); undefined when it has both, or no teams at all.
 */
function apiTeamsAre(items: unknown[]): "names" | "ids" | undefined {
  let ids = false;
  let names = false;
  for (const raw of items) {
    const teams = (raw as ApiAlert | null)?.teams;
    if (!Array.isArray(teams)) continue;
    for (const t of teams) {
      if (typeof t === "string") {
        if (isTeamId(t)) ids = true;
        else if (t !== "") names = true;
      } else if (typeof t === "object" && t !== null) {
        if (typeof t.name === "string" && t.name !== "") names = true;
        if (typeof t.id === "string" && t.id !== "") ids = true;
      }
      if (ids && names) return undefined;
    }
  }
  return ids ? "ids" : names ? "names" : undefined;
}

function apiAlert(raw: unknown, where: string, file: string, row: string): Alert {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw))
    throw rowError(where, "(item)", "is not an alert object");
  const a = raw as ApiAlert;
  const str = (v: unknown, name: string): string | null => {
    if (v === undefined || v === null || v === "") return null;
    if (typeof v === "string") return v;
    if (typeof v === "number") return String(v);
    throw rowError(where, name, `expected a string, found ${describeJson(v)}`);
  };
  const after = (v: unknown, name: string, createdAt: number): number | null => {
    if (v === undefined || v === null) return null;
    if (typeof v !== "number" || !Number.isFinite(v))
      throw rowError(where, name, `expected milliseconds after creation, found ${describeJson(v)}`);
    if (v < 0) throw rowError(where, name, `${v} ms is before creation`);
    if (!(createdAt + v < LATEST))
      throw rowError(where, name, `${v} ms after creation is 2100-01-01 or later`);
    return createdAt + v;
  };
  const id = str(a.id, "id");
  if (id === null) throw rowError(where, "id", "is missing");
  if (
    a.report !== undefined &&
    a.report !== null &&
    (typeof a.report !== "object" || Array.isArray(a.report))
  )
    throw rowError(where, "report", `expected an object, found ${describeJson(a.report)}`);
  const createdText = str(a.createdAt, "createdAt");
  if (createdText === null) throw rowError(where, "createdAt", "is missing");
  const created = parseIsoInstant(createdText);
  if (!created.ok) throw rowError(where, "createdAt", created.problem);
  const createdAt = created.value;
  // A team object may carry its name and its id: both are kept, as toil.teams may list either.
  const list = (v: unknown, name: string): string[] | null => {
    if (v === undefined || v === null) return null;
    if (!Array.isArray(v)) throw rowError(where, name, `expected an array, found ${describeJson(v)}`);
    const out: string[] = [];
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      if (typeof x === "string") {
        if (x !== "") out.push(x);
        continue;
      }
      const bad = () =>
        rowError(
          where,
          `${name}[${i}]`,
          `expected ${name === "teams" ? 'a name or {"id":…,"name":…}' : "a string"}, found ${describeJson(x)}`,
        );
      if (name !== "teams" || x === null || typeof x !== "object" || Array.isArray(x)) throw bad();
      const { name: n, id: t } = x as { name?: unknown; id?: unknown };
      if ((n !== undefined && typeof n !== "string") || (t !== undefined && typeof t !== "string"))
        throw bad();
      if (n === undefined && t === undefined) throw bad();
      if (typeof n === "string" && n !== "") out.push(n);
      if (typeof t === "string" && t !== "" && t !== n) out.push(t);
    }
    return out;
  };
  const report = a.report && typeof a.report === "object" ? a.report : {};
  let acknowledged: boolean | null = null;
  if (typeof a.acknowledged === "boolean") acknowledged = a.acknowledged;
  else if (a.acknowledged !== undefined && a.acknowledged !== null) {
    const b = typeof a.acknowledged === "string" ? parseBool(a.acknowledged) : undefined;
    if (b === undefined)
      throw rowError(where, "acknowledged", `expected true or false, found ${describeJson(a.acknowledged)}`);
    acknowledged = b;
  }
  return {
    id,
    tinyId: str(a.tinyId, "tinyId"),
    alias: str(a.alias, "alias"),
    message: str(a.message, "message") ?? "",
    createdAt,
    priority: str(a.priority, "priority"),
    tags: list(a.tags, "tags") ?? [],
    teams: list(a.teams, "teams") ?? [],
    owner: str(a.owner, "owner"),
    acknowledged,
    acknowledgedBy: str(report.acknowledgedBy, "report.acknowledgedBy"),
    // report times are milliseconds after creation (Opsgenie's alert report)
    ackAt: after(report.ackTime, "report.ackTime", createdAt),
    closedAt: after(report.closeTime, "report.closeTime", createdAt),
    woken: null,
    workedMinutes: null,
    file,
    row,
  };
}
