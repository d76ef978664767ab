import Table from "cli-table3";
import { strlen } from "cli-table3/src/utils.js";
import { type Cell, cellText, fitWidths, type TableOptions } from "./table";

const same = (s: string) => s;

/**
 * A boxed table of at most `columns` columns, drawn by cli-table3: it measures wide characters
 * (CJK, emoji) as two columns, and cuts a cell that does not fit with "…" instead of wrapping it.
 * Cells are escaped first, so each is one line.
 */
export function boxedTable(rows: Cell[][], opts: TableOptions, columns: number): string {
  const head = opts.head.map(cellText);
  const body = rows.map((r) => opts.head.map((_, i) => r[i] ?? ""));
  const natural = head.map((h) => strlen(h));
  for (const r of body) {
    r.forEach((c, i) => {
      natural[i] = Math.max(natural[i] ?? 0, strlen(cellText(c)));
    });
  }
  // each column has a space either side and a border after it, and the table one border before
  const fitted = fitWidths(natural, columns - 3 * natural.length - 1);
  const border = opts.paintBorder ?? same;
  const right = new Set(opts.right ?? []);
  const table = new Table({
    head: head.map((h) => ({ content: (opts.paintHead ?? same)(h), hAlign: "left" as const })) as never,
    colWidths: fitted.map((w) => w + 2),
    colAligns: head.map((_, i) => (right.has(i) ? "right" : "left")),
    truncate: "…",
    wordWrap: false,
    // colour is ours (chalk, or none), never @colors/colors deciding for itself
    style: { head: [], border: [], compact: true },
    chars: { left: border("│"), middle: border("│"), right: border("│") },
  });
  for (const r of body) {
    table.push(
      r.map((c) => {
        const text = cellText(c);
        return typeof c === "object" && c.paint ? c.paint(text) : text;
      }),
    );
  }
  const lines = table.toString().split("\n");
  // the rules above and below the head and at the end are drawn whole: painted whole
  for (const i of [0, 2, lines.length - 1]) lines[i] = border(lines[i] ?? "");
  return lines.join("\n");
}
