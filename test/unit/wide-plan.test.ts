import { describe, expect, it } from "vitest";
import { planColumns } from "../../src/render/table";

const col = (natural: number, body = natural, cut = false) => ({ natural, body, cut });

describe("planColumns, whole: columns left out before anything is cut", () => {
  // a name (free text, 11), three numbers under heads wider than them, a long note (free text)
  const cols = [col(11, 11, true), col(7, 1), col(9, 4), col(10, 2), col(43, 43, true)];

  it("without whole, heads and names are cut and nothing is left out", () => {
    const { keep, widths } = planColumns(cols, 60, [3, 4]);
    expect(keep).toEqual([0, 1, 2, 3, 4]);
    expect(widths[0]).toBeLessThan(11);
  });

  it("leaves out the drop columns, first first, until the rest fit uncut", () => {
    expect(planColumns(cols, 60, [4, 3], true)).toEqual({ keep: [0, 1, 2, 3], widths: [11, 7, 9, 10] });
    expect(planColumns(cols, 100, [4, 3], true)).toEqual({
      keep: [0, 1, 2, 3, 4],
      widths: [11, 7, 9, 10, 43],
    });
  });

  it("with nothing left to drop, cuts free text only: a head keeps its width", () => {
    const { keep, widths } = planColumns(cols, 60, [3], true);
    expect(keep).toEqual([0, 1, 2, 4]);
    expect(widths.slice(1, 3)).toEqual([7, 9]);
    expect(widths.reduce((s, w) => s + w, 0)).toBeLessThanOrEqual(60 - 3 * 4 - 1);
  });

  it("a column not in cut is shared a width (and wraps) rather than a head cut", () => {
    const { widths } = planColumns([col(6), col(10), col(7, 6), col(9, 6), col(14), col(43)], 80, [], true);
    expect(widths.slice(0, 5)).toEqual([6, 10, 7, 9, 14]);
    expect(widths[5]).toBe(80 - 3 * 6 - 1 - 46);
  });
});
