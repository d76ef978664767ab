import Table from "cli-table3";
import { strlen } from "cli-table3/src/utils.js";
import { type Cell, cellText, planColumns, type TableOptions } from "./table";

const same = (s: string) => s;

/**
 * A boxed table of at most `columns` columns, drawn by cli-table3: it measures wide characters
 * (CJK, emoji) as two columns, and cuts a cell that does not fit with "…" instead of wrapping it.
 * Cells are escaped first, so each is one line.
 */
export function boxedTable(rows: Cell[][], opts: TableOptions, columns: number, chunk = 250): string {
  const cells = rows.map((r) => opts.head.map((_, i) => r[i] ?? ""));
  const cut = new Set(opts.cut ?? []);
  const fits = opts.head.map((h, i) => ({ natural: strlen(cellText(h)), body: 0, cut: cut.has(i) }));
  for (const r of cells) {
    r.forEach((c, i) => {
      const f = fits[i]!;
      f.body = Math.max(f.body, strlen(cellText(c)));
      f.natural = Math.max(f.natural, f.body);
    });
  }
  const { keep, widths } = planColumns(fits, columns, opts.drop, opts.whole);
  const head = keep.map((i) => cellText(opts.head[i] ?? ""));
  const body = cells.map((r) => keep.map((i) => r[i] ?? ""));
  const border = opts.paintBorder ?? same;
  const right = new Set(opts.right ?? []);
  // a column that may not be cut but still does not fit (a narrow terminal, every droppable column
  // gone) wraps onto more lines instead: a time on two lines still reads right, a cut one does not
  // (a table that declares no free text has said nothing about its columns: any may be cut)
  const wrap = keep.map((i, k) => opts.cut !== undefined && !cut.has(i) && widths[k]! < fits[i]!.body);
  const draw = (rows: Cell[][], withHead: boolean): string[] => {
    const table = new Table({
      head: withHead
        ? (head.map((h) => ({ content: (opts.paintHead ?? same)(h), hAlign: "left" as const })) as never)
        : [],
      colWidths: widths.map((w) => w + 2),
      colAligns: keep.map((i) => (right.has(i) ? "right" : "left")),
      truncate: "…",
      wordWrap: false,
      // colour is ours (chalk, or none), never @colors/colors deciding for itself
      style: { head: [], border: [], compact: true },
      chars: { left: border("│"), middle: border("│"), right: border("│") },
    });
    for (const r of rows) {
      table.push(
        r.map((c, k) => {
          const text = cellText(c);
          const content = typeof c === "object" && c.paint ? c.paint(text) : text;
          if (!wrap[k]) return content;
          // between words if every word fits, else anywhere
          const words = Math.max(...text.split(/\s+/).map(strlen));
          return { content, wordWrap: true, wrapOnWordBoundary: words <= widths[k]! };
        }),
      );
    }
    return table.toString().split("\n");
  };
  // cli-table3 lays a table out in time that grows with the square of its rows (each cell checked
  // against every one before it for spans): a year's 13,000 claims took ~9 s to draw. The body is
  // drawn a piece at a time with the same widths, and the pieces joined where their rules meet.
  const lines: string[] = [];
  for (let i = 0; i === 0 || i < body.length; i += chunk) {
    const first = i === 0;
    const last = i + chunk >= body.length;
    let part = draw(body.slice(i, i + chunk), first);
    if (!first) part = part.slice(1); // its top rule: the rows run on
    if (!last) part = part.slice(0, -1); // its bottom rule
    lines.push(...part);
  }
  // the rules above and below the head and at the end are drawn whole: painted whole
  for (const i of [0, 2, lines.length - 1]) lines[i] = border(lines[i] ?? "");
  return lines.join("\n");
}
