import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ByteDecoder, TEXT_PIECE } from "../../src/adapters/log-input";

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

  it("writeEach hands over pieces of at most TEXT_PIECE bytes whose text is write()'s, however the sequences fall", () => {
    // a multi-byte character, a Windows-1252 byte or a BOM at, before and after each piece's edge
    const part = fc.oneof(
      fc.constantFrom("a", "é", "€", "😀", "\r\n", '"'),
      fc.constantFrom(Buffer.from([0x92]), Buffer.from([0xe2, 0x82]), Buffer.from([0xef, 0xbb, 0xbf])),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 8 }),
        fc.array(part, { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 1, max: 3 }),
        (shift, parts, pieces) => {
          const body = Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "utf8") : p)));
          const pad = Buffer.alloc(Math.max(0, TEXT_PIECE * pieces - shift - 2), 0x61);
          const bytes = Buffer.concat([pad, body, pad.subarray(0, TEXT_PIECE + 5)]);
          const whole = new ByteDecoder();
          const expected = whole.write(bytes) + whole.end();
          const d = new ByteDecoder();
          const texts: string[] = [];
          d.writeEach(bytes, (t) => texts.push(t));
          expect(texts.length).toBeGreaterThan(pieces);
          expect(texts.join("") + d.end()).toBe(expected);
          expect(d.fallback).toEqual(whole.fallback);
        },
      ),
      { numRuns: 40 },
    );
  });
});

/** whether the surrogate at i is half of a pair (a lone one becomes U+FFFD in UTF-8) */
function isPaired(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  if (c < 0xdc00) return i + 1 < s.length && s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) <= 0xdfff;
  return i > 0 && s.charCodeAt(i - 1) >= 0xd800 && s.charCodeAt(i - 1) < 0xdc00;
}
