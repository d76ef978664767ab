import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CsvReader } from "../../src/adapters/csv";
import { hashRangePair, idHash, idHash2 } from "../../src/core/intake";

describe("perf3: both hashes of an id in one pass", () => {
  it("hashRangePair is hashRange and hashRange2 of the range", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "binary", maxLength: 80 }),
        fc.string(),
        fc.string(),
        (id, before, after) => {
          const out = new Int32Array(2);
          hashRangePair(`${before}${id}${after}`, before.length, before.length + id.length, out);
          expect([out[0], out[1]]).toEqual([idHash(id), idHash2(id)]);
        },
      ),
    );
  });

  it("a record's hashFieldPair is both hashes of the field's text, quoted, cut by a chunk, or past the last field", () => {
    const text = 'abc-1,"q,""x""",tail\nlonger-id-0123456789,"",z\n';
    fc.assert(
      fc.property(fc.integer({ min: 0, max: text.length }), (at) => {
        const got: [string, number, number][] = [];
        const out = new Int32Array(2);
        const r = new CsvReader("t.csv", (rec) => {
          for (let i = 0; i <= rec.count; i++) {
            rec.hashFieldPair(i, out);
            got.push([rec.field(i), out[0]!, out[1]!]);
          }
        });
        r.push(text.slice(0, at));
        r.push(text.slice(at));
        r.end();
        expect(got).toHaveLength(8);
        for (const [field, h1, h2] of got) expect([h1, h2]).toEqual([idHash(field), idHash2(field)]);
      }),
    );
  });
});
