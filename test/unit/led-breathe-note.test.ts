import { describe, expect, it } from "vitest";
import type { Claim, ClaimAlert } from "../../src/core/toil";
import { breatheNote } from "../../src/render/breathe-note";
import { london } from "../helpers";

const alert = (over: Partial<ClaimAlert> = {}): ClaimAlert => ({
  id: "8418d193",
  tinyId: "6004",
  createdAt: "2026-11-03T02:14:00.000Z",
  message: "Site down",
  priority: "P1",
  via: "first-line",
  escalated: false,
  ...over,
});
const claim = (over: Partial<Claim> = {}): Claim => ({
  id: "c-5f1e0a9b3c",
  person: "alice",
  name: "Alice Adams",
  date: "2026-11-03",
  start: "2026-11-03T02:14:00.000Z",
  end: "2026-11-03T03:14:00.000Z",
  kind: "woken",
  kindSource: "review",
  alerts: [alert({ closedAt: Date.parse("2026-11-03T03:49:00.000Z") })],
  workedMinutes: 95,
  workedSource: "review",
  extraMinutes: 35,
  baseDays: 0.5,
  extraDays: 0.1875,
  days: 0.6875,
  hours: 4.8125,
  reason: "",
  guess: false,
  ...over,
});

describe("BreatheHR notes: the evidence in one line, the claim id first (SPEC §9)", () => {
  it("the spec's example: reviewed answers, the alert's close time beside the reported end", () => {
    expect(breatheNote(claim(), london)).toBe(
      "c-5f1e0a9b3c · alert 6004 02:14, first line · woken (confirmed by employee) · worked to 03:49 (self-reported; alert closed 03:49)",
    );
  });

  it.each([
    [{ kindSource: "mark" as const }, "woken (confirmed by employee)"],
    [{ kindSource: "mark" as const, kindFromLog: true as const }, "woken (from the log)"],
    [{ kindSource: "sleep-hours" as const }, "woken (assumed: 02:14 is within sleep hours)"],
    [
      { kindSource: "sleep-hours" as const, kind: "awake" as const },
      "awake (assumed: 02:14 is outside sleep hours)",
    ],
    [
      { kindSource: "recently-awake" as const, kind: "awake" as const },
      "awake (assumed: already up from an earlier call-out)",
    ],
    [{ kindSource: "tag" as const }, "woken (from the log's tag)"],
  ])("how the kind is known: %o", (over, words) => {
    expect(breatheNote(claim(over), london).split(" · ")[2]).toBe(words);
  });

  it.each([
    [{ workedSource: "flag" as const }, "worked to 03:49 (self-reported; alert closed 03:49)"],
    [{ workedSource: "log-column" as const }, "worked to 03:49 (from the log; alert closed 03:49)"],
    [{ workedSource: "inferred" as const }, "worked to 03:49 (taken from the last close in the log)"],
    [{ workedSource: null, workedMinutes: null }, "time worked not given (alert closed 03:49)"],
    [{ workedSource: null, workedMinutes: null, alerts: [alert()] }, "time worked not given"],
  ])("how the work is known: %o", (over, words) => {
    expect(breatheNote(claim(over), london).split(" · ").at(-1)).toBe(words);
  });

  it("several alerts with their times, the line, and the bank holiday named", () => {
    const note = breatheNote(
      claim({
        alerts: [
          alert(),
          alert({ id: "b", tinyId: "6005", createdAt: "2026-11-03T02:40:00.000Z", via: "second-line" }),
        ],
        holiday: "Christmas Day (bank holiday)",
      }),
      london,
    );
    expect(note).toBe(
      "c-5f1e0a9b3c · alerts 6004 02:14 and 6005 02:40, first line · on Christmas Day (bank holiday) · woken (confirmed by employee) · worked to 03:49 (self-reported)",
    );
  });

  it("a callout with no alert says so; many alerts are named five and counted", () => {
    const manual = breatheNote(
      claim({ alerts: [alert({ id: "m-0123456789", tinyId: null, via: "manual" })] }),
      london,
    );
    expect(manual.split(" · ")[1]).toBe("alert m-0123456789 02:14, callout with no alert");
    const many = Array.from({ length: 7 }, (_, i) => alert({ id: `a${i}`, tinyId: String(7000 + i) }));
    expect(breatheNote(claim({ alerts: many }), london).split(" · ")[1]).toBe(
      "alerts 7000 02:14, 7001 02:14, 7002 02:14, 7003 02:14, 7004 02:14 and 2 more, first line",
    );
  });
});
