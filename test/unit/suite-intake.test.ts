import { describe, expect, it } from "vitest";
import type { Alert } from "../../src/core/alert";
import { createLogAttributor } from "../../src/core/attribution";
import { AlertIntake, idHash, idHash2 } from "../../src/core/intake";
import { PeopleIndex } from "../../src/core/people";
import { alert, PEOPLE } from "../helpers";

const people = new PeopleIndex(PEOPLE);
const peekOf = (a: Alert) => ({
  id: a.id,
  idHash: idHash(a.id),
  createdAt: a.createdAt,
  alias: a.alias,
  owner: a.owner,
  acknowledgedBy: a.acknowledgedBy,
});
/** What a reader does with a row: the fast path first, then the built alert. */
const read = (intake: AlertIntake, a: Alert) => (intake.early(peekOf(a)) ? "other-person" : intake.add(a));

describe("AlertIntake with --person: an alert is its id", () => {
  it("a copy of someone else's alert with another creation time is theirs too, not hers to keep", () => {
    const intake = new AlertIntake(createLogAttributor("owner", people), "alice");
    const bobs = alert("2026-11-05 02:00", { id: "x", owner: "bob@example.com" });
    const copy = alert("2026-11-03 02:00", { id: "x", owner: "alice@example.com" });
    expect(read(intake, bobs)).toBe("other-person");
    expect(read(intake, copy)).toBe("other-person");
    expect(intake.alerts).toEqual([]);
    expect(intake.otherPerson).toBe(2);
    expect(intake.skipped).toEqual([]);
  });

  it("a later copy of a kept alert that looks like someone else's is a duplicate, not another person's alert", () => {
    const intake = new AlertIntake(createLogAttributor("owner", people), "alice");
    const hers = alert("2026-11-03 02:00", { id: "x", owner: "alice@example.com" });
    const copy = alert("2026-11-05 02:00", {
      id: "x",
      tinyId: hers.tinyId,
      alias: hers.alias,
      owner: "bob@example.com",
    });
    expect(read(intake, hers)).toBe(true);
    expect(read(intake, copy)).toBe(false);
    expect(intake.otherPerson).toBe(0);
    expect(intake.skipped).toEqual([expect.objectContaining({ id: "x", reason: "duplicate" })]);
    expect(intake.done()).toEqual([
      `conflicting values for createdAt in 1 alert repeated within test.csv (the first: alert ${hers.tinyId}); kept the first copy's`,
      `conflicting values for owner in 1 alert repeated within test.csv (the first: alert ${hers.tinyId}); kept the first copy's`,
    ]);
  });

  it("two different alerts whose ids share the first hash, created in the same millisecond, are both counted", () => {
    expect(idHash("a651y")).toBe(idHash("a1c544"));
    expect(idHash2("a651y")).not.toBe(idHash2("a1c544"));
    const intake = new AlertIntake(createLogAttributor("owner", people), "alice");
    const bobs = alert("2026-11-03 02:00", { id: "a651y", owner: "bob@example.com" });
    const hers = alert("2026-11-03 02:00", { id: "a1c544", owner: "alice@example.com" });
    expect(read(intake, bobs)).toBe("other-person");
    expect(read(intake, hers)).toBe(true);
    expect(intake.alerts.map((a) => a.id)).toEqual(["a1c544"]);
    expect(intake.skipped).toEqual([]);
  });
});
