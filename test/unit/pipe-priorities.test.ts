import { describe, expect, it } from "vitest";
import { PRIORITIES, parsePriority } from "../../src/core/alert";
import { escalationTarget } from "../../src/core/attribution";
import { escalationAlias } from "../../src/core/escalation";
import { alert, calc } from "../helpers";

describe("one list of priorities", () => {
  it.each([
    ["P1", "P1"],
    ["p3", "P3"],
    ["P5", "P5"],
    ["P6", null],
    ["P0", null],
    [" P1", null],
    ["High", null],
    ["", null],
  ])("parsePriority(%j) is %j", (text, expected) => {
    expect(parsePriority(text)).toBe(expected);
  });

  it("runs from P1, the most urgent, to P5", () => {
    expect([...PRIORITIES]).toEqual(["P1", "P2", "P3", "P4", "P5"]);
  });

  it("the toil.priorities filter matches a log's priority written in either case", () => {
    const a = alert("2026-11-03 20:00", { priority: "p2" });
    const b = alert("2026-11-04 20:00", { priority: "P3" });
    const r = calc([a, b], { rules: { priorities: ["P1", "P2"] } });
    expect(r.claims.flatMap((c) => c.alerts.map((x) => x.id))).toEqual([a.id]);
    expect(r.skipped.map((s) => s.reason)).toEqual(["priority"]);
  });
});

describe("one escalation alias prefix", () => {
  it("an alias escalate makes is credited to its target by attribution", () => {
    expect(escalationTarget(escalationAlias("bob", "5210", "Site down", null))).toBe("bob");
    expect(escalationTarget(escalationAlias("erin", null, "x".repeat(600), "2"))).toBe("erin");
  });
});
