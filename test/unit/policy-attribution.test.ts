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

describe("attribution warnings (SPEC §4.3)", () => {
  it("someone on neither line acknowledging is warned about only for out-of-hours alerts", () => {
    const inHours = at("2026-11-05 11:00"); // Thursday
    const r = calc([alert(inHours, { acknowledgedBy: "alice@example.com", ackAt: inHours + MIN })], {
      attributor: byRota(),
    });
    expect(r.skipped[0]!.reason).toBe("in-hours");
    expect(r.warnings.join("\n")).not.toMatch(/neither line/);
    const night = at("2026-11-05 02:00");
    const a = alert(night, { acknowledgedBy: "alice@example.com", ackAt: night + MIN });
    const out = calc([a], { attributor: byRota() });
    expect(out.warnings.join("\n")).toMatch(
      new RegExp(`alice acknowledged alert ${a.tinyId} while on neither line`),
    );
  });

  it("never acknowledged, in a log that has ack times: exact, no warning that credit is approximate", () => {
    const a = alert("2026-11-07 02:00", { acknowledgedBy: null, acknowledged: false, ackAt: null });
    const r = calc([a], { attributor: byRota({ ackTimes: (file) => file === a.file }) });
    expect(r.claims.map((c) => c.person)).toEqual(["bob", "erin"]);
    expect(r.warnings).toEqual([]);
  });

  it("in a log without ack times, the same alert is escalated with the warning", () => {
    const a = alert("2026-11-07 02:00", { acknowledgedBy: null, acknowledged: false, ackAt: null });
    const r = calc([a], { attributor: byRota({ ackTimes: () => false }) });
    expect(r.claims.map((c) => c.person)).toEqual(["bob", "erin"]);
    expect(r.warnings.join("\n")).toMatch(/second-line credit is approximate/);
  });

  it("acknowledger attribution on an alert the log says is not acknowledged: credited, with a warning", () => {
    const a = alert("2026-11-07 02:00", { acknowledgedBy: "alice@example.com", acknowledged: false });
    const r = calc([a], { rules: { attribution: "acknowledger" } });
    expect(r.claims.map((c) => c.person)).toEqual(["alice"]);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatch(
      new RegExp(
        `alert ${a.tinyId} \\(alice@example.com\\) is credited to its acknowledger though the log says not acknowledged`,
      ),
    );
    const ok = calc(
      [alert("2026-11-08 02:00", { acknowledgedBy: "alice@example.com", acknowledged: true })],
      {
        rules: { attribution: "acknowledger" },
      },
    );
    expect(ok.warnings).toEqual([]);
  });
});

describe("the CSV's Status and UpdatedAt: closed before anyone was paged (SPEC §3)", () => {
  const csvAlert = (over: { status: string; updatedAfter: number | null }) => {
    const created = at("2026-11-07 02:00");
    return alert(created, {
      acknowledgedBy: null,
      acknowledged: false,
      ackAt: null,
      closedAt: null,
      status: over.status,
      updatedAt: over.updatedAfter === null ? null : created + over.updatedAfter * MIN,
    });
  };

  it.each([
    ["closed, updated 4 minutes after creation: not escalated", "closed", 4, ["bob"]],
    ["closed, updated exactly 5 minutes after: not escalated", "closed", 5, ["bob"]],
    ["closed, updated 6 minutes after: escalated", "closed", 6, ["bob", "erin"]],
    ["open, updated 1 minute after: escalated", "open", 1, ["bob", "erin"]],
    ["closed without UpdatedAt: escalated", "closed", null, ["bob", "erin"]],
  ] as const)("%s", (_label, status, updatedAfter, persons) => {
    const r = calc([csvAlert({ status, updatedAfter })], { attributor: byRota() });
    expect(r.claims.map((c) => c.person)).toEqual(persons);
  });
});
