/**
 * Field values of alert logs that must be trusted before a claim rests on them (SPEC §3 "Trust in
 * the time fields"): times as epoch milliseconds or ISO-8601, and true/false. Each parser returns
 * the value or a problem worded for "<file>:<line>: <field>: <problem>".
 */
import { daysFromCivil, daysInMonth } from "../core/calendar";

/** The instants an alert may be created at: 2000-01-01 to 2100-01-01 UTC. */
const EARLIEST = Date.UTC(2000, 0, 1);
export const LATEST = Date.UTC(2100, 0, 1);

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

const fail = (problem: string): { ok: false; problem: string } => ({ ok: false, problem });

/** The range problem of an instant, or null when it is between 2000 and 2100. */
function rangeProblem(ms: number): string | null {
  if (ms < EARLIEST) return "is before 2000-01-01";
  if (!(ms < LATEST)) return "is 2100-01-01 or later";
  return null;
}

/**
 * An instant from calendar fields checked one by one: Date.UTC would roll 31 February over into
 * March, and a wrong day is worse than no day.
 */
function instantOf(
  text: string,
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  ms: number,
  offsetMinutes: number,
): Parsed<number> {
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return fail(`"${text}" is not a real date`);
  if (h > 23 || mi > 59 || s > 59) return fail(`"${text}" is not a real time`);
  const t = Date.UTC(y, mo - 1, d, h, mi, s, ms) - offsetMinutes * 60_000;
  const range = rangeProblem(t);
  return range ? fail(`"${text}" ${range}`) : { ok: true, value: t };
}

function offsetOf(sign: string | undefined, hh: string | undefined, mm: string | undefined): number | null {
  if (sign === undefined) return 0;
  const h = Number(hh);
  const m = Number(mm);
  if (h > 23 || m > 59) return null;
  return (sign === "-" ? -1 : 1) * (h * 60 + m);
}

const millisOf = (fraction: string | undefined) =>
  fraction ? Number(fraction.slice(0, 3).padEnd(3, "0")) : 0;

const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(?:Z|([+-])(\d{2}):?(\d{2}))$/i;
const ISO_NO_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/i;

/** ISO-8601 with an offset or Z, a real calendar date-time between 2000 and 2100. */
export function parseIsoInstant(text: string): Parsed<number> {
  const m = ISO.exec(text);
  if (m === null) {
    if (ISO_NO_OFFSET.test(text)) {
      return fail(
        `expected an ISO-8601 time with an offset or Z, found "${text}" (without one the time is ambiguous)`,
      );
    }
    return fail(`expected an ISO-8601 time with an offset or Z, found "${text}"`);
  }
  const offset = offsetOf(m[8], m[9], m[10]);
  if (offset === null) return fail(`"${text}" is not a real time (offset ${m[8]}${m[9]}:${m[10]})`);
  return instantOf(
    text,
    Number(m[1]),
    Number(m[2]),
    Number(m[3]),
    Number(m[4]),
    Number(m[5]),
    Number(m[6] ?? 0),
    millisOf(m[7]),
    offset,
  );
}

/**
 * Opsgenie's CreatedAtDate, `2026/03/08 01:11:23.456+0000`. Accepted as well: without the
 * milliseconds, `-` for `/`, `T` for the space, `Z` or `+00:00` for the offset. Not accepted:
 * day-first or month-first dates (`08/03/2026` is 8 March or 3 August), and times without seconds
 * or an offset — that is a spreadsheet's rounding again, or a guess at the zone.
 */
const OPSGENIE_DATE =
  /^(\d{4})[/-](\d{2})[/-](\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?(?:Z|([+-])(\d{2}):?(\d{2}))$/i;

/** CreatedAtDate as an instant, or NaN when it is not one of the accepted forms. */
export function opsgenieDateMillis(text: string): number {
  const fast = fastOpsgenieDate(text);
  if (fast >= 0) return fast;
  const p = parseOpsgenieDate(text);
  return p.ok ? p.value : Number.NaN;
}

export function parseOpsgenieDate(text: string): Parsed<number> {
  const fast = fastOpsgenieDate(text);
  if (fast >= 0) return { ok: true, value: fast };
  const m = OPSGENIE_DATE.exec(text.trim());
  if (m === null) {
    return fail(`"${text}" is not a date such as 2026/03/08 01:11:23.456+0000 (with seconds and an offset)`);
  }
  const offset = offsetOf(m[8], m[9], m[10]);
  if (offset === null) return fail(`"${text}" is not a real time`);
  return instantOf(
    text,
    Number(m[1]),
    Number(m[2]),
    Number(m[3]),
    Number(m[4]),
    Number(m[5]),
    Number(m[6]),
    millisOf(m[7]),
    offset,
  );
}

/**
 * The exact shape Opsgenie writes in UTC, `YYYY/MM/DD HH:MM:SS.mmm+0000`, read digit by digit:
 * it is checked on every row of a million-row export. -1 for anything else, which the regular
 * expression then reads (or refuses) with a reason.
 */
function fastOpsgenieDate(s: string): number {
  return fastOpsgenieDateIn(s, 0, s.length);
}

/**
 * fastOpsgenieDate() of `s` from `at` to `end`: a CSV row's field read where it lies, with no
 * string cut for it (CsvRecord#fieldWith).
 */
export function fastOpsgenieDateIn(s: string, at: number, end: number): number {
  if (end - at !== 28) return -1;
  if (s.charCodeAt(at + 4) !== 47 || s.charCodeAt(at + 7) !== 47 || s.charCodeAt(at + 10) !== 32) return -1;
  if (s.charCodeAt(at + 13) !== 58 || s.charCodeAt(at + 16) !== 58 || s.charCodeAt(at + 19) !== 46) return -1;
  if (s.charCodeAt(at + 23) !== 43 || s.charCodeAt(at + 24) !== 48 || s.charCodeAt(at + 25) !== 48) return -1;
  if (s.charCodeAt(at + 26) !== 48 || s.charCodeAt(at + 27) !== 48) return -1;
  const y = digitsAt(s, at, 4);
  const mo = digitsAt(s, at + 5, 2);
  const d = digitsAt(s, at + 8, 2);
  const h = digitsAt(s, at + 11, 2);
  const mi = digitsAt(s, at + 14, 2);
  const sec = digitsAt(s, at + 17, 2);
  const ms = digitsAt(s, at + 20, 3);
  if (y < 2000 || y > 2099 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return -1;
  if (h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59 || ms < 0) return -1;
  return daysFromCivil(y, mo, d) * 86_400_000 + ((h * 60 + mi) * 60 + sec) * 1000 + ms;
}

/** The number written by `len` decimal digits at `i`, or -1. */
function digitsAt(s: string, i: number, len: number): number {
  let v = 0;
  for (let k = i; k < i + len; k++) {
    const c = s.charCodeAt(k) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** Forms a spreadsheet gives epoch milliseconds when it saves them (E-notation, decimals, dates). */
const E_NOTATION = /^(\d)(?:[.,](\d+))?E\+?(\d{1,3})$/i;
const DECIMAL = /^(\d+)[.,](\d+)$/;
const GROUPED = /^\d{1,3}(?:[,.\u00a0 ]\d{3})+$/;
const DATE_LIKE = /^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}(?:[ T]\d{1,2}:\d{2}.*)?$/;

export type EpochMillis =
  | { kind: "exact"; value: number }
  /** a spreadsheet's rewrite of the number: `value ± tolerance` when known */
  | { kind: "rewritten"; value: number | null; tolerance: number }
  | { kind: "bad"; problem: string };

function isDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** CreatedAt when it is a plain whole number of milliseconds between 2000 and 2100, else -1: the common case, without allocating. */
export function exactEpochMillis(text: string): number {
  return exactEpochMillisIn(text, 0, text.length);
}

/** exactEpochMillis() of `s` from `at` to `end`, read where it lies (CsvRecord#fieldWith) */
export function exactEpochMillisIn(s: string, at: number, end: number): number {
  // 2000-2100 is 12 or 13 digits; read in one pass, as it is on every row of a large export.
  const len = end - at;
  if (len !== 13 && len !== 12) return -1;
  const value = digitsAt(s, at, len);
  return value >= EARLIEST && value < LATEST ? value : -1;
}

/** Opsgenie's CreatedAt: a whole number of epoch milliseconds between 2000 and 2100. */
export function parseEpochMillis(raw: string): EpochMillis {
  const text = isDigits(raw) ? raw : raw.trim();
  if (isDigits(text)) {
    const value = Number(text);
    if (value >= EARLIEST && value < LATEST) return { kind: "exact", value };
    if (value < EARLIEST) {
      const seconds = value * 1000 >= EARLIEST && value * 1000 < LATEST;
      return {
        kind: "bad",
        problem: `${text} ms is before 2000-01-01${seconds ? "; it looks like seconds, and the export's CreatedAt is milliseconds" : ""}`,
      };
    }
    return { kind: "bad", problem: `${text} ms is 2100-01-01 or later` };
  }
  const e = E_NOTATION.exec(text);
  if (e) {
    const digits = (e[2] ?? "").length;
    const value = Number(`${e[1]}.${e[2] ?? "0"}e${e[3]}`);
    return { kind: "rewritten", value, tolerance: 10 ** (Number(e[3]) - digits) / 2 };
  }
  const d = DECIMAL.exec(text);
  if (d) return { kind: "rewritten", value: Number(`${d[1]}.${d[2]}`), tolerance: 1 };
  if (GROUPED.test(text)) return { kind: "rewritten", value: Number(text.replace(/\D/g, "")), tolerance: 0 };
  if (DATE_LIKE.test(text)) return { kind: "rewritten", value: null, tolerance: 0 };
  return { kind: "bad", problem: `expected epoch milliseconds, found "${raw}"` };
}

/** Agreement of CreatedAt and CreatedAtDate: within a second, as CreatedAtDate may lack the milliseconds. */
export const DATE_SLACK_MS = 1000;

export function parseBool(s: string): boolean | null | undefined {
  const t = s.trim().toLowerCase();
  if (t === "") return null;
  if (t === "true") return true;
  if (t === "false") return false;
  return undefined;
}
