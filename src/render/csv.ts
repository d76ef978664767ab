import { escapeText } from "./escape";

/**
 * A CSV value: text from outside (a log, a config) is neutralised; a number stays a number; text
 * the tool computed itself (an `h:mm`, a correction such as `-1:45`) is marked with `computed`.
 */
export type CsvValue = string | number | boolean | null | Computed;

export interface Computed {
  readonly computed: string;
}

/** Text the tool made itself, written as it is even when it starts with - or +. */
export const computed = (text: string): Computed => ({ computed: text });

// A spreadsheet runs a cell starting with one of these as a formula (=HYPERLINK(…) sends data
// away, @SUM, +1, -1 too); OWASP's CSV injection advice is a leading ' that shows as text.
const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV field, neutralised when outside text looks like a formula, quoted per RFC 4180. */
export function csvField(v: CsvValue): string {
  return field(v, false);
}

/**
 * One CSV row. For a terminal, outside text also has its control characters and bidi overrides
 * shown escaped (SPEC §8 "Safe output"); piped or written to a file, the bytes stay as they are.
 */
export function csvRow(values: CsvValue[], terminal = false): string {
  return `${values.map((v) => field(v, terminal)).join(",")}\n`;
}

function field(v: CsvValue, terminal: boolean): string {
  if (v === null) return "";
  let s: string;
  if (typeof v === "object") s = v.computed;
  else if (typeof v === "string") {
    s = FORMULA_START.test(v) ? `'${v}` : v;
    if (terminal) s = escapeText(s);
  } else s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
