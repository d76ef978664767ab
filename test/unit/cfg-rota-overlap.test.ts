import { describe, expect, it } from "vitest";
import { parseLocalDateTime, Rota, type RotaConfig } from "../../src/core/rota";
import { checkRota } from "../../src/core/rota-check";
import { london } from "../helpers";

const t = (local: string) => parseLocalDateTime(local, london)!;

// Bob swaps into Alice's week; inside the swap, Carol covers one night.
const config: RotaConfig = {
  handover: { day: "wed", time: "10:00" },
  lines: [{ id: "first-line", start: "2026-01-07", weeksPerTurn: 1, members: ["alice", "dave"] }],
  overrides: [
    { line: "first-line", person: "bob", from: "2026-11-25T10:00", to: "2026-11-28T10:00", reason: "swap" },
    {
      line: "first-line",
      person: "carol",
      from: "2026-11-26T18:00",
      to: "2026-11-27T08:00",
      reason: "cover",
    },
  ],
};

describe("overlapping overrides: the later one in the file wins", () => {
  it.each([
    ["2026-11-26T12:00", "bob"],
    ["2026-11-26T20:00", "carol"],
    ["2026-11-27T09:00", "bob"],
  ])("cover inside a swap, at %s: %s", (local, person) => {
    expect(new Rota(config, london).personOn("first-line", t(local))).toBe(person);
  });

  it("whatever their order in time: listed the other way round, the swap wins", () => {
    const reversed = { ...config, overrides: [config.overrides[1]!, config.overrides[0]!] };
    expect(new Rota(reversed, london).personOn("first-line", t("2026-11-26T20:00"))).toBe("bob");
  });

  it("the shifts show the swap, the cover, then the swap again", () => {
    const shifts = new Rota(config, london)
      .lineShifts("first-line", t("2026-11-25T10:00"), t("2026-11-28T10:00"))
      .map((s) => [s.person, s.reason]);
    expect(shifts).toEqual([
      ["bob", "swap"],
      ["carol", "cover"],
      ["bob", "swap"],
    ]);
  });

  it("each overlapping pair is listed once, with the stretch they share", () => {
    const three = {
      ...config,
      overrides: [
        ...config.overrides,
        { line: "first-line", person: "erin", from: "2026-11-27T06:00", to: "2026-11-27T12:00" },
      ],
    };
    const pairs = new Rota(three, london).overlappingOverrides();
    expect(pairs.map((p) => [p.earlier, p.later, p.person])).toEqual([
      [0, 1, "carol"],
      [0, 2, "erin"],
      [1, 2, "erin"],
    ]);
    expect(new Date(pairs[2]!.from).toISOString()).toBe("2026-11-27T06:00:00.000Z");
    expect(new Date(pairs[2]!.to).toISOString()).toBe("2026-11-27T08:00:00.000Z");
  });

  it("rota check lists an overlap as a warning, and an inverted override as an error", () => {
    const problems = checkRota(
      {
        ...config,
        overrides: [
          ...config.overrides,
          { line: "first-line", person: "erin", from: "2026-12-01T10:00", to: "2026-12-01T09:00" },
        ],
      },
      london,
    );
    expect(problems.map((p) => [p.severity, p.path.join(".")])).toEqual([
      ["error", "rota.overrides.2.to"],
      ["warning", "rota.overrides.1"],
    ]);
    expect(problems[1]!.message).toMatch(
      /overlaps rota.overrides\[0\] on first-line from Thu 26 Nov 18:00 to Fri 27 Nov 08:00: the later one in the file holds the line then \(carol\)/,
    );
  });
});
