import { describe, expect, it } from "vitest";
import { resolvePeriod } from "../../src/commands/period";
import { claimId, extraDaysFor, inSleepHours } from "../../src/core/toil";
import { OncallError } from "../../src/errors";
import { alert, at, calc, calendar, london } from "../helpers";

describe("out of hours (SPEC §4.2)", () => {
  const cal = calendar(["2026-12-24"]);
  it.each([
    ["Tue 09:59, before support hours", "2026-11-03 09:59", true],
    ["Tue 10:00, the start is in hours", "2026-11-03 10:00", false],
    ["Tue 17:59", "2026-11-03 17:59", false],
    ["Tue 18:00, the end is out of hours", "2026-11-03 18:00", true],
    ["Tue 00:00, midnight", "2026-11-03 00:00", true],
    ["Saturday noon", "2026-11-07 12:00", true],
    ["Sunday noon", "2026-11-08 12:00", true],
    ["Christmas Day (Fri) noon", "2026-12-25 12:00", true],
    ["Mon 28 Dec, substitute for Boxing Day on a Saturday", "2026-12-28 12:00", true],
    ["Tue 29 Dec, an ordinary day", "2026-12-29 12:00", false],
    ["Thu 24 Dec, an extra holiday (closure day)", "2026-12-24 12:00", true],
    ["New Year's Day 2027 (Fri)", "2027-01-01 12:00", true],
    ["Mon 3 Jan 2022, substitute for New Year's Day on a Saturday", "2022-01-03 12:00", true],
    ["Early May bank holiday 2026", "2026-05-04 11:00", true],
    ["Good Friday 2026", "2026-04-03 11:00", true],
    ["Easter Monday 2026", "2026-04-06 11:00", true],
    ["Summer time: 10:30 BST is in hours", "2026-07-14 10:30", false],
    ["Summer time: 09:30 BST (08:30 UTC) is out of hours", "2026-07-14 09:30", true],
  ])("%s", (_label, local, ooh) => {
    expect(cal.isOutOfHours(at(local))).toBe(ooh);
  });
});

describe("windows (SPEC §4.4)", () => {
  it("the policy's example: four alerts in ten minutes make one claim of 0.25 day", () => {
    const r = calc([
      alert("2026-11-03 20:00"),
      alert("2026-11-03 20:03"),
      alert("2026-11-03 20:07"),
      alert("2026-11-03 20:10"),
    ]);
    expect(r.claims).toHaveLength(1);
    expect(r.claims[0]!.alerts).toHaveLength(4);
    expect(r.claims[0]!.days).toBe(0.25);
    expect(r.claims[0]!.hours).toBe(1.75);
  });

  it("an alert 59:59 after the first joins its window; one at exactly 60:00 opens the next", () => {
    const t0 = at("2026-11-03 20:00");
    const r = calc([alert(t0), alert(t0 + 3_599_000), alert(t0 + 3_600_000)]);
    expect(r.claims.map((c) => c.alerts.length)).toEqual([2, 1]);
    expect(r.claims[1]!.start).toBe(new Date(t0 + 3_600_000).toISOString());
  });

  it("windows are anchored at their first alert, not at clock hours", () => {
    const r = calc([alert("2026-11-03 20:50"), alert("2026-11-03 21:10"), alert("2026-11-03 21:49")]);
    expect(r.claims).toHaveLength(1);
  });

  it("a window across midnight is one claim, dated by its start", () => {
    const r = calc([alert("2026-11-03 23:50"), alert("2026-11-04 00:20")]);
    expect(r.claims).toHaveLength(1);
    expect(r.claims[0]!.date).toBe("2026-11-03");
  });

  it("autumn clock change: a window is 60 elapsed minutes across the repeated hour", () => {
    // 01:30 BST is 00:30 UTC; 01:20 GMT is 01:20 UTC, 50 minutes later; 01:31 GMT is 61 minutes later.
    const first = Date.parse("2026-10-25T00:30:00Z");
    const r = calc([
      alert(first),
      alert(Date.parse("2026-10-25T01:20:00Z")),
      alert(Date.parse("2026-10-25T01:31:00Z")),
    ]);
    expect(r.claims.map((c) => c.alerts.length)).toEqual([2, 1]);
    expect(r.claims[0]!.end).toBe("2026-10-25T01:30:00.000Z");
    expect(london.hhmm(Date.parse(r.claims[0]!.end))).toBe("01:30"); // 01:30 GMT: the same wall time again
  });

  it("spring clock change: 00:50 GMT and 02:40 BST are 50 minutes apart, one window", () => {
    const r = calc([alert(Date.parse("2026-03-29T00:50:00Z")), alert(Date.parse("2026-03-29T01:40:00Z"))]);
    expect(r.claims).toHaveLength(1);
    expect(r.claims[0]!.date).toBe("2026-03-29");
  });

  it("ties in time are ordered by id", () => {
    const t = at("2026-11-03 20:00");
    const r = calc([alert(t, { id: "b" }), alert(t, { id: "a" })]);
    expect(r.claims[0]!.alerts.map((a) => a.id)).toEqual(["a", "b"]);
  });

  it("windows are per person", () => {
    const r = calc([alert("2026-11-03 20:00"), alert("2026-11-03 20:10", { owner: "bob@example.com" })]);
    expect(r.claims.map((c) => c.person).sort()).toEqual(["alice", "bob"]);
  });
});

describe("awake or woken (SPEC §4.5)", () => {
  it.each([
    ["02:14 is in sleep hours", "2026-11-03 02:14", "woken"],
    ["22:00 is not", "2026-11-03 22:00", "awake"],
    ["23:00, the start of sleep hours", "2026-11-03 23:00", "woken"],
    ["06:59", "2026-11-03 06:59", "woken"],
    ["07:00, the end of sleep hours", "2026-11-03 07:00", "awake"],
  ])("%s", (_l, local, kind) => {
    const c = calc([alert(local)]).claims[0]!;
    expect(c.kind).toBe(kind);
    expect(c.kindSource).toBe("sleep-hours");
  });

  it("a person's own sleep hours override the team's", () => {
    const bob = { owner: "bob@example.com" };
    const r = calc([alert("2026-11-03 22:45", bob), alert("2026-11-05 06:45", bob)]);
    expect(r.claims.map((c) => c.kind)).toEqual(["woken", "awake"]);
  });

  it("a window starting within backToSleepMinutes of the previous window's last alert is awake", () => {
    const r = calc([
      alert("2026-11-03 02:00"),
      alert("2026-11-03 02:40"),
      alert("2026-11-03 03:30"),
      alert("2026-11-03 04:30"),
    ]);
    expect(r.claims.map((c) => [c.kind, c.kindSource])).toEqual([
      ["woken", "sleep-hours"],
      ["awake", "recently-awake"], // 03:30 is 50 min after 02:40
      ["woken", "sleep-hours"], // 04:30 is 60 min after 03:30: asleep again
    ]);
  });

  it("recently-awake counts from the end of the previous window's work", () => {
    const first = alert("2026-11-03 02:00");
    const r = calc([first, alert("2026-11-03 04:30")], {
      worked: [{ alertId: first.id, person: null, minutes: 120, source: "flag" }],
    });
    expect(r.claims[1]!.kindSource).toBe("recently-awake");
  });

  it("recently-awake comes before tags", () => {
    const r = calc([
      alert("2026-11-03 02:00"),
      alert("2026-11-03 02:50"),
      alert("2026-11-03 03:10", { tags: ["sleepinghours"] }),
    ]);
    expect(r.claims[1]!.kindSource).toBe("recently-awake");
  });

  it.each([
    [["sleepinghours"], "2026-11-03 20:00", "woken"],
    [["wakinghours"], "2026-11-03 03:00", "awake"],
    [["SleepingHours", "wakinghours"], "2026-11-03 20:00", "woken"],
  ])("tags %j at %s → %s", (tags, local, kind) => {
    const c = calc([alert(local, { tags })]).claims[0]!;
    expect([c.kind, c.kindSource]).toEqual([kind, "tag"]);
  });

  it("only the first alert's tags count", () => {
    const r = calc([alert("2026-11-03 20:00"), alert("2026-11-03 20:10", { tags: ["sleepinghours"] })]);
    expect(r.claims[0]!.kind).toBe("awake");
  });

  it("a mark on any alert of the window decides, before recently-awake", () => {
    const second = alert("2026-11-03 03:10");
    const r = calc([alert("2026-11-03 02:00"), second, alert("2026-11-03 20:00")], {
      marks: [{ alertId: second.id, person: null, woken: true, source: "flag" }],
    });
    expect(r.claims[1]!.kind).toBe("woken");
    expect(r.claims[1]!.kindSource).toBe("mark");
  });

  it("the log's woken column is a mark; a flag on the same alert overrides it", () => {
    const a = alert("2026-11-03 20:00", { woken: true });
    expect(calc([a]).claims[0]!.kind).toBe("woken");
    const b = alert("2026-11-04 20:00", { woken: true });
    const r = calc([b], { marks: [{ alertId: b.id, person: null, woken: false, source: "flag" }] });
    expect(r.claims[0]!.kind).toBe("awake");
  });

  it("conflicting marks in one window are a usage error", () => {
    const a = alert("2026-11-03 20:00");
    const b = alert("2026-11-03 20:10");
    const run = () =>
      calc([a, b], {
        marks: [
          { alertId: a.id, person: null, woken: true, source: "flag" },
          { alertId: b.id, person: null, woken: false, source: "flag" },
        ],
      });
    expect(run).toThrow(OncallError);
    expect(run).toThrow(/conflicting marks/);
  });

  it("a mark for one person applies to that person only", () => {
    const a = alert("2026-11-03 20:00", { alias: "oncall-escalation:bob:x" });
    const r = calc([a], { marks: [{ alertId: a.id, person: "alice", woken: true, source: "flag" }] });
    expect(r.claims[0]!.person).toBe("bob");
    expect(r.claims[0]!.kind).toBe("awake");
  });

  it("sleep hours across midnight and within one day", () => {
    expect(inSleepHours(23 * 60, { start: "23:00", end: "07:00" })).toBe(true);
    expect(inSleepHours(7 * 60, { start: "23:00", end: "07:00" })).toBe(false);
    expect(inSleepHours(60, { start: "00:30", end: "06:00" })).toBe(true);
    expect(inSleepHours(0, { start: "00:30", end: "06:00" })).toBe(false);
  });
});

describe("extra time (SPEC §4.6)", () => {
  const worked = (a: { id: string }, minutes: number) => [
    { alertId: a.id, person: null, minutes, source: "flag" as const },
  ];

  it("the spec's example: woken at 02:14, worked 1h35m → 0.5 + 0.1875 = 0.6875 day", () => {
    const a = alert("2026-11-03 02:14");
    const c = calc([a], { worked: worked(a, 95) }).claims[0]!;
    expect(c).toMatchObject({
      workedMinutes: 95,
      workedSource: "flag",
      extraMinutes: 35,
      baseDays: 0.5,
      extraDays: 0.1875,
    });
    expect(c.days).toBe(0.6875);
    expect(c.hours).toBe(4.8125);
    expect(c.reason).toBe(`Out-of-hours alert ${a.tinyId} at 02:14, woken; worked 1h35m, 35m extra`);
  });

  it.each([
    ["quarter-hour", 65, 5, 0.0625],
    ["quarter-hour", 60, 0, 0],
    ["quarter-hour", 75, 15, 0.0625],
    ["quarter-hour", 76, 16, 0.125],
    ["started-hour", 95, 35, 0.25],
    ["started-hour", 121, 61, 0.5],
    ["whole-hour", 95, 35, 0],
    ["whole-hour", 185, 125, 0.5],
  ] as const)("%s: worked %d min → %d extra → %d day", (rounding, minutes, extra, days) => {
    const a = alert("2026-11-03 20:00");
    const c = calc([a], { worked: worked(a, minutes), rules: { extraRounding: rounding } }).claims[0]!;
    expect(c.extraMinutes).toBe(extra);
    expect(c.extraDays).toBe(days);
  });

  it("extraDaysFor rounds each mode", () => {
    expect(extraDaysFor(1, { extraRounding: "quarter-hour", extraDaysPerHour: 0.25 })).toBe(0.0625);
    expect(extraDaysFor(0, { extraRounding: "started-hour", extraDaysPerHour: 0.25 })).toBe(0);
  });

  it("only out-of-hours minutes count: work running into support hours stops earning at 10:00", () => {
    const a = alert("2026-11-03 08:00"); // Tuesday; worked to 11:00, extra 09:00–10:00 only
    const c = calc([a], { worked: worked(a, 180) }).claims[0]!;
    expect(c.extraMinutes).toBe(60);
    expect(c.extraDays).toBe(0.25);
  });

  it("a minute already counted as extra for an earlier window is not counted again", () => {
    const a = alert("2026-11-07 02:00"); // Saturday: every minute is out of hours
    const b = alert("2026-11-07 03:30");
    const r = calc([a, b], { worked: [...worked(a, 180), ...worked(b, 120)] });
    // a: extra 03:00–05:00 (120). b: extra 04:30–05:30, of which 04:30–05:00 was a's → 30.
    expect(r.claims.map((c) => c.extraMinutes)).toEqual([120, 30]);
  });

  it("work on a bank holiday is out of hours all day; the same hours on a working Friday are not", () => {
    const xmas = alert("2026-12-25 09:00"); // Friday, Christmas Day
    const friday = alert("2026-11-27 09:00"); // an ordinary Friday
    const r = calc([xmas, friday], { worked: [...worked(xmas, 240), ...worked(friday, 240)] });
    expect(r.claims.map((c) => [c.date, c.extraMinutes])).toEqual([
      ["2026-11-27", 0],
      ["2026-12-25", 180],
    ]);
  });

  it("a window from Sunday night runs into Monday: extra time stops at Monday 10:00", () => {
    const a = alert("2026-11-29 23:30"); // Sunday
    const r = calc([a], { worked: worked(a, 12 * 60) }); // until 11:30 Monday
    expect(r.claims[0]!.date).toBe("2026-11-29");
    expect(r.claims[0]!.extraMinutes).toBe(10 * 60 - 30); // Sun 00:30 → Mon 10:00
  });

  it("an in-hours alert earns nothing even if the work runs past 18:00", () => {
    const a = alert("2026-11-03 17:30");
    const r = calc([a], { worked: worked(a, 180) });
    expect(r.claims).toHaveLength(0);
    expect(r.skipped[0]).toMatchObject({ reason: "in-hours", detail: "Tue 3 Nov 17:30" });
  });

  it("unknown time worked earns no extra and says so", () => {
    const c = calc([alert("2026-11-03 20:00")]).claims[0]!;
    expect(c.workedMinutes).toBeNull();
    expect(c.workedSource).toBeNull();
    expect(c.reason).toMatch(/time worked not given/);
  });

  it("--infer-worked takes window start to the last close; the worked column comes first", () => {
    const a = alert("2026-11-07 02:00", { closedAt: at("2026-11-07 03:40") });
    const c = calc([a], { inferWorked: true }).claims[0]!;
    expect(c).toMatchObject({ workedMinutes: 100, workedSource: "inferred", extraMinutes: 40 });
    const b = alert("2026-11-08 02:00", { closedAt: at("2026-11-08 03:40"), workedMinutes: 30 });
    expect(calc([b], { inferWorked: true }).claims[0]).toMatchObject({
      workedMinutes: 30,
      workedSource: "log-column",
    });
    const c2 = alert("2026-11-09 02:00", { closedAt: at("2026-11-09 03:40") });
    expect(calc([c2]).claims[0]!.workedSource).toBeNull();
  });

  it("a flag beats the log column; the longest time of the same source wins", () => {
    const a = alert("2026-11-07 02:00", { workedMinutes: 200 });
    const b = alert("2026-11-07 02:10");
    const c = calc([a, b], { worked: [...worked(a, 30), ...worked(b, 90)] }).claims[0]!;
    expect(c).toMatchObject({ workedMinutes: 90, workedSource: "flag" });
  });
});

describe("attribution (SPEC §4.3)", () => {
  it("owner: credited to the person whose email matches, case-insensitively", () => {
    const r = calc([alert("2026-11-03 20:00", { owner: "Bob@Example.com" })]);
    expect(r.claims[0]).toMatchObject({ person: "bob", name: "Bob Brown" });
    expect(r.claims[0]!.alerts[0]!.via).toBe("owner");
  });

  it("acknowledger: an alert nobody acknowledged is unattributed", () => {
    const r = calc([alert("2026-11-03 20:00", { acknowledgedBy: null })], {
      rules: { attribution: "acknowledger" },
    });
    expect(r.claims).toHaveLength(0);
    expect(r.skipped[0]).toMatchObject({ reason: "unattributed" });
    expect(r.skippedCounts.unattributed).toBe(1);
  });

  it("an escalation alert is credited to the person its alias names, and no one else", () => {
    const r = calc([
      alert("2026-11-03 20:00", { alias: "oncall-escalation:bob:6004", owner: "alice@example.com" }),
    ]);
    expect(r.claims).toHaveLength(1);
    expect(r.claims[0]!.person).toBe("bob");
    expect(r.claims[0]!.alerts[0]!.via).toBe("escalation-target");
  });

  it("a username not in people is credited under that username, with a warning", () => {
    const r = calc([alert("2026-11-03 20:00", { owner: "zed@example.com" })]);
    expect(r.claims[0]).toMatchObject({ person: "zed@example.com", name: "zed@example.com" });
    expect(r.warnings.join("\n")).toMatch(/zed@example.com/);
  });
});

describe("filters", () => {
  it.each([
    [{ priorities: ["P1", "P2"] }, { priority: "P3" }, "priority"],
    [{ priorities: ["P1"] }, { priority: null }, "priority"],
    [{ requireTags: ["OOH"] }, { tags: ["other"] }, "tag"],
    [{ teams: ["Platform"] }, { teams: ["Web"] }, "team"],
  ] as const)("%j skips %j as %s", (rules, over, reason) => {
    const r = calc([alert("2026-11-03 20:00", over as never)], { rules: rules as never });
    expect(r.claims).toHaveLength(0);
    expect(r.skipped[0]!.reason).toBe(reason);
  });

  it("matching alerts pass every filter", () => {
    const r = calc([alert("2026-11-03 20:00", { priority: "p1", tags: ["ooh"], teams: ["platform"] })], {
      rules: { priorities: ["P1"], requireTags: ["OOH"], teams: ["Platform"] },
    });
    expect(r.claims).toHaveLength(1);
  });
});

describe("period, people and ids (SPEC §4.8–4.10)", () => {
  it("a window that starts before the period is skipped whole, even its alerts inside the period", () => {
    const period = resolvePeriod({ month: "2026-11" }, london);
    const r = calc([alert("2026-10-31 23:40"), alert("2026-11-01 00:10"), alert("2026-11-01 01:00")], {
      period,
    });
    expect(r.claims).toHaveLength(1);
    expect(r.claims[0]!.date).toBe("2026-11-01");
    expect(r.claims[0]!.kindSource).toBe("recently-awake"); // windows were built from every alert
    expect(r.skipped.filter((s) => s.reason === "out-of-period")).toHaveLength(2);
    expect(r.period).toEqual({
      from: "2026-11-01T00:00:00.000Z",
      to: "2026-12-01T00:00:00.000Z",
      label: "2026-11",
    });
  });

  it("--from/--to are inclusive local dates; in summer time local midnight is 23:00 UTC", () => {
    const p = resolvePeriod({ from: "2026-07-01", to: "2026-07-31" }, london)!;
    expect(new Date(p.from!).toISOString()).toBe("2026-06-30T23:00:00.000Z");
    expect(new Date(p.to!).toISOString()).toBe("2026-07-31T23:00:00.000Z");
  });

  it("bad period flags are usage errors", () => {
    expect(() => resolvePeriod({ month: "2026-13" }, london)).toThrow(/there is no month 13/);
    expect(() => resolvePeriod({ from: "2026-11-31" }, london)).toThrow(/2026-11-31 is not a calendar date/);
    expect(() => resolvePeriod({ from: "2026-11-05", to: "2026-11-01" }, london)).toThrow(/before/);
    expect(() => resolvePeriod({ month: "2026-11", from: "2026-11-01" }, london)).toThrow(
      /cannot be combined/,
    );
  });

  it("--person keeps one person's claims and only counts the others' alerts", () => {
    const r = calc([alert("2026-11-03 20:00"), alert("2026-11-03 20:10", { owner: "bob@example.com" })], {
      person: "bob",
    });
    expect(r.claims.map((c) => c.person)).toEqual(["bob"]);
    expect(r.skippedCounts["other-person"]).toBe(1);
    expect(r.skipped).toHaveLength(0);
  });

  it("a claim id is c- and 10 hex digits of SHA-256 of person|start", () => {
    const start = Date.parse("2026-11-03T02:14:00Z");
    // printf 'alice|2026-11-03T02:14:00.000Z' | sha256sum  →  8fbeb3b087593b20…
    expect(claimId("alice", start)).toBe("c-8fbeb3b087");
    expect(calc([alert(start)]).claims[0]!.id).toBe("c-8fbeb3b087");
  });

  it("totals add up and count distinct alerts", () => {
    const r = calc([
      alert("2026-11-03 02:00"),
      alert("2026-11-03 02:05"),
      alert("2026-11-04 20:00"),
      alert("2026-11-04 20:00", { owner: "bob@example.com" }),
    ]);
    expect(r.totals.claims).toBe(3);
    expect(r.totals.alerts).toBe(4);
    expect(r.totals.days).toBe(0.5 + 0.25 + 0.25);
    expect(r.totals.byPerson.map((p) => [p.person, p.claims, p.alerts, p.days])).toEqual([
      ["alice", 2, 3, 0.75],
      ["bob", 1, 1, 0.25],
    ]);
  });
});
