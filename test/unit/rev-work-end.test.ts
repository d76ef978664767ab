import { describe, expect, it } from "vitest";
import { workEnd } from "../../src/app/review";
import { isGuess } from "../../src/core/toil";
import { Zone } from "../../src/core/zone";
import { luxonOffsets } from "../../src/core/zone-luxon";

const london = new Zone("Europe/London", luxonOffsets("Europe/London"));
const at = (iso: string) => Date.parse(iso);
const iso = (v: number | null | string) => (typeof v === "number" ? new Date(v).toISOString() : v);

describe("workEnd: what the review's stop-time answer means", () => {
  it.each([
    ["a time the same night", "2026-11-03T02:14:00Z", "03:49", "2026-11-03T03:49:00.000Z"],
    [
      "a time after midnight for an evening window",
      "2026-11-03T23:30:00Z",
      "00:40",
      "2026-11-04T00:40:00.000Z",
    ],
    ["a duration", "2026-11-03T02:14:00Z", "1h35m", "2026-11-03T03:49:00.000Z"],
    ["minutes", "2026-11-03T02:14:00Z", "45m", "2026-11-03T02:59:00.000Z"],
    ["h:mm that is a time, not a duration", "2026-11-03T02:14:00Z", "3:05", "2026-11-03T03:05:00.000Z"],
    ["the window's own start", "2026-11-03T02:14:00Z", "02:14", "2026-11-03T02:14:00.000Z"],
    // British Summer Time: local 03:49 is 02:49 UTC
    ["a summer night", "2026-07-14T01:14:00Z", "03:49", "2026-07-14T02:49:00.000Z"],
    // 25 Oct 2026, clocks go back at 02:00 BST: 01:40 BST is 00:40Z; 03:00 local is GMT
    ["across the autumn change", "2026-10-25T00:40:00Z", "03:00", "2026-10-25T03:00:00.000Z"],
    // in the repeated hour a local time means its first (summer-time) occurrence (SPEC §1)
    ["in the repeated hour", "2026-10-25T00:40:00Z", "01:50", "2026-10-25T00:50:00.000Z"],
    // 29 Mar 2026, clocks go forward at 01:00 GMT: 00:30 GMT, worked to 03:00 BST (02:00Z)
    ["across the spring change", "2026-03-29T00:30:00Z", "03:00", "2026-03-29T02:00:00.000Z"],
  ])("%s", (_what, start, text, want) => {
    expect(iso(workEnd(text, at(start), london))).toBe(want);
  });

  it.each([[""], ["within the hour"], ["  Within the Hour  "]])("%j: no end recorded", (text) => {
    expect(workEnd(text, at("2026-11-03T02:14:00Z"), london)).toBeNull();
  });

  it.each([
    ["01:00", "01:00 is before the window's start at 02:14: give when you stopped, after it"],
    ["24:00", "24:00 is not a time of day: give one like 03:49"],
    ["25h", /^25h: .*give a time like 03:49 or a duration like 1h35m$/],
    ["later", /^later: .*give a time like 03:49 or a duration like 1h35m$/],
  ])("%j is refused, saying why", (text, why) => {
    const r = workEnd(text, at("2026-11-03T02:14:00Z"), london);
    if (typeof why === "string") expect(r).toBe(why);
    else expect(r).toMatch(why);
  });
});

describe("isGuess: a claim resting on the rules' guess", () => {
  it.each([
    ["sleep-hours", "review", true],
    ["recently-awake", "flag", true],
    ["tag", "log-column", true],
    ["review", null, false],
    ["review", "inferred", true],
    ["mark", null, true],
    ["mark", "flag", false],
    ["mark", "log-column", false],
  ] as const)("kind from %s, work from %s: %s", (kind, worked, want) => {
    expect(isGuess(kind, worked)).toBe(want);
  });
});
