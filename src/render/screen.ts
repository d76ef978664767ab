import { loadPaint } from "./style";
import { pipedTable, type Screen } from "./table";

/** The output stream a renderer writes to, as far as tables care. */
export interface TableTarget {
  stdoutIsTTY: boolean;
  color: boolean;
  /** the terminal's width in columns */
  columns: number;
}

/**
 * The screen for a stream: on a terminal, boxed tables fitted to its width, drawn by cli-table3
 * (loaded here only: piped runs, which the start-up targets measure, never evaluate it); piped,
 * tab-separated rows. Colour is loaded only when it is on.
 */
export async function loadScreen(target: TableTarget): Promise<Screen> {
  const c = await loadPaint(target.color);
  if (!target.stdoutIsTTY) return { c, table: pipedTable, piped: true, width: Number.POSITIVE_INFINITY };
  const { boxedTable } = await import("./table-tty");
  return {
    c,
    table: (rows, opts) => boxedTable(rows, opts, target.columns),
    piped: false,
    width: target.columns,
  };
}
