import { describe, expect, it } from "vitest";
import { escapeLines, escapeText } from "../../src/render/escape";
import { boxedTable } from "../../src/render/table-tty";

describe("escapeText", () => {
  it.each([
    ["\u001b]52;c;ZXZpbA==\u0007", "\\x1b]52;c;ZXZpbA==\\x07"],
    ["\u001b[2J", "\\x1b[2J"],
    ["a\tb\r\nc", "a\\tb\\r\\nc"],
    ["\u0000\u007f", "\\x00\\x7f"],
    ["\u0085\u009b", "\\x85\\x9b"],
    ["abc\u202edef", "abc\\u202edef"],
    [
      "\u202a\u202b\u202c\u202d\u2066\u2067\u2068\u2069\u200e\u200f\u061c",
      "\\u202a\\u202b\\u202c\\u202d\\u2066\\u2067\\u2068\\u2069\\u200e\\u200f\\u061c",
    ],
  ])("%j -> %s", (input, shown) => {
    expect(escapeText(input)).toBe(shown);
  });

  it("leaves ordinary text alone: accents, wide characters, emoji, backslashes, the ellipsis", () => {
    const s = "Zoë 山田 🚨 C:\\logs … – ◀";
    expect(escapeText(s)).toBe(s);
  });

  it("escapeLines keeps the line breaks and escapes the rest", () => {
    expect(escapeLines("one\u001b[2J\ntwo\u202e\n")).toBe("one\\x1b[2J\ntwo\\u202e\n");
  });
});

describe("boxedTable", () => {
  it("escapes every cell, a line break inside a cell too, and measures the escaped text", () => {
    const out = boxedTable([["a\nb", { text: "x\u001b[31m" }]], { head: ["One", "Two"] }, 80);
    expect(out.split("\n")).toEqual([
      "┌──────┬───────────┐",
      "│ One  │ Two       │",
      "├──────┼───────────┤",
      "│ a\\nb │ x\\x1b[31m │",
      "└──────┴───────────┘",
    ]);
  });
});
