import { describe, expect, it } from "vitest";
import { alert, at, calc, twoLineAttributor } from "../helpers";

// Week of Wed 4 Nov 2026 (k = 43): first line bob, second line erin.
const attributor = twoLineAttributor;
const MIN = 60_000;

describe("rota attribution (SPEC §4.3)", () => {
  it("acknowledged within 5 minutes by first line: first line only", () => {
    const created = at("2026-11-07 02:00");
    const r = calc([alert(created, { acknowledgedBy: "bob@example.com", ackAt: created + 3 * MIN })], {
      attributor: attributor(),
    });
    expect(r.claims.map((c) => [c.person, c.alerts[0]!.via, c.alerts[0]!.escalated])).toEqual([
      ["bob", "first-line", false],
    ]);
  });

  it("not acknowledged within 5 minutes: escalated, second line credited from when it was paged", () => {
    const created = at("2026-11-07 02:00");
    const r = calc([alert(created, { acknowledgedBy: "bob@example.com", ackAt: created + 9 * MIN })], {
      attributor: attributor(),
    });
    expect(r.claims.map((c) => [c.person, c.start, c.alerts[0]!.via, c.alerts[0]!.escalated])).toEqual([
      ["bob", new Date(created).toISOString(), "first-line", true],
      ["erin", new Date(created + 5 * MIN).toISOString(), "second-line", true],
    ]);
    expect(r.claims[1]!.reason).toMatch(/escalated to second line/);
  });

  it("acknowledged by second line before the 5 minutes (an escalation by hand): credited from their ack", () => {
    const created = at("2026-11-07 02:00");
    const r = calc([alert(created, { acknowledgedBy: "erin@example.com", ackAt: created + 2 * MIN })], {
      attributor: attributor(),
    });
    expect(r.claims.map((c) => [c.person, c.start])).toEqual([
      ["bob", new Date(created).toISOString()],
      ["erin", new Date(created + 2 * MIN).toISOString()],
    ]);
  });

  it("closed within 5 minutes, never acknowledged: not escalated", () => {
    const created = at("2026-11-07 02:00");
    const r = calc(
      [
        alert(created, {
          acknowledgedBy: null,
          acknowledged: false,
          ackAt: null,
          closedAt: created + 4 * MIN,
        }),
      ],
      {
        attributor: attributor(),
      },
    );
    expect(r.claims.map((c) => c.person)).toEqual(["bob"]);
  });

  it("never acknowledged nor closed, without ack times in the log: escalated, with a warning that it is approximate", () => {
    const r = calc([alert("2026-11-07 02:00", { acknowledgedBy: null, acknowledged: false, ackAt: null })], {
      attributor: attributor(),
    });
    expect(r.claims.map((c) => c.person)).toEqual(["bob", "erin"]);
    expect(r.warnings.join("\n")).toMatch(/second-line credit is approximate/);
  });

  it("Acknowledged=true without a time counts as acknowledged in time", () => {
    const r = calc([alert("2026-11-07 02:00", { acknowledgedBy: null, acknowledged: true, ackAt: null })], {
      attributor: attributor(),
    });
    expect(r.claims.map((c) => c.person)).toEqual(["bob"]);
  });

  it("an alert acknowledged by someone on neither line is warned about", () => {
    const created = at("2026-11-07 02:00");
    const r = calc([alert(created, { acknowledgedBy: "alice@example.com", ackAt: created + MIN })], {
      attributor: attributor(),
    });
    expect(r.warnings.join("\n")).toMatch(/alice acknowledged alert \d+ while on neither line/);
  });

  it("an escalation alert is credited to its target only", () => {
    const r = calc([alert("2026-11-07 02:00", { alias: "oncall-escalation:dave:6004" })], {
      attributor: attributor(),
    });
    expect(r.claims.map((c) => [c.person, c.alerts[0]!.via])).toEqual([["dave", "escalation-target"]]);
  });

  it("before the rota starts nobody is on call: unattributed", () => {
    const r = calc([alert("2025-12-01 02:00")], { attributor: attributor() });
    expect(r.skipped[0]).toMatchObject({
      reason: "unattributed",
      detail: "nobody on call at Mon 1 Dec 02:00",
    });
    // one warning says why, with the date the rota starts
    expect(r.warnings).toContainEqual(
      expect.stringMatching(
        /^1 alert comes before the rota starts \(2026-01-07\): nobody was on call for it/,
      ),
    );
  });

  it("the warning counts only the alerts from before the rota starts", () => {
    const r = calc([alert("2026-11-07 02:00"), alert("2025-12-01 02:00"), alert("2025-12-02 03:00")], {
      attributor: attributor(),
    });
    expect(r.warnings.filter((w) => /before the rota starts/.test(w))).toEqual([
      expect.stringMatching(
        /^2 alerts come before the rota starts \(2026-01-07\): nobody was on call for them, so they are skipped/,
      ),
    ]);
  });

  it("a row from before the rota starts that --person drops early is counted in the warning too", () => {
    const a = attributor();
    expect(a.couldCredit(alert("2025-12-01 02:00", { alias: "disk-full" }), "bob")).toBe(false);
    expect(a.couldCredit(alert("2026-11-07 02:00", { alias: "disk-full" }), "alice")).toBe(false);
    expect(a.notes(() => true)).toContainEqual(
      expect.stringMatching(/^1 alert comes before the rota starts/),
    );
  });

  it("couldCredit lets --person drop the other people's alerts early", () => {
    const a = alert("2026-11-07 02:00");
    expect(attributor().couldCredit(a, "bob")).toBe(true);
    expect(attributor().couldCredit(a, "erin")).toBe(true);
    expect(attributor().couldCredit(a, "alice")).toBe(false);
  });
});
