import { describe, expect, it } from "vitest";
import { resolvePeriod } from "../../src/commands/period";
import { checkDate, checkDateTime, checkMonth, isDateOnly } from "../../src/core/period";
import { london } from "../helpers";

describe("command-line dates: calendar dates in 2000-2099", () => {
  it.each([
    ["2000-01-01", null],
    ["2099-12-31", null],
    ["2028-02-29", null],
    ["1999-12-31", /the year 1999 is outside 2000-01-01 to 2099-12-31/],
    ["2100-01-01", /the year 2100 is outside/],
    ["2026-02-29", /2026-02-29 is not a calendar date/],
    ["2026-13-01", /2026-13-01 is not a calendar date/],
    ["2026-1-01", /expected a date YYYY-MM-DD/],
  ])("checkDate %s", (text, problem) => {
    if (problem === null) expect(checkDate(text, "--x")).toBe(text);
    else expect(() => checkDate(text, "--x")).toThrow(problem);
  });

  it.each([
    ["2026-11", null],
    ["2026-13", /there is no month 13/],
    ["2026-00", /there is no month 00/],
    ["9999-12", /the year 9999 is outside 2000-01 to 2099-12/],
    ["26-11", /expected YYYY-MM/],
  ])("checkMonth %s", (text, problem) => {
    if (problem === null) expect(checkMonth(text, "--month")).toBe(text);
    else expect(() => checkMonth(text, "--month")).toThrow(problem);
  });

  it("checkDateTime: local unless an offset is given; the written date is what is checked", () => {
    expect(checkDateTime("2026-11-28T18:00", london, "--at")).toBe(Date.parse("2026-11-28T18:00:00Z"));
    expect(checkDateTime("2026-07-01T18:00", london, "--at")).toBe(Date.parse("2026-07-01T17:00:00Z"));
    expect(checkDateTime("2099-12-31T23:30-05:00", london, "--at")).toBe(Date.parse("2100-01-01T04:30:00Z"));
    expect(() => checkDateTime("9999-12-31T23:00", london, "--at")).toThrow(/the year 9999 is outside/);
    expect(() => checkDateTime("2026-02-30T10:00", london, "--at")).toThrow(
      /2026-02-30 is not a calendar date/,
    );
    expect(() => checkDateTime("tomorrow", london, "--at")).toThrow(/expected a date or date-time/);
    expect(isDateOnly("2026-12-23")).toBe(true);
    expect(isDateOnly("2026-12-23T00:00")).toBe(false);
  });

  it("resolvePeriod refuses a period outside the range before anything is read", () => {
    expect(() => resolvePeriod({ from: "2026-01-01", to: "9999-12-31" }, london)).toThrow(/--to 9999-12-31/);
    expect(() => resolvePeriod({ month: "2026-13" }, london)).toThrow(
      /--month 2026-13: there is no month 13/,
    );
    expect(resolvePeriod({ month: "2099-12" }, london)?.label).toBe("2099-12");
  });
});
