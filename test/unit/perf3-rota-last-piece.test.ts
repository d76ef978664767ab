import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Rota, type RotaConfig } from "../../src/core/rota";
import { london } from "../helpers";

const config: RotaConfig = {
  handover: { day: "wed", time: "10:00" },
  lines: [
    { id: "first", start: "2026-03-04", weeksPerTurn: 1, members: ["alice", "bob", "carol"] },
    { id: "second", start: "2026-03-11", weeksPerTurn: 2, members: ["dave", "erin"] },
  ],
  overrides: [
    { line: "first", person: "dave", from: "2026-03-20T18:00", to: "2026-03-23T09:00" },
    { line: "first", person: "erin", from: "2026-03-22T00:00", to: "2026-03-22T12:00" },
    { line: "second", person: "alice", from: "2026-03-28T22:00", to: "2026-04-02T10:00" },
  ],
};

describe("perf3: personOn asked in time order, as alerts come", () => {
  it("answers as a rota asked once, across handovers, overrides and the clocks going forward", () => {
    const start = Date.parse("2026-02-25T00:00:00Z");
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 50 * 86_400_000 }), { minLength: 1, maxLength: 300 }),
        fc.boolean(),
        (offsets, sorted) => {
          const probes = offsets.map((o) => start + o);
          if (sorted) probes.sort((a, b) => a - b);
          const rota = new Rota(config, london);
          for (const ms of probes) {
            for (const line of ["first", "second"]) {
              expect(rota.personOn(line, ms)).toBe(new Rota(config, london).personOn(line, ms));
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
