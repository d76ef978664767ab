import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CsvReader } from "../../src/adapters/csv";
import { Interner } from "../../src/adapters/logs/common";

/** What fieldIs and Interner#field say of every field, beside the field's text. */
function read(parts: string[], probes: string[], strings: Interner<string>) {
  const out: { text: string; is: boolean[]; interned: string; viaGet: string }[] = [];
  const r = new CsvReader("t.csv", (rec) => {
    for (let i = 0; i <= rec.count; i++) {
      const text = rec.field(i);
      out.push({
        text,
        is: probes.map((p) => rec.fieldIs(i, p)),
        interned: strings.field(rec, i),
        viaGet: strings.get(text),
      });
    }
  });
  for (const p of parts) r.push(p);
  r.end();
  return out;
}

describe("perf3: a repeated field is interned without cutting it from the text", () => {
  const text =
    'ana@example.com,"ben@example.com",ana@example.com\n"q,""x""",ana@example.com,\nben@example.com,ana@example.co,x\n';
  const probes = ["ana@example.com", "ben@example.com", 'q,"x"', "", "ana@example.co", "x"];
  it("fieldIs is the field's text compared, quoted, cut by a chunk, or past the last field", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: text.length }), (at) => {
        const got = read([text.slice(0, at), text.slice(at)], probes, new Interner((s) => s));
        expect(got.map((g) => g.text)).toEqual([
          "ana@example.com",
          "ben@example.com",
          "ana@example.com",
          "",
          'q,"x"',
          "ana@example.com",
          "",
          "",
          "ben@example.com",
          "ana@example.co",
          "x",
          "",
        ]);
        for (const g of got) expect(g.is).toEqual(probes.map((p) => p === g.text));
      }),
    );
  });
  it("Interner#field gives the very value get() gives for the field's text", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: text.length }), (at) => {
        // a fresh copy per value made shows which value was handed out
        const strings = new Interner((s) => [s.slice(0, 1), s.slice(1)].join(""));
        for (const g of read([text.slice(0, at), text.slice(at)], probes, strings)) {
          expect(g.interned).toBe(g.text);
          expect(Object.is(g.interned, g.viaGet)).toBe(true);
        }
      }),
    );
  });
  it("stays right when many values share its slots", () => {
    const names = Array.from({ length: 3000 }, (_, i) => `user-${i}@example.com`);
    const rows = `${names.map((n, i) => `${n},${names[(i * 7) % names.length]}`).join("\n")}\n`;
    const strings = new Interner((s: string) => [s.slice(0, 1), s.slice(1)].join(""));
    const seen: string[] = [];
    const r = new CsvReader("t.csv", (rec) => {
      for (let i = 0; i < rec.count; i++) {
        const v = strings.field(rec, i);
        expect(v).toBe(rec.field(i));
        seen.push(v);
      }
    });
    r.push(rows);
    r.push(rows);
    r.end();
    expect(seen).toHaveLength(4 * names.length);
  });
  it("stays right past the interner's limit, and for values that are not strings", () => {
    const texts = ["a;b", "c", "a;b", "d;e;f", "c", "", "g"];
    const strings = new Interner((s: string) => [s.slice(0, 1), s.slice(1)].join(""), 2);
    const lists = new Interner((s: string) => s.split(";"));
    const got: [string, string[]][] = [];
    const r = new CsvReader("t.csv", (rec) => got.push([strings.field(rec, 0), lists.field(rec, 0)]));
    r.push(`${[...texts, ...texts].map((t) => `"${t}"`).join("\n")}\n`);
    r.end();
    expect(got).toEqual([...texts, ...texts].map((t) => [t, t.split(";")]));
    expect(got[2]![1]).toBe(got[0]![1]);
  });

  it("lastId: one number per text, through field() and get() alike; -1 for a text past the limit", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom("a", "b", "c", "d", "e", "f"), { maxLength: 60 }), (texts) => {
        const strings = new Interner((s: string) => s, 3);
        const ids = new Map<string, number>();
        const r = new CsvReader("t.csv", (rec) => {
          const v = strings.field(rec, 0);
          const viaField = strings.lastId;
          strings.get(v);
          expect(strings.lastId).toBe(viaField);
          if (!ids.has(v)) ids.set(v, viaField);
          expect(viaField).toBe(ids.get(v));
        });
        r.push(texts.map((t) => `${t}\n`).join(""));
        r.end();
        // the first three texts seen are kept (0, 1, 2), any later one is not (-1)
        const firsts = [...new Set(texts)];
        expect(firsts.map((t) => ids.get(t))).toEqual(firsts.map((_, i) => (i < 3 ? i : -1)));
      }),
    );
  });

  it("slotHash: a text hashes alike quoted or not, cut by a chunk or not", () => {
    const cell = fc.string({ maxLength: 12 });
    fc.assert(
      fc.property(fc.array(cell, { minLength: 1, maxLength: 6 }), fc.nat(), (cells, cut) => {
        const line = `${cells.map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(",")}\n`;
        const quoted = `${cells.map((c) => `"${c.replace(/"/g, '""')}"`).join(",")}\n`;
        fc.pre(line !== "\n"); // a blank line is no record
        const hashes: number[][] = [];
        const r = new CsvReader("t.csv", (rec) => {
          hashes.push(cells.map((_, i) => rec.slotHash(i)));
        });
        const at = cut % (line.length + 1);
        r.push(line.slice(0, at));
        r.push(line.slice(at));
        r.push(quoted);
        r.end();
        expect(hashes).toHaveLength(2);
        expect(hashes[0]).toEqual(hashes[1]);
      }),
    );
  });
});
