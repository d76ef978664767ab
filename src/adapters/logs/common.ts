import type { Alert, AlertField } from "../../core/alert";
import type { AlertPeek } from "../../core/intake";
import { inputError, type OncallError } from "../../errors";
import type { CsvRecord } from "../csv";
import type { ByteDecoder, ByteSource } from "../log-input";
import type { LogFormat } from "./fields";

export type { LogFormat } from "./fields";

export interface Unreadable {
  file: string;
  where: string;
  id: string | null;
  message: string;
}

/**
 * Receives what a log holds. An alert handed to `alert` is final: the reader never changes it
 * afterwards, and its strings are its own (never a slice pinning a large chunk of text), so the
 * sink may keep, freeze or share it as it is. `alert` returns true when the alert is kept.
 */
export interface LogSink {
  /** `hashes`: idHash and idHash2 of the alert's id, when the reader has them (a reading thread worked them out) */
  alert(alert: Alert, hashes?: Int32Array): boolean;
  unreadable(u: Unreadable): void;
  /** optional fast path: true when the row is someone else's and needs no alert built */
  early?(peek: AlertPeek): boolean;
  /** something the reader made good, said once per file */
  warning?(message: string): void;
}

/** A log whose format is known and whose header (or shape) has been checked; its rows are read on demand. */
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
  /**
   * Needed only to read `-`: touching process.stdin makes its stream (a file's loads fs/promises
   * and the read streams, a terminal's loads tty), ~2 ms of a start that reads a file.
   */
  stdin?: NodeJS.ReadableStream;
}

/** The start of a log, for recognising its format. */
export interface LogHead {
  file: string;
  bytes: Buffer;
  /** the bytes decoded */
  text: string;
}

/**
 * One log format. `sniff` says how surely the head is this format (0: not at all, 1: certainly);
 * the registry opens the log with the surest. `open` checks the header (a log's fields must be
 * known before any row is read: a filter needing one it lacks is refused up front) and returns
 * the log, whose `read` streams its alerts into a sink.
 */
export interface LogReader {
  format: LogFormat;
  sniff(head: LogHead): number;
  open(source: ByteSource, head: LogHead, ctx: OpenContext): Promise<OpenedLog>;
}

export interface OpenContext extends ReadOptions {
  /** opens a log found inside another (the CSV in Opsgenie's zip) with the registry's readers */
  openInner(source: ByteSource, head: LogHead): Promise<OpenedLog>;
}

export const NOT_A_LOG_HINT =
  "pass an Opsgenie alert export (CSV or the emailed zip), Opsgenie API JSON, JSM Operations API JSON, a PagerDuty incidents CSV or REST JSON, or an oncall CSV (header id,created_at,…); see docs/alert-logs.md";

/** Gives a string its own storage, so it does not keep the chunk it was sliced from alive. */
export function own(s: string): string {
  // V8 copies a string under 13 characters when it is sliced. Array#join writes one flat copy;
  // ` ${s}`.slice(1) kept a slice of a copy, 32 bytes more for each of a million ids.
  return s.length < 13 ? s : [s.slice(0, 1), s.slice(1)].join("");
}

export function emptyError(file: string): OncallError {
  return inputError(`${file}: is empty`, "export the alerts again, or pass the right file");
}

export function workbookError(file: string): OncallError {
  return inputError(
    `${file}: is an Excel workbook, not a CSV export`,
    "open it in Excel and choose File › Save As › CSV UTF-8 (Comma delimited), then pass the .csv",
  );
}

export function decodedWarning(file: string, decoder: Pick<ByteDecoder, "fallback">): string | null {
  const f = decoder.fallback;
  if (f === null) return null;
  return `${file}: bytes that are not valid UTF-8 were read as Windows-1252 (the first, 0x${f.byte.toString(16).toUpperCase()}, as "${f.text}"), as Excel saves "CSV (Comma delimited)"; save as "CSV UTF-8" to be sure`;
}

export const ROW_HINT = "fix the row, or pass --lenient to skip unreadable rows";

export function rowError(where: string, field: string, problem: string, hint = ROW_HINT): OncallError {
  return inputError(`${where}: ${field}: ${problem}`, hint);
}

export function splitList(s: string): string[] | null {
  const t = s.trim().replace(/^\[|\]$/g, "");
  if (t === "") return [];
  return t
    .split(/[;,]/)
    .map((x) => x.trim())
    .filter((x) => x !== "");
}

/** A peek to reuse for every row: the early check runs on each row of a million-row export. */
export function newPeek(): AlertPeek {
  return { id: "", idHash: 0, createdAt: 0, alias: null, owner: null, acknowledgedBy: null };
}

/** Interns repeated values (owners, priorities, team lists) so a million rows share a handful. */
export class Interner<T> {
  /** each value kept, by its text; its number is its place in `list` */
  private readonly ids = new Map<string, number>();
  private readonly list: T[] = [];
  /**
   * Values last found, by a hash of their text (field()): a row's repeated value is compared
   * where it lies, not cut into a string that is then hashed again to be looked up.
   */
  private keys: (string | undefined)[] = new Array(SLOTS).fill(undefined);
  private values: (T | undefined)[] = new Array(SLOTS).fill(undefined);
  private slotIds = new Int32Array(SLOTS);
  private mask = SLOTS - 1;
  /** by the number a reading thread gave a value (fromThread), its number here */
  private readonly byThread: (number | undefined)[] = [];
  /**
   * The number of the value the last get() or field() gave: the same for the same text, so that a
   * tuple of them names a combination of values (opsgenie-csv's shared fields); -1 when the value
   * was not kept (past the limit), and made afresh.
   */
  lastId = -1;
  /**
   * maxSlots: a power of two the slots may grow to, once the field has shown more values than
   * slots (aliases: the thousands of checks of a big export). They start small: two tables of
   * 8192 made for a week's 150 rows cost a start ~3 ms on Node 24.
   */
  constructor(
    private readonly make: (s: string) => T,
    private readonly limit = 100_000,
    private readonly maxSlots = SLOTS,
  ) {}
  get(s: string): T {
    const id = this.ids.get(s);
    if (id !== undefined) {
      this.lastId = id;
      return this.list[id] as T;
    }
    const v = this.make(s);
    if (this.list.length < this.limit) {
      this.lastId = this.list.length;
      this.ids.set(own(s), this.lastId);
      this.list.push(v);
    } else this.lastId = -1;
    return v;
  }
  /** What a reading thread needs to intern as this does (csv-thread.ts): its limit and slots. */
  get shape(): { limit: number; slots: number } {
    return { limit: this.limit, slots: this.maxSlots };
  }
  /** get() of a record's field */
  field(r: CsvRecord, i: number): T {
    const t = r.interned(i);
    if (!Number.isNaN(t)) return this.fromThread(r, i, t);
    // Two slots a hash, side by side: the text last found first. One slot a hash, a few thousand
    // checks' aliases kept taking each other's slots (~1 row in 4 went to the map).
    const slot = r.slotHash(i) & this.mask;
    const key = this.keys[slot];
    if (key !== undefined && r.fieldIs(i, key)) {
      this.lastId = this.slotIds[slot]!;
      return this.values[slot] as T;
    }
    const other = slot ^ 1;
    const key2 = this.keys[other];
    if (key2 !== undefined && r.fieldIs(i, key2)) {
      this.lastId = this.slotIds[other]!;
      return this.values[other] as T;
    }
    const s = r.field(i);
    const v = this.get(s);
    if (this.list.length > this.keys.length && this.keys.length < this.maxSlots) this.grow();
    else if (key !== undefined) {
      // the one found before goes to the other slot, the new one first
      this.keys[other] = key;
      this.values[other] = this.values[slot];
      this.slotIds[other] = this.slotIds[slot]!;
    }
    // an interned string is its own key, already copied: a value whose slot is taken over and
    // over (more values than slots) costs no copy each time
    this.keys[slot] = typeof v === "string" && v === s ? v : own(s);
    this.values[slot] = v;
    this.slotIds[slot] = this.lastId;
    return v;
  }
  /**
   * A field a reading thread interned as number `t` with an Interner of this shape: its value is
   * made from the field's text the first time `t` comes, and shared after. -1: the thread's
   * interner was full when the text first came, so it is not shared, as get() would not share it.
   */
  private fromThread(r: CsvRecord, i: number, t: number): T {
    if (t < 0) return this.get(r.field(i));
    const id = this.byThread[t];
    if (id !== undefined) {
      this.lastId = id;
      return this.list[id] as T;
    }
    const v = this.get(r.field(i));
    if (this.lastId >= 0) this.byThread[t] = this.lastId;
    return v;
  }
  /** Twice the slots, empty: they are a cache of the map, refilled as rows come. */
  private grow(): void {
    const slots = this.keys.length * 2;
    this.keys = new Array(slots).fill(undefined);
    this.values = new Array(slots).fill(undefined);
    this.slotIds = new Int32Array(slots);
    this.mask = slots - 1;
  }
}

/** Interner#field's slots: a power of two, past the usernames of any team */
const SLOTS = 1024;
