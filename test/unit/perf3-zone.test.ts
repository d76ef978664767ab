import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Zone } from "../../src/core/zone";
import { luxonOffsets } from "../../src/core/zone-luxon";

const QUARTER = 15 * 60_000;

describe("perf3: the zone's offsets, kept by quarter hour in arrays", () => {
  it("are the source's at the quarter hour, asked once a quarter hour, any instant from 1800 to 2200", () => {
    const names = ["Europe/London", "Asia/Kolkata", "Australia/Lord_Howe", "America/St_Johns"];
    fc.assert(
      fc.property(
        fc.constantFrom(...names),
        fc.array(fc.integer({ min: Date.UTC(1800, 0, 1), max: Date.UTC(2200, 0, 1) }), { maxLength: 40 }),
        (name, instants) => {
          const source = luxonOffsets(name);
          const asked: number[] = [];
          const zone = new Zone(name, (ms) => {
            asked.push(ms);
            return source(ms);
          });
          // twice over, and the instants near each: the second time is all from the cache
          const all = instants.flatMap((t) => [t, t + 1, t - QUARTER]);
          for (const t of [...all, ...all]) {
            expect(zone.offsetMinutes(t)).toBe(source(Math.floor(t / QUARTER) * QUARTER));
          }
          expect(asked.length).toBe(new Set(asked).size);
          expect(new Set(asked)).toEqual(new Set(all.map((t) => Math.floor(t / QUARTER) * QUARTER)));
        },
      ),
    );
  });

  it("keep an offset that is no whole number of minutes (London's mean time before 1847)", () => {
    const zone = new Zone("Europe/London", luxonOffsets("Europe/London"));
    const t = Date.UTC(1840, 5, 1);
    expect(zone.offsetMinutes(t)).toBe(luxonOffsets("Europe/London")(t));
    expect(zone.offsetMinutes(t + 1)).toBe(zone.offsetMinutes(t));
  });
});
