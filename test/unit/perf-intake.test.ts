import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CsvReader } from "../../src/adapters/csv";
import type { Alert } from "../../src/core/alert";
import { idHash, idHash2, KeptIndex } from "../../src/core/intake";

/** Every field's hashes as the reader computes them from its text, and the field itself. */
function hashes(parts: string[]): { text: string; h1: number; h2: number }[] {
  const out: { text: string; h1: number; h2: number }[] = [];
  const pair = new Int32Array(2);
  const r = new CsvReader("t.csv", (rec) => {
    for (let i = 0; i <= rec.count; i++) {
      rec.hashFieldPair(i, pair);
      expect(pair[0]).toBe(rec.hashField(i));
      out.push({ text: rec.field(i), h1: rec.hashField(i), h2: pair[1]! });
    }
  });
  for (const p of parts) r.push(p);
  r.end();
  return out;
}

describe("perf: the reader's hashes of a field", () => {
  it("equal idHash and idHash2 of the field's text, quoted, cut by a chunk, or past the last field", () => {
    const text = 'abc-1,"q,""x""",tail\nlonger-id-0123456789,"",z\n';
    fc.assert(
      fc.property(fc.integer({ min: 0, max: text.length }), (at) => {
        const got = hashes([text.slice(0, at), text.slice(at)]);
        expect(got.map((g) => g.text)).toEqual([
          "abc-1",
          'q,"x"',
          "tail",
          "",
          "longer-id-0123456789",
          "",
          "z",
          "",
        ]);
        for (const g of got) expect([g.h1, g.h2]).toEqual([idHash(g.text), idHash2(g.text)]);
      }),
    );
  });
});

describe("perf: KeptIndex", () => {
  const alertsOf = (ids: string[]) => ids.map((id) => ({ id }) as Alert);

  it("finds exactly the ids added, through growth, even when every id has the same hashes", () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { maxLength: 60 }), fc.boolean(), (raw, sameHashes) => {
        const ids = [...new Set(raw)];
        const alerts = alertsOf(ids);
        const hash = (id: string) => (sameHashes ? [7, 7] : [idHash(id), idHash2(id)]) as [number, number];
        const index = new KeptIndex(2);
        ids.forEach((id, i) => {
          if (i % 2 === 0) index.add(...hash(id), i);
        });
        ids.forEach((id, i) => {
          expect(index.find(...hash(id), id, alerts)).toBe(i % 2 === 0 ? i : -1);
        });
        if (!ids.includes("not-an-id"))
          expect(index.find(...hash("not-an-id"), "not-an-id", alerts)).toBe(-1);
      }),
    );
  });

  it("tells apart two ids whose first hashes collide", () => {
    expect(idHash("a651y")).toBe(idHash("a1c544"));
    const alerts = alertsOf(["a651y"]);
    const index = new KeptIndex();
    index.add(idHash("a651y"), idHash2("a651y"), 0);
    expect(index.find(idHash("a1c544"), idHash2("a1c544"), "a1c544", alerts)).toBe(-1);
    expect(index.find(idHash("a651y"), idHash2("a651y"), "a651y", alerts)).toBe(0);
  });
});
