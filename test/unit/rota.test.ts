import { describe, expect, it } from "vitest";
import { isAmbiguousLocal, parseLocalDateTime, Rota, type RotaConfig } from "../../src/core/rota";
import { london } from "../helpers";

const base: RotaConfig = {
  handover: { day: "wed", time: "10:00" },
  lines: [
    { id: "first-line", start: "2026-01-07", weeksPerTurn: 1, members: ["alice", "bob", "carol"] },
    { id: "second-line", start: "2026-01-07", weeksPerTurn: 1, members: ["dave", "erin"] },
    { id: "fortnightly", start: "2026-11-04", weeksPerTurn: 2, members: ["frank", "gina"] },
  ],
  overrides: [],
};
const rota = (over: Partial<RotaConfig> = {}) => new Rota({ ...base, ...over }, london);
const iso = (ms: number) => new Date(ms).toISOString();
const t = (local: string) => parseLocalDateTime(local, london)!;

describe("rota resolution", () => {
  it.each([
    // [local time, first line, second line, fortnightly]
    ["2026-01-07T09:59", null, null, null], // before every start
    ["2026-01-07T10:00", "alice", "dave", null],
    ["2026-01-14T09:59", "alice", "dave", null],
    ["2026-01-14T10:00", "bob", "erin", null],
    ["2026-01-21T10:00", "carol", "dave", null],
    ["2026-01-28T10:00", "alice", "erin", null],
    ["2026-11-25T10:00", "bob", "dave", "gina"], // week 46 of the lines; fortnightly turn 1 (from 18 Nov)
    ["2026-12-02T10:00", "carol", "erin", "frank"],
    ["2026-12-16T09:59", "alice", "dave", "frank"], // a minute before handover: still the old week and turn
    ["2026-12-16T10:00", "bob", "erin", "gina"],
  ])("at %s: %s, %s, %s", (local, first, second, fortnightly) => {
    expect(
      rota()
        .at(t(local))
        .map((s) => s.person),
    ).toEqual([first, second, fortnightly]);
  });

  it("handover stays at 10:00 local across the autumn change: that week is 7 days and an hour", () => {
    const w = rota().weekAt(t("2026-10-25T12:00"));
    expect(iso(w.start)).toBe("2026-10-21T09:00:00.000Z"); // 10:00 BST
    expect(iso(w.end)).toBe("2026-10-28T10:00:00.000Z"); // 10:00 GMT
  });

  it("and across the spring change: a week of 7 days less an hour", () => {
    const w = rota().weekAt(t("2026-03-30T12:00"));
    expect(iso(w.start)).toBe("2026-03-25T10:00:00.000Z");
    expect(iso(w.end)).toBe("2026-04-01T09:00:00.000Z");
  });

  it("--week DATE is the week containing noon on DATE: on a handover day, the week starting then", () => {
    expect(iso(rota().weekOfDate("2026-11-25").start)).toBe("2026-11-25T10:00:00.000Z");
    expect(iso(rota().weekOfDate("2026-11-24").start)).toBe("2026-11-18T10:00:00.000Z");
    expect(iso(rota().weekOfDate("2026-11-29").end)).toBe("2026-12-02T10:00:00.000Z");
  });

  it("an override splits a shift: [from, to) in local time", () => {
    const r = rota({
      overrides: [
        {
          line: "first-line",
          person: "carol",
          from: "2026-11-28T18:00",
          to: "2026-11-29T10:00",
          reason: "swap",
        },
      ],
    });
    const w = r.weekOfDate("2026-11-25");
    const s = r.shifts(w.start, w.end, ["first-line"]);
    expect(s.map((x) => [x.person, iso(x.start), iso(x.end), x.override, x.reason])).toEqual([
      ["bob", "2026-11-25T10:00:00.000Z", "2026-11-28T18:00:00.000Z", false, null],
      ["carol", "2026-11-28T18:00:00.000Z", "2026-11-29T10:00:00.000Z", true, "swap"],
      ["bob", "2026-11-29T10:00:00.000Z", "2026-12-02T10:00:00.000Z", false, null],
    ]);
    expect(r.at(t("2026-11-28T20:00"))[0]).toMatchObject({ person: "carol", override: true });
    expect(iso(r.at(t("2026-11-27T12:00"))[0]!.end)).toBe("2026-11-28T18:00:00.000Z");
  });

  it("an override spanning a handover covers the end of one turn and the start of the next", () => {
    const r = rota({
      overrides: [{ line: "first-line", person: "erin", from: "2026-11-24T18:00", to: "2026-11-26T09:00" }],
    });
    const s = r.shifts(t("2026-11-24T00:00"), t("2026-11-27T00:00"), ["first-line"]);
    expect(s.map((x) => [x.person, iso(x.start), iso(x.end)])).toEqual([
      ["alice", "2026-11-24T00:00:00.000Z", "2026-11-24T18:00:00.000Z"],
      ["erin", "2026-11-24T18:00:00.000Z", "2026-11-26T09:00:00.000Z"],
      ["bob", "2026-11-26T09:00:00.000Z", "2026-11-27T00:00:00.000Z"],
    ]);
  });

  it("a fortnightly turn is one shift of two weeks", () => {
    const s = rota().shifts(t("2026-11-04T10:00"), t("2026-12-02T10:00"), ["fortnightly"]);
    expect(s.map((x) => [x.person, iso(x.start), iso(x.end)])).toEqual([
      ["frank", "2026-11-04T10:00:00.000Z", "2026-11-18T10:00:00.000Z"],
      ["gina", "2026-11-18T10:00:00.000Z", "2026-12-02T10:00:00.000Z"],
    ]);
  });

  it("nobody is on a line before its start", () => {
    const s = rota().lineShifts("fortnightly", t("2026-10-28T10:00"), t("2026-11-11T10:00"));
    expect(s.map((x) => [x.person, iso(x.start)])).toEqual([
      [null, "2026-10-28T10:00:00.000Z"],
      ["frank", "2026-11-04T10:00:00.000Z"],
    ]);
  });

  it("reads local date-times in the zone, with an offset as given, the repeated hour's first occurrence", () => {
    expect(iso(t("2026-07-01T10:00"))).toBe("2026-07-01T09:00:00.000Z");
    expect(iso(t("2026-07-01T10:00Z"))).toBe("2026-07-01T10:00:00.000Z");
    expect(iso(t("2026-07-01T10:00+02:00"))).toBe("2026-07-01T08:00:00.000Z");
    expect(iso(t("2026-10-25T01:30"))).toBe("2026-10-25T00:30:00.000Z");
    expect(isAmbiguousLocal("2026-10-25T01:30", london)).toBe(true);
    expect(isAmbiguousLocal("2026-10-25T02:30", london)).toBe(false);
    expect(isAmbiguousLocal("2026-10-25T01:30+00:00", london)).toBe(false);
    expect(parseLocalDateTime("2026-13-01T10:00", london)).toBeNull();
    expect(parseLocalDateTime("tomorrow", london)).toBeNull();
  });
});

describe("who at an instant", () => {
  it("a long override and a line not started yet are reported whole, not cut at a search window", () => {
    const r = new Rota(
      {
        ...base,
        overrides: [
          {
            line: "first-line",
            person: "carol",
            from: "2026-06-01T00:00",
            to: "2026-09-01T00:00",
            reason: "cover",
          },
        ],
      },
      london,
    );
    const s = r.at(t("2026-07-15T12:00"))[0]!;
    expect([s.person, new Date(s.start).toISOString(), new Date(s.end).toISOString()]).toEqual([
      "carol",
      "2026-05-31T23:00:00.000Z",
      "2026-08-31T23:00:00.000Z",
    ]);
    const before = r.at(t("2026-07-15T12:00"))[2]!; // fortnightly starts 4 Nov
    expect([before.person, new Date(before.end).toISOString()]).toEqual([null, "2026-11-04T10:00:00.000Z"]);
  });
});
