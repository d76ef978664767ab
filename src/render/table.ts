import { escapeText } from "./escape";
import type { Paint } from "./style";

/** A cell: plain text, and how to paint it on a terminal (colour never changes the width). */
export type Cell = string | number | { text: string; paint?: (s: string) => string };

export interface TableOptions {
  head: string[];
  /** right-align these columns (numbers) */
  right?: number[];
  paintHead?: (s: string) => string;
  paintBorder?: (s: string) => string;
}

/** Draws one table for the stream it is bound to: boxed on a terminal, tab-separated piped. */
export type DrawTable = (rows: Cell[][], opts: TableOptions) => string;

/** What a renderer draws with: the colours and the tables of one output stream. */
export interface Screen {
  c: Paint;
  table: DrawTable;
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
