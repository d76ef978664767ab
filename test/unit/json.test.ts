import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { escapeJson } from "../../src/render/escape";
import { jsonPieces } from "../../src/render/json";

describe("jsonPieces", () => {
  it("joined, equals JSON.stringify (with escapeJson's characters escaped), pretty and compact, with streamed arrays", () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ minLength: 1 }), fc.jsonValue()),
        fc.array(fc.jsonValue()),
        (rest, list) => {
          const doc = { schemaVersion: 1, ...rest, claims: list };
          for (const pretty of [true, false]) {
            const joined = [...jsonPieces(doc, pretty, { claims: null })].join("");
            expect(joined).toBe(
              `${escapeJson(pretty ? JSON.stringify(doc, null, 2) : JSON.stringify(doc))}\n`,
            );
          }
        },
      ),
    );
  });
});
