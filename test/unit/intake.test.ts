import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createLogAttributor } from "../../src/core/attribution";
import { AlertIntake, HashPairSet, idHash } from "../../src/core/intake";
import { PeopleIndex } from "../../src/core/people";
import { alert, PEOPLE } from "../helpers";

describe("HashPairSet", () => {
  // add() and the early drop's addAbsent() (called only after has() said no) make the same set
  const adders = {
    add: (set: HashPairSet, h: number, s: number) => set.add(h, s),
    addAbsent: (set: HashPairSet, h: number, s: number) => {
      if (!set.has(h, s)) set.addAbsent(h, s);
    },
  };
  for (const [name, put] of Object.entries(adders)) {
    it(`behaves as a set of pairs, through growth (${name})`, () => {
      fc.assert(
        fc.property(
          fc.array(
            fc.tuple(
              fc.integer({ min: 0, max: 2 ** 31 - 1 }),
              fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
            ),
          ),
          (pairs) => {
            const set = new HashPairSet(2);
            const model = new Set<string>();
            for (const [h, s] of pairs) {
              put(set, h, s);
              model.add(`${h}:${s}`);
            }
            expect(set.size).toBe(model.size);
            for (const [h, s] of pairs) {
              expect(set.has(h, s)).toBe(true);
              expect(set.has(h, s ^ 1)).toBe(model.has(`${h}:${s ^ 1}`));
              expect(set.has(h ^ 1, s)).toBe(model.has(`${h ^ 1}:${s}`));
            }
          },
        ),
      );
    });
  }
});

describe("AlertIntake", () => {
  const people = new PeopleIndex(PEOPLE);

  it("with --person, counts someone else's alerts without keeping them, and still finds their copies", () => {
    const intake = new AlertIntake(createLogAttributor("owner", people), "alice");
    const bobs = alert("2026-11-03 20:00", { id: "b1", owner: "bob@example.com" });
    const peek = {
      id: "b1",
      idHash: idHash("b1"),
      createdAt: bobs.createdAt,
      alias: bobs.alias,
      owner: bobs.owner,
      acknowledgedBy: null,
    };
    expect(intake.early(peek)).toBe(true);
    expect(intake.otherPerson).toBe(1);
    expect(intake.alerts).toHaveLength(0);
    // the same alert again, from another file: found by its id, and bob's too (counted only)
    expect(intake.early(peek)).toBe(true);
    expect(intake.otherPerson).toBe(2);
    // and when a reader builds the copy anyway
    expect(intake.add({ ...bobs })).toBe(false);
    expect(intake.skipped).toEqual([]);
    expect(intake.otherPerson).toBe(3);
  });

  it("keeps alice's alerts and unattributable ones; merges copies, filling empty fields", () => {
    const intake = new AlertIntake(createLogAttributor("owner", people), "alice");
    const a = alert("2026-11-03 20:00", { id: "a1", message: "" });
    expect(intake.add(a)).toBe(true);
    expect(intake.add(alert("2026-11-03 20:00", { ...a, message: "Site down", priority: "P2" }))).toBe(false);
    expect(intake.alerts[0]).toMatchObject({ message: "Site down", priority: "P1" });
    expect(intake.conflictWarnings()).toEqual([
      "conflicting values for priority in 1 alert repeated within test.csv (the first: alert " +
        `${a.tinyId}); kept the first copy's`,
    ]);
    expect(intake.add(alert("2026-11-03 21:00", { id: "n1", owner: null }))).toBe(true);
  });
});
