import { describe, expect, it } from "vitest";
import type { Alert } from "../../src/core/alert";
import { createLogAttributor } from "../../src/core/attribution";
import { PeopleIndex } from "../../src/core/people";
import { computeToil } from "../../src/core/toil";
import { alert, calendar, PEOPLE, RULES } from "../helpers";

function calc(
  alerts: Alert[],
  o: {
    holidayNames?: ReadonlyMap<string, string>;
    closureDays?: ReadonlySet<string>;
    extraHolidays?: string[];
  } = {},
) {
  const people = new PeopleIndex(PEOPLE);
  return computeToil({
    alerts,
    skipped: [],
    otherPersonCount: 0,
    attributor: createLogAttributor("owner", people),
    people,
    rules: RULES,
    calendar: calendar(o.extraHolidays),
    marks: [],
    worked: [],
    inferWorked: false,
    period: null,
    person: null,
    holidayNames: o.holidayNames,
    closureDays: o.closureDays,
  });
}

const names = new Map([
  ["2026-12-25", "Christmas Day"],
  ["2026-12-28", "Boxing Day (substitute day)"],
  ["2026-05-04", "Early May bank holiday"],
]);

describe("a claim's reason says when a bank holiday made the alert out of hours (SPEC §5, breathe notes)", () => {
  it.each([
    ["Christmas Day at noon", "2026-12-25 12:00", "at 12:00 on Christmas Day (bank holiday), awake"],
    [
      "the substitute for Boxing Day",
      "2026-12-28 11:00",
      "at 11:00 on Boxing Day (substitute day, bank holiday), awake",
    ],
    ["a holiday whose name says it", "2026-05-04 10:30", "at 10:30 on Early May bank holiday, awake"],
  ])("%s", (_label, local, text) => {
    const r = calc([alert(local)], { holidayNames: names });
    expect(r.claims[0]!.reason).toContain(text);
  });

  it("without the holiday's name: 'a bank holiday'", () => {
    const r = calc([alert("2026-12-25 12:00")]);
    expect(r.claims[0]!.reason).toContain("at 12:00 on a bank holiday, awake");
  });

  it("a closure day (extraHolidays) says so", () => {
    const r = calc([alert("2026-12-24 12:00")], {
      extraHolidays: ["2026-12-24"],
      holidayNames: names,
      closureDays: new Set(["2026-12-24"]),
    });
    expect(r.claims[0]!.reason).toContain("at 12:00 on a closure day, awake");
  });

  it.each([
    ["at night, out of hours anyway", "2026-12-25 02:00"],
    ["after 18:00 on a holiday", "2026-12-25 19:00"],
    ["Boxing Day on a Saturday: the weekend made it", "2026-12-26 12:00"],
  ])("no mention %s", (_label, local) => {
    const r = calc([alert(local)], { holidayNames: names });
    expect(r.claims[0]!.reason).not.toMatch(/holiday|closure/);
  });
});
