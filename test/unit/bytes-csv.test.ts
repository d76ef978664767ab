import fc from "fast-check";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { CsvReader, MAX_RECORD } from "../../src/adapters/csv";
import { ByteDecoder } from "../../src/adapters/log-input";

interface Parsed {
  rows: string[][];
  lines: number[];
}

/** Runs the reader over text cut at the given offsets. */
function parse(parts: string[], maxRecord?: number): Parsed {
  const rows: string[][] = [];
  const lines: number[] = [];
  const r = new CsvReader(
    "t.csv",
    (rec) => {
      rows.push(rec.fields());
      lines.push(rec.line);
    },
    maxRecord,
  );
  for (const p of parts) r.push(p);
  r.end();
  return { rows, lines };
}

const cut = (text: string, at: number[]) => {
  const parts: string[] = [];
  let from = 0;
  for (const i of [...at].sort((a, b) => a - b)) {
    parts.push(text.slice(from, i));
    from = i;
  }
  parts.push(text.slice(from));
  return parts;
};

// A generated CSV: fields quoted or not, and what a spreadsheet or an export may put in them.
const unquoted = fc
  .array(fc.constantFrom("a", "b", " ", "é", "£", "\r", "x y"), { maxLength: 4 })
  .map((cs) => cs.join(""))
  .filter((t) => !t.endsWith("\r"));
const quoted = fc
  .array(fc.constantFrom("a", ",", '"', "\n", "\r", "\r\n", " ", "é"), { maxLength: 5 })
  .map((cs) => cs.join(""));
const field = fc.oneof(
  unquoted.map((text) => ({ text, quoted: false })),
  quoted.map((text) => ({ text, quoted: true })),
);
const row = fc
  .array(field, { minLength: 1, maxLength: 4 })
  .filter((fs) => fs.length > 1 || fs[0]!.text !== "");
const doc = fc.record({
  rows: fc.array(fc.tuple(row, fc.boolean()), { minLength: 1, maxLength: 6 }),
  newline: fc.constantFrom("\n", "\r\n"),
  trailing: fc.boolean(),
  bom: fc.boolean(),
});

type Doc = typeof doc extends fc.Arbitrary<infer T> ? T : never;

/** The text of a generated document, with each record's expected fields and starting line. */
function render(d: Doc) {
  let text = "";
  let line = 1;
  const expected: Parsed = { rows: [], lines: [] };
  d.rows.forEach(([fs, blankAfter], i) => {
    expected.rows.push(fs.map((f) => f.text));
    expected.lines.push(line);
    const cells = fs.map((f) => (f.quoted ? `"${f.text.replaceAll('"', '""')}"` : f.text));
    const record = cells.join(",");
    text += record;
    line += record.split("\n").length - 1;
    const last = i === d.rows.length - 1;
    if (!last || d.trailing) {
      text += d.newline;
      line++;
    }
    if (blankAfter && !last) {
      text += d.newline;
      line++;
    }
  });
  return { text, expected };
}

/** papaparse's reading, less the blank lines it reports and this reader passes over. */
function papa(text: string, newline: string): string[][] {
  const { data } = Papa.parse<string[]>(text, { newline: newline as "\n" | "\r\n" });
  return data.filter((r) => !(r.length === 1 && r[0] === ""));
}

describe("the CSV tokenizer, against papaparse", () => {
  it("agrees on generated exports cut into chunks at random places, and gives each record's line", () => {
    fc.assert(
      fc.property(doc, fc.array(fc.nat(), { maxLength: 8 }), (d, cuts) => {
        const { text, expected } = render(d);
        expect(papa(text, d.newline)).toEqual(expected.rows);
        const at = cuts.map((c) => c % (text.length + 1));
        expect(parse(cut(text, at))).toEqual(expected);
      }),
      { numRuns: 400 },
    );
  });

  it("agrees when the text is cut at every place", () => {
    fc.assert(
      fc.property(doc, (d) => {
        const { text, expected } = render(d);
        for (let i = 0; i <= text.length; i++) expect(parse(cut(text, [i]))).toEqual(expected);
        expect(parse(text.split(""))).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });

  it("agrees on bytes cut anywhere, a UTF-8 character or a BOM included, through the decoder", () => {
    fc.assert(
      fc.property(doc, fc.array(fc.nat(), { maxLength: 6 }), (d, cuts) => {
        const { text, expected } = render(d);
        const bytes = Buffer.from((d.bom ? "\uFEFF" : "") + text, "utf8");
        expect(papa((d.bom ? "\uFEFF" : "") + text, d.newline)).toEqual(expected.rows);
        const decoder = new ByteDecoder();
        const parts: string[] = [];
        let from = 0;
        for (const c of [...cuts.map((c) => c % (bytes.length + 1))].sort((a, b) => a - b)) {
          parts.push(decoder.write(bytes.subarray(from, c)));
          from = c;
        }
        parts.push(decoder.write(bytes.subarray(from)), decoder.end());
        expect(parse(parts)).toEqual(expected);
        expect(decoder.fallback).toBeNull();
      }),
      { numRuns: 300 },
    );
  });

  it("reads the known awkward cases the same in one piece and in single characters", () => {
    const text = '\uFEFFa,b\r\n"x\r""y""",\r\n\r\n,"\n"\r\nlone\rcr,"q"\r\n';
    const one = parse([text]);
    expect(one.rows).toEqual([
      ["\uFEFFa", "b"],
      ['x\r"y"', ""],
      ["", "\n"],
      ["lone\rcr", "q"],
    ]);
    expect(one.lines).toEqual([1, 2, 4, 6]);
    expect(parse(text.split(""))).toEqual(one);
  });
});

describe("the CSV tokenizer's limits and errors", () => {
  it("reports a stray quote at the line its field opened, whatever the chunks", () => {
    // The record starts on line 3; the stray quote opens its third field, on line 4.
    const text = 'a,b,c\n1,2,3\n"x\ny",5,"six\n7,8,9\n';
    for (let i = 0; i <= text.length; i++) {
      expect(() => parse(cut(text, [i]))).toThrow(/^t\.csv:4: a quoted field is never closed/);
    }
  });

  it("reports text after a closing quote at its line, whatever the chunks", () => {
    const text = 'a,"b\nc"\n1,"x"z\n';
    for (let i = 0; i <= text.length; i++) {
      expect(() => parse(cut(text, [i]))).toThrow(
        /^t\.csv:3: unexpected text after a closing quote in field 2/,
      );
    }
  });

  it("names the line a stray quote opened on when its field ends at a later quote followed by text", () => {
    // Line 3's stray quote runs on to the quote before "hi" on line 6.
    const text = 'a,b\n1,2\n3,"four\n5,6\n7,8\n9,he said "hi",10\n';
    for (let i = 0; i <= text.length; i++) {
      expect(() => parse(cut(text, [i]))).toThrow(
        /^t\.csv:3: a quoted field opened on this line runs to line 6, where text follows its closing quote/,
      );
    }
  });

  it("refuses a record longer than 1 MiB at the line it starts, read in chunks or whole", () => {
    const long = `a,b\n1,2\n3,${"x".repeat(MAX_RECORD + 10)}\n5,6\n`;
    const chunks = Array.from({ length: Math.ceil(long.length / 65536) }, (_, i) =>
      long.slice(i * 65536, (i + 1) * 65536),
    );
    expect(() => parse(chunks)).toThrow(/^t\.csv:3: a record longer than 1 MiB/);
    expect(() => parse([long])).toThrow(/^t\.csv:3: a record longer than 1 MiB/);
    // Just under the limit is read.
    const ok = parse([`a,b\n3,${"x".repeat(MAX_RECORD - 100)}\n`]);
    expect(ok.rows[1]![1]).toHaveLength(MAX_RECORD - 100);
  });

  it("refuses a stray quote in a 10 MB record within its first MiB, naming the quote's line", () => {
    const r = new CsvReader("t.csv", () => {});
    r.push('a,b\n1,"open\n');
    const chunk = "y".repeat(64 * 1024);
    let pushed = 0;
    expect(() => {
      for (; pushed < 10_000_000; pushed += chunk.length) r.push(chunk);
    }).toThrow(/^t\.csv:2: a quoted field opened on this line runs on past 1 MiB/);
    expect(pushed).toBeLessThanOrEqual(MAX_RECORD);
  });

  it("searches each chunk once: a 20 MB unterminated quote costs 20 MB of scanning, not its square", () => {
    // Without the record limit, to show the tokenizer itself never rescans an unfinished record.
    const r = new CsvReader("t.csv", () => {}, Number.POSITIVE_INFINITY);
    const head = 'a,b\n1,2\n3,"starts here\n';
    r.push(head);
    const chunk = `${"z".repeat(64 * 1024 - 1)}\n`;
    const n = Math.ceil(20_000_000 / chunk.length);
    for (let i = 0; i < n; i++) r.push(chunk);
    expect(() => r.end()).toThrow(/^t\.csv:3: a quoted field is never closed/);
    expect(r.scanned).toBe(head.length + n * chunk.length);
  }, 20_000);
});
