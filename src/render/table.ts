import { escapeText } from "./escape";
import type { Paint } from "./style";

/** A cell: plain text, and how to paint it on a terminal (colour never changes the width). */
export type Cell = string | number | { text: string; paint?: (s: string) => string };

export interface TableOptions {
  head: string[];
  /** right-align these columns (numbers) */
  right?: number[];
  /**
   * Columns of free text (a message, a note, a name, a list of alerts) that may be cut with "…" to
   * fit a terminal. The others (dates, times, durations, ids, phones, kinds) are never cut: a cut
   * time or phone number reads as a wrong one; as a last resort they wrap onto more lines. A table
   * without `cut` may have any column cut.
   */
  cut?: number[];
  /** Columns worth least, first first: left out whole, rather than cut a column that may not be cut. */
  drop?: number[];
  /**
   * Every column reads worse cut than missing (a head cut to `al…`, a name to `Alic…`, a note to
   * `self-…`): the `drop` columns are left out before anything is cut, and a head is never cut.
   */
  whole?: boolean;
  paintHead?: (s: string) => string;
  paintBorder?: (s: string) => string;
}

/** Draws one table for the stream it is bound to: boxed on a terminal, tab-separated piped. */
export type DrawTable = (rows: Cell[][], opts: TableOptions) => string;

/** What a renderer draws with: the colours and the tables of one output stream. */
export interface Screen {
  c: Paint;
  table: DrawTable;
  /** not a terminal: cells are written whole and plain, for scripts (see Printed) */
  piped: boolean;
  /** the terminal's width in columns (piped: no limit) */
  width: number;
}

/**
 * What a command prints, apart: `out` is its data, `err` the rest (titles, totals, what was
 * skipped, hints). On a terminal everything is for a person and goes to stdout, in order; piped,
 * stdout carries only the rows of the command's one table, so `cut -f2` sees one kind of line, and
 * the rest goes to stderr, where a person watching still sees it (as gh does).
 */
export class Printed {
  out = "";
  err = "";
  constructor(private readonly piped: boolean) {}
  /** the command's data */
  data(text: string): this {
    this.out += text;
    return this;
  }
  /** for a person: with the data on a terminal, on stderr when piped */
  note(text: string): this {
    if (this.piped) this.err += text;
    else this.out += text;
    return this;
  }
  /**
   * Writes both. stderr as it is (`stderrRaw`): the notes were escaped cell by cell as stdout's are,
   * and a tab between cells is not a control character to show as `\t`.
   */
  writeTo(io: { stdout: { write(s: string): unknown }; stderrRaw: { write(s: string): unknown } }): void {
    if (this.err !== "") io.stderrRaw.write(this.err);
    if (this.out !== "") io.stdout.write(this.out);
  }
}

/** A cell's text as shown: control characters, line breaks, tabs and bidi overrides escaped (SPEC §1). */
export function cellText(c: Cell): string {
  return escapeText(typeof c === "object" ? c.text : String(c));
}

/**
 * Piped, as gh prints: one line per row, cells separated by tabs, no header, borders, padding or
 * colour, so `cut -f`, `sort` and `awk -F'\t'` take the rows as they are. A tab inside a cell is
 * escaped (`\t`), so it never splits one.
 */
export const pipedTable: DrawTable = (rows) => rows.map((r) => r.map(cellText).join("\t")).join("\n");

/**
 * The widths of the columns' text so that a table fits `room` columns of text (its borders and
 * padding already taken off), as gh's table printer shares them: a column narrower than an equal
 * share keeps its width, and the room it leaves is shared among the rest, which are cut to fit.
 * Never below one column (the "…"), so a very narrow terminal gets a table wider than itself
 * rather than none.
 */
export function fitWidths(natural: readonly number[], room: number): number[] {
  const total = natural.reduce((s, w) => s + w, 0);
  if (total <= room) return [...natural];
  const widths = [...natural];
  let open = natural.map((_, i) => i);
  let left = room;
  for (;;) {
    const share = Math.floor(left / open.length);
    const fits = open.filter((i) => (natural[i] ?? 0) <= share);
    if (fits.length === 0) {
      // the wide columns share what is left; the first ones get the remainder
      let extra = left - share * open.length;
      for (const i of open) {
        widths[i] = Math.max(1, share + (extra > 0 ? 1 : 0));
        extra--;
      }
      return widths;
    }
    for (const i of fits) left -= natural[i] ?? 0;
    open = open.filter((i) => !fits.includes(i));
    if (open.length === 0) return widths;
  }
}

/** A free-text column is never cut below this many columns (or its whole text, if shorter). */
export const MIN_CUT = 5;

/** One column as the fitting sees it: its widest text, its widest cell, and what it may lose. */
export interface ColumnFit {
  /** widest of the head and the cells */
  natural: number;
  /** widest cell (0: every cell empty) */
  body: number;
  cut: boolean;
}

/**
 * Which columns a boxed table keeps, and how wide each is, to fit `columns`: a column whose cells are
 * all empty is left out; free-text columns shrink first, widest first, never below MIN_CUT; then a
 * head wider than its cells is cut; if that is not enough, the `drop` columns are left out, first
 * first; only then is everything cut (fitWidths), so a date, a time or a phone is cut last of all.
 * `whole` (TableOptions.whole): the `drop` columns go before anything is cut (planWhole).
 * Each column costs three more than its text: a space either side and a border, plus one border.
 */
export function planColumns(
  cols: readonly ColumnFit[],
  columns: number,
  drop: readonly number[] = [],
  whole = false,
): { keep: number[]; widths: number[] } {
  let keep = cols.map((_, i) => i).filter((i) => (cols[i]?.body ?? 0) > 0);
  if (keep.length === 0) keep = cols.map((_, i) => i);
  const dropping = drop.filter((i) => keep.includes(i));
  if (whole) return planWhole(cols, columns, keep, dropping);
  for (;;) {
    const room = columns - 3 * keep.length - 1;
    const { widths, fits } = shrink(
      keep.map((i) => cols[i]!),
      room,
    );
    const next = dropping.shift();
    if (fits || next === undefined || keep.length === 1) {
      return { keep, widths: fits ? widths : fitWidths(widths, room) };
    }
    keep = keep.filter((i) => i !== next);
  }
}

/**
 * planColumns for a `whole` table: the `drop` columns go, first first, until the rest fit uncut;
 * if they still do not, the free text is cut, then the widest columns narrow first (a column that
 * may not be cut wraps, see boxedTable), so a narrow head keeps its width.
 */
function planWhole(
  cols: readonly ColumnFit[],
  columns: number,
  keep: number[],
  dropping: number[],
): { keep: number[]; widths: number[] } {
  for (;;) {
    const room = columns - 3 * keep.length - 1;
    const widths = keep.map((i) => cols[i]!.natural);
    if (widths.reduce((s, w) => s + w, 0) <= room) return { keep, widths };
    const next = dropping.shift();
    if (next === undefined || keep.length === 1) {
      const free = shrink(
        keep.map((i) => ({ ...cols[i]!, body: cols[i]!.cut ? cols[i]!.body : cols[i]!.natural })),
        room,
      );
      if (free.fits) return { keep, widths: free.widths };
      // then the widest column narrows first (a long note wraps onto more lines), down to MIN_CUT
      const wrap = shrink(
        free.widths.map((w) => ({ natural: w, body: w, cut: true })),
        room,
      );
      return { keep, widths: wrap.fits ? wrap.widths : fitWidths(wrap.widths, room) };
    }
    keep = keep.filter((i) => i !== next);
  }
}

function shrink(cols: readonly ColumnFit[], room: number): { widths: number[]; fits: boolean } {
  const widths = cols.map((c) => c.natural);
  let excess = widths.reduce((s, w) => s + w, 0) - room;
  const floor = cols.map((c) => (c.cut ? Math.min(c.natural, MIN_CUT) : Math.max(c.body, 1)));
  // the free text first, one column at a time from the widest; then the heads wider than their cells
  for (const pass of [true, false]) {
    while (excess > 0) {
      let widest = -1;
      for (let i = 0; i < cols.length; i++) {
        if (cols[i]?.cut !== pass || widths[i]! <= floor[i]!) continue;
        if (widest < 0 || widths[i]! > widths[widest]!) widest = i;
      }
      if (widest < 0) break;
      widths[widest]!--;
      excess--;
    }
  }
  return { widths, fits: excess <= 0 };
}
