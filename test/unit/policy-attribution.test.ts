import { describe, expect, it } from "vitest";
import { createRotaAttributor } from "../../src/core/attribution";
import { PeopleIndex } from "../../src/core/people";
import { Rota } from "../../src/core/rota";
import { alert, at, calc, london, PEOPLE } from "../helpers";

const MIN = 60_000;
const people = new PeopleIndex(PEOPLE);
const rota = new Rota(
  {
    handover: { day: "wed", time: "10:00" },
    lines: [
      { id: "first-line", start: "2026-01-07", weeksPerTurn: 1, members: ["alice", "bob"] },
      { id: "second-line", start: "2026-01-07", weeksPerTurn: 1, members: ["dave", "erin"] },
    ],
    overrides: [],
  },
  london,
);
// Week of Wed 4 Nov 2026: first line bob, second line erin.
const byRota = (o: { ackTimes?: (file: string) => boolean } = {}) =>
  createRotaAttributor(rota, people, {
    firstLine: "first-line",
    secondLine: "second-line",
    afterMinutes: 5,
    label: (ms) => london.label(ms),
    ...o,
  });

describe("a log's woken and worked columns apply to the acknowledger when credited (SPEC §4.7)", () => {
  it("escalated, acknowledged by second line: only second line gets the log's woken and 2h35m", () => {
    const created = at("2026-11-07 01:30");
    const a = alert(created, {
      acknowledgedBy: "erin@example.com",
      ackAt: created + 11 * MIN,
      woken: false,
      workedMinutes: 155,
    });
    const r = calc([a], { attributor: byRota() });
    const claim = (p: string) => r.claims.find((c) => c.person === p)!;
    expect(claim("erin")).toMatchObject({
      kind: "awake",
      kindSource: "mark",
      workedMinutes: 155,
      workedSource: "log-column",
    });
    expect(claim("bob")).toMatchObject({
      kind: "woken",
      kindSource: "sleep-hours",
      workedMinutes: null,
      workedSource: null,
      extraMinutes: 0,
    });
  });

  it("acknowledged by someone not credited: the columns apply to everyone credited", () => {
    const created = at("2026-11-07 01:30");
    const a = alert(created, {
      acknowledgedBy: "alice@example.com",
      ackAt: created + 11 * MIN,
      woken: false,
      workedMinutes: 155,
    });
    const r = calc([a], { attributor: byRota() });
    expect(r.claims.map((c) => [c.person, c.kindSource, c.workedMinutes])).toEqual([
      ["bob", "mark", 155],
      ["erin", "mark", 155],
    ]);
  });

  it("with --person, the acknowledger still takes the columns from the others", () => {
    const created = at("2026-11-07 01:30");
    const a = alert(created, {
      acknowledgedBy: "erin@example.com",
      ackAt: created + 11 * MIN,
      workedMinutes: 155,
    });
    const r = calc([a], { attributor: byRota(), person: "bob" });
    expect(r.claims.map((c) => [c.person, c.workedMinutes])).toEqual([["bob", null]]);
  });

  it("a flag without person: still applies to everyone credited", () => {
    const created = at("2026-11-07 01:30");
    const a = alert(created, { acknowledgedBy: "erin@example.com", ackAt: created + 11 * MIN });
    const r = calc([a], {
      attributor: byRota(),
      worked: [{ alertId: a.id, person: null, minutes: 155, source: "flag" }],
    });
    expect(r.claims.map((c) => [c.person, c.workedMinutes])).toEqual([
      ["bob", 155],
      ["erin", 155],
    ]);
  });
});
