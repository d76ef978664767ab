import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isoUtc } from "../../src/core/zone";

describe("perf: isoUtc", () => {
  it("writes what Date#toISOString writes, for any instant, in any order", () => {
    const instant = fc.oneof(
      fc.integer({ min: -8.64e15, max: 8.64e15 }),
      fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) }),
      fc.constantFrom(0, 253_402_300_799_999, 253_402_300_800_000, -1, 86_399_999, 86_400_000),
      fc.double({ min: 0, max: 2e12, noNaN: true }),
    );
    fc.assert(
      fc.property(fc.array(instant, { minLength: 1, maxLength: 20 }), (list) => {
        for (const ms of list) expect(isoUtc(ms)).toBe(new Date(ms).toISOString());
      }),
      { numRuns: 2000 },
    );
  });

  it("refuses an invalid instant as Date#toISOString does", () => {
    expect(() => isoUtc(Number.NaN)).toThrow(RangeError);
    expect(() => isoUtc(8.64e15 + 1)).toThrow(RangeError);
  });
});
