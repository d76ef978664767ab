import { describe, expect, it } from "vitest";
import type { Alert } from "../../src/core/alert";
import { type Attributor, createLogAttributor } from "../../src/core/attribution";
import { Diagnostics } from "../../src/core/diagnostics";
import { PeopleIndex } from "../../src/core/people";
import {
  answersOf,
  buildWindows,
  type ClassifyInput,
  ConflictingMarks,
  classify,
  computeToil,
  DoublyMarked,
  decide,
  decideAll,
  FRESH,
  toClaims,
} from "../../src/core/toil";
import { alert, calendar, london, PEOPLE, RULES } from "../helpers";

const people = new PeopleIndex(PEOPLE);

/** An owner attributor that counts how often each alert is attributed. */
function counting(): { attributor: Attributor; calls: Map<string, number> } {
  const inner = createLogAttributor("owner", people);
  const calls = new Map<string, number>();
  return {
    calls,
    attributor: {
      ...inner,
      unknownUsernames: inner.unknownUsernames,
      attribute(a) {
        calls.set(a.id, (calls.get(a.id) ?? 0) + 1);
        return inner.attribute(a);
      },
    },
  };
}

function input(alerts: Alert[], over: Partial<ClassifyInput> = {}): ClassifyInput {
  return {
    alerts,
    skipped: [],
    otherPersonCount: 0,
    attributor: createLogAttributor("owner", people),
    people,
    rules: RULES,
    calendar: calendar(),
    person: null,
    ...over,
  };
}

const ctx = (c: ReturnType<typeof classify>) => ({
  rules: RULES,
  calendar: calendar(),
  people,
  columnsFor: c.columnsFor,
  inferWorked: false,
  period: null,
});

describe("classify", () => {
  it("attributes each alert once, however often who-is-credited is asked afterwards", () => {
    const { attributor, calls } = counting();
    const alerts = [
      alert("2026-11-03 20:00"),
      alert("2026-11-03 12:00"),
      alert("2026-11-04 02:00", { owner: "bob@example.com" }),
    ];
    const c = classify(input(alerts, { attributor }), new Diagnostics());
    for (const a of alerts) {
      c.credited(a);
      c.credited(a);
    }
    expect([...calls.values()]).toEqual([1, 1, 1]);
    expect(c.credited(alerts[2]!)).toEqual(["bob"]);
  });

  it("gives every alert an outcome, for a statistics view to count", () => {
    const alerts = [
      alert("2026-11-03 20:00"),
      alert("2026-11-03 12:00"),
      alert("2026-11-04 02:00", { owner: null }),
      alert("2026-11-04 03:00", { owner: "bob@example.com" }),
    ];
    const c = classify(input(alerts, { person: "alice" }), new Diagnostics());
    expect(c.alerts).toEqual(alerts);
    expect(c.outcomes).toEqual(["claimable", "in-hours", "unattributed", "other-person"]);
    expect(c.counts["in-hours"]).toBe(1);
    expect(c.counts["other-person"]).toBe(1);
    // who is credited is kept for every alert, whatever its outcome
    expect(c.credited(alerts[1]!)).toEqual(["alice"]);
    expect(c.credited(alerts[2]!)).toBe("no owner in the log");
    expect(c.credited(alerts[3]!)).toEqual(["bob"]);
  });
});

describe("decide", () => {
  it("is a function of the window, the answers and the state: an answer beats the sleep-hours rule", () => {
    const a = alert("2026-11-03 20:00");
    const c = classify(input([a]), new Diagnostics());
    const { person, windows } = buildWindows(c, RULES)[0]!;
    const w = windows[0]!;
    const none = decide(person, w, answersOf([], []), FRESH, ctx(c));
    expect(none.decision.kind).toBe("awake");
    expect(decide(person, w, answersOf([], []), FRESH, ctx(c))).toEqual(none);
    const marked = decide(
      person,
      w,
      answersOf([{ alertId: a.id, person: null, woken: true, source: "review" }], []),
      FRESH,
      ctx(c),
    );
    expect(marked.decision).toMatchObject({ kind: "woken", kindSource: "review" });
    // the state it leaves makes the next window within the hour "already up"
    expect(marked.state.upUntil).toBe(a.createdAt);
  });

  it("answers with worked time count as given, ahead of the log", () => {
    const a = alert("2026-11-03 20:00", { workedMinutes: 30 });
    const c = classify(input([a]), new Diagnostics());
    const d = decideAll(
      buildWindows(c, RULES),
      answersOf([], [{ alertId: a.id, person: null, minutes: 95, source: "review" }]),
      ctx(c),
      new Diagnostics(),
    );
    expect(d[0]!.worked).toEqual({ minutes: 95, source: "review" });
  });
});

describe("domain errors carry the alerts they are about", () => {
  it("conflicting marks name the person, the window and the alerts on each side", () => {
    const a = alert("2026-11-03 20:00");
    const b = alert("2026-11-03 20:10");
    const c = classify(input([a, b]), new Diagnostics());
    const marks = answersOf(
      [
        { alertId: a.id, person: null, woken: true, source: "flag" },
        { alertId: b.id, person: null, woken: false, source: "flag" },
      ],
      [],
    );
    let error: unknown;
    try {
      decideAll(buildWindows(c, RULES), marks, ctx(c), new Diagnostics());
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConflictingMarks);
    const e = error as ConflictingMarks;
    expect({ source: e.source, person: e.person, start: e.windowStart }).toEqual({
      source: "flag",
      person: "alice",
      start: a.createdAt,
    });
    expect(e.woken).toEqual([a]);
    expect(e.awake).toEqual([b]);
    expect(e.message).not.toMatch(/--/);
  });

  it("an alert marked both ways names the alert and the person, and no flag", () => {
    const a = alert("2026-11-03 20:00");
    const c = classify(input([a]), new Diagnostics());
    const marks = answersOf(
      [
        { alertId: a.id, person: null, woken: true, source: "flag" },
        { alertId: a.id, person: null, woken: false, source: "flag" },
      ],
      [],
    );
    const run = () => decideAll(buildWindows(c, RULES), marks, ctx(c), new Diagnostics());
    expect(run).toThrow(DoublyMarked);
    expect(run).toThrow(/^alert \d+ is marked both woken and awake for alice$/);
  });
});

describe("the stages together", () => {
  it("are what computeToil computes, with one collector for every stage's warnings", () => {
    const alerts = [
      alert("2026-11-03 20:00", { owner: "zed@example.com" }),
      alert("2026-11-03 23:30"),
      alert("2026-11-04 12:00"),
    ];
    const diag = new Diagnostics();
    diag.warn("said first");
    const c = classify(input(alerts), diag);
    const claims = toClaims(
      decideAll(buildWindows(c, RULES), answersOf([], []), ctx(c), diag),
      c,
      ctx(c),
      diag,
    );
    const whole = computeToil({
      ...input(alerts),
      marks: [],
      worked: [],
      inferWorked: false,
      period: null,
    });
    expect({ ...claims, warnings: [] }).toEqual({ ...whole, warnings: [] });
    expect(claims.warnings[0]).toBe("said first");
    expect(claims.warnings.slice(1)).toEqual(whole.warnings);
    expect(whole.warnings.join()).toMatch(/zed@example.com/);
    expect(london.name).toBe(claims.timezone);
  });
});
