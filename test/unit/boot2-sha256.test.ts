import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sha256Hex } from "../../src/core/sha256";

const nodeSha256 = (text: string) => createHash("sha256").update(text).digest("hex");

describe("sha256Hex", () => {
  it("gives the published digests of the FIPS 180-2 examples", () => {
    expect(sha256Hex("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")).toBe(
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
    );
  });

  it("agrees with node:crypto at every length around the block and padding boundaries", () => {
    for (let n = 0; n <= 200; n++) expect(sha256Hex("x".repeat(n))).toBe(nodeSha256("x".repeat(n)));
  });

  it("hashes the UTF-8 bytes of any text, as node:crypto does (wide characters, lone surrogates)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 300 }), (text) => {
        expect(sha256Hex(text)).toBe(nodeSha256(text));
      }),
      { numRuns: 500 },
    );
    expect(sha256Hex("ana|2026-03-08T01:11:23.456Z")).toBe(nodeSha256("ana|2026-03-08T01:11:23.456Z"));
    expect(sha256Hex("Zoë 🚨 \ud800")).toBe(nodeSha256("Zoë 🚨 \ud800"));
  });
});
