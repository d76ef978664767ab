import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ByteDecoder } from "../../src/adapters/log-input";

describe("perf: ByteDecoder", () => {
  it("gives back any text, ASCII or not, however its UTF-8 bytes are cut into chunks", () => {
    const text = fc.oneof(fc.string(), fc.string({ unit: "grapheme" }), fc.string({ unit: "binary" }));
    fc.assert(
      fc.property(text, fc.array(fc.nat(), { maxLength: 4 }), (s, cuts) => {
        const bytes = Buffer.from(s, "utf8");
        const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
        const d = new ByteDecoder();
        let out = "";
        let from = 0;
        for (const i of [...at, bytes.length]) {
          out += d.write(bytes.subarray(from, i));
          from = i;
        }
        out += d.end();
        expect(out).toBe(
          s.replace(/[\ud800-\udfff]/g, (c, i) => (isPaired(s, i) ? c : "\ufffd")).replace(/^\ufeff/, ""),
        );
        expect(d.fallback).toBeNull();
      }),
    );
  });
});

/** whether the surrogate at i is half of a pair (a lone one becomes U+FFFD in UTF-8) */
function isPaired(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  if (c < 0xdc00) return i + 1 < s.length && s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) <= 0xdfff;
  return i > 0 && s.charCodeAt(i - 1) >= 0xd800 && s.charCodeAt(i - 1) < 0xdc00;
}
