import { describe, expect, it } from "vitest";
import { parseWorked } from "../../src/core/duration";
import { alert, at, calc } from "../helpers";

describe("time worked: a duration of at most 24 hours (SPEC §4.6)", () => {
  it.each([
    ["45m", 45],
    ["1h05m", 65],
    ["1:30", 90],
    ["1.5", 90],
    ["24", 24 * 60],
    ["24h", 24 * 60],
    ["24:00", 24 * 60],
    ["1440m", 24 * 60],
    ["0", 0],
  ])("%s is %d minutes", (text, minutes) => {
    expect(parseWorked(text)).toEqual({ minutes });
  });

  it.each([
    ["90", /90 hours/, "90m"],
    ["25", /25 hours/, "25m"],
    ["24.5", /24\.5 hours/, null],
    ["5000", /5000 hours/, null], // 5000 minutes is over a day as well
  ])("a bare number over 24 (%s) is refused: a bare number is hours", (text, problem, suggestion) => {
    const r = parseWorked(text);
    expect(r).toMatchObject({ suggestion });
    expect("problem" in r && r.problem).toMatch(problem);
    expect("problem" in r && r.problem).toMatch(/bare number is hours/);
  });

  it.each(["25h", "24h01m", "24:01", "1441m", "99999999999999999h"])(
    "%s is more than 24 hours: refused",
    (text) => {
      const r = parseWorked(text);
      expect("problem" in r && r.problem).toMatch(/more than 24 hours/);
    },
  );

  it("text that is not a duration says what a duration looks like", () => {
    const r = parseWorked("ages");
    expect("problem" in r && r.problem).toMatch(
      /expected a duration such as 45m, 1h30m or 1:30, found "ages"/,
    );
  });
});

describe("--infer-worked keeps only plausible times (SPEC §4.6)", () => {
  const inferred = (created: string, closed: string) => {
    const a = alert(created, { closedAt: at(closed) });
    const r = calc([a], { inferWorked: true });
    return { a, claim: r.claims[0]!, warnings: r.warnings };
  };

  it("12 hours exactly is used (a Saturday: no support hours in between)", () => {
    const { claim, warnings } = inferred("2026-11-07 02:00", "2026-11-07 14:00");
    expect(claim).toMatchObject({ workedMinutes: 720, workedSource: "inferred" });
    expect(warnings).toEqual([]);
  });

  it("over 12 hours (closed the next day) is not used, with a warning naming the alert", () => {
    const { a, claim, warnings } = inferred("2026-11-07 02:00", "2026-11-07 14:01");
    expect(claim).toMatchObject({ workedMinutes: null, workedSource: null, extraMinutes: 0 });
    expect(claim.reason).toMatch(/time worked not given/);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(new RegExp(`alert ${a.tinyId}\\b.*12h01m.*over 12 hours`));
  });

  it("a Friday evening alert closed in the small hours of Saturday is used", () => {
    const { claim, warnings } = inferred("2026-11-06 19:00", "2026-11-07 03:00");
    expect(claim).toMatchObject({ workedMinutes: 480, workedSource: "inferred" });
    expect(warnings).toEqual([]);
  });

  it("closed at or after the next support hours began (by whoever came in) is not used, with a warning", () => {
    const { a, claim, warnings } = inferred("2026-11-03 02:00", "2026-11-03 10:00"); // Tuesday
    expect(claim).toMatchObject({ workedMinutes: null, workedSource: null });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(new RegExp(`alert ${a.tinyId}\\b.*Tue 3 Nov 10:00.*support hours`));
  });

  it("closed a minute before support hours is used", () => {
    const { claim } = inferred("2026-11-03 02:00", "2026-11-03 09:59");
    expect(claim).toMatchObject({ workedMinutes: 479, workedSource: "inferred" });
  });

  it("a time worked given for the window is used whatever the close time says", () => {
    const a = alert("2026-11-03 02:00", { closedAt: at("2026-11-03 11:00"), workedMinutes: 90 });
    const r = calc([a], { inferWorked: true });
    expect(r.claims[0]).toMatchObject({ workedMinutes: 90, workedSource: "log-column" });
    expect(r.warnings).toEqual([]);
  });
});
