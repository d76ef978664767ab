import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadScreen } from "../../src/render/screen";
import { fitWidths, pipedTable } from "../../src/render/table";
import { boxedTable } from "../../src/render/table-tty";

/** Display width as a terminal counts it, for the strings these tests use: CJK and emoji take two. */
function width(line: string): number {
  let w = 0;
  for (const ch of line) w += /[\u3000-\u9fff\uff00-\uff60]|\p{Extended_Pictographic}/u.test(ch) ? 2 : 1;
  return w;
}

describe("fitWidths", () => {
  it("keeps the natural widths when they fit", () => {
    expect(fitWidths([4, 10, 3], 17)).toEqual([4, 10, 3]);
  });
  it("keeps a narrow column whole and shares what is left among the wide ones", () => {
    // room 20: an equal share is 6; the 3 keeps its width, the 17 and 30 share 17
    expect(fitWidths([3, 17, 30], 20)).toEqual([3, 9, 8]);
  });
  it("never gives a column less than one (room for the …)", () => {
    expect(fitWidths([10, 10, 10], 1)).toEqual([1, 1, 1]);
  });
});

describe("boxedTable (a terminal)", () => {
  const rows = [
    [
      "2026-10-02",
      "alice",
      "an alert with a very long message that goes on and on past any terminal",
      "woken",
    ],
    ["2026-10-03", "bob", "short", "awake"],
  ];
  const head = ["Date", "Person", "Alert", "Kind"];

  it("fits the width: every line is at most the terminal's columns, long cells cut with …, none wrapped", () => {
    const out = boxedTable(rows, { head }, 50);
    const lines = out.split("\n");
    expect(lines).toHaveLength(2 + 4); // rows, head, three rules: nothing wrapped onto a second line
    for (const line of lines) expect(width(line)).toBeLessThanOrEqual(50);
    expect(lines[3]).toMatch(/^│ 2026-10-02 │ alice +│ an alert with[^│]*… │ woken │$/);
    expect(lines[4]).toMatch(/^│ 2026-10-03 │ bob +│ short +│ awake │$/);
  });

  it("draws the whole table when it fits", () => {
    const out = boxedTable([["a", "1"]], { head: ["One", "Two"], right: [1] }, 80);
    expect(out.split("\n")).toEqual([
      "┌─────┬─────┐",
      "│ One │ Two │",
      "├─────┼─────┤",
      "│ a   │   1 │",
      "└─────┴─────┘",
    ]);
  });

  it("measures wide characters as two columns: the borders line up", () => {
    const out = boxedTable(
      [
        ["山田太郎", "🚨 paged"],
        ["Zoë", "ok"],
      ],
      { head: ["Name", "Note"] },
      80,
    );
    const lines = out.split("\n");
    expect(new Set(lines.map(width)).size).toBe(1);
    expect(lines[3]).toBe("│ 山田太郎 │ 🚨 paged │");
  });

  it("cuts wide characters by their width too", () => {
    const lines = boxedTable([["日本語のテキストです"]], { head: ["Text"] }, 11).split("\n");
    for (const line of lines) expect(width(line)).toBeLessThanOrEqual(11);
    expect(lines[3]).toBe("│ 日本語… │");
  });

  it("paints cells after cutting them, so colour never changes the layout", () => {
    const red = (s: string) => `\u001b[31m${s}\u001b[39m`;
    const gray = (s: string) => `\u001b[90m${s}\u001b[39m`;
    const out = boxedTable([[{ text: "alert", paint: red }]], { head: ["Kind"], paintBorder: gray }, 80);
    const plain = out.replace(/\u001b\[\d+m/g, "");
    expect(plain.split("\n")).toEqual(["┌───────┐", "│ Kind  │", "├───────┤", "│ alert │", "└───────┘"]);
    expect(out).toContain(red("alert"));
    expect(out.split("\n")[0]).toBe(gray("┌───────┐"));
  });
});

describe("pipedTable (not a terminal)", () => {
  it("prints rows tab-separated, without a header, borders or padding", () => {
    const out = pipedTable(
      [
        ["2026-10-02", "alice", 3],
        ["2026-10-03", "bob", 12],
      ],
      {
        head: ["Date", "Person", "Claims"],
        right: [2],
      },
    );
    expect(out).toBe("2026-10-02\talice\t3\n2026-10-03\tbob\t12");
  });
  it("escapes a tab or a line break inside a cell, so a cell never splits a row", () => {
    expect(pipedTable([["a\tb", "c\nd\u001b[2J"]], { head: ["x", "y"] })).toBe("a\\tb\tc\\nd\\x1b[2J");
  });
  it("is never painted", () => {
    const out = pipedTable([[{ text: "woken", paint: (s) => `\u001b[33m${s}\u001b[39m` }]], {
      head: ["Kind"],
    });
    expect(out).toBe("woken");
  });
});

describe("loadScreen", () => {
  it("draws tab-separated rows piped and boxed ones, fitted to the width, on a terminal", async () => {
    const rows = [["x".repeat(100)]];
    const piped = await loadScreen({ stdoutIsTTY: false, color: false, columns: 20 });
    expect(piped.table(rows, { head: ["H"] })).toBe("x".repeat(100));
    const tty = await loadScreen({ stdoutIsTTY: true, color: false, columns: 20 });
    const lines = tty.table(rows, { head: ["H"] }).split("\n");
    expect(lines[3]).toBe(`│ ${"x".repeat(15)}… │`);
  });
});

describe("boxedTable in pieces", () => {
  it("draws a long table a piece at a time exactly as in one (widths, rules, wrapped cells, colour)", () => {
    const cell = fc.oneof(
      fc.constantFrom("", "x", "a long cell of words that may be cut or wrapped", "中文字", "🙂 ok"),
      fc.string({ maxLength: 20 }),
    );
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { maxLength: 12 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 20, max: 90 }),
        (rows, chunk, columns) => {
          const opts = { head: ["When", "Who", "What"], cut: [2], paintBorder: (s: string) => `<${s}>` };
          expect(boxedTable(rows, opts, columns, chunk)).toBe(boxedTable(rows, opts, columns, 1e9));
        },
      ),
      { numRuns: 150 },
    );
  });
});
