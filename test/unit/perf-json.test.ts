import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { escapeJson } from "../../src/render/escape";
import { jsonPieces } from "../../src/render/json";

describe("perf: jsonPieces over long streamed arrays", () => {
  it("joined, equals JSON.stringify, compact and pretty, whatever the length (batches of elements)", () => {
    const element = fc.oneof(
      fc.record({ id: fc.string(), n: fc.integer(), note: fc.constantFrom("ok", "\u202eevil", "a\u2028b") }),
      fc.jsonValue({ maxDepth: 2 }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 }), element, fc.boolean(), (length, e, more) => {
        const list = Array.from({ length }, (_, i) => (i % 7 === 3 ? e : { i, s: `x${i}` }));
        const doc = {
          schemaVersion: 1,
          claims: list,
          ...(more ? { skipped: list.slice(0, 130) } : {}),
          end: true,
        };
        for (const pretty of [false, true]) {
          const joined = [...jsonPieces(doc, pretty, { claims: null, skipped: null })].join("");
          expect(joined).toBe(`${escapeJson(pretty ? JSON.stringify(doc, null, 2) : JSON.stringify(doc))}\n`);
        }
      }),
      { numRuns: 60 },
    );
  });
});
