import { describe, expect, it } from "vitest";
import type { Alert } from "../../src/core/alert";
import { PeopleIndex } from "../../src/core/people";
import { AlertIndex, resolveAlertRef, resolveMark } from "../../src/core/refs";
import { OncallError } from "../../src/errors";
import { alert, PEOPLE } from "../helpers";

/** Alerts whose id, tiny id and alias count every read: the work a lookup does. */
function counted(n: number): { alerts: Alert[]; reads: () => number } {
  let reads = 0;
  const alerts = Array.from({ length: n }, (_, i) => {
    const a = alert("2026-11-03 02:00", { id: `id-${i}`, tinyId: String(10_000 + i), alias: `alias-${i}` });
    const counting = (value: unknown) => ({
      enumerable: true,
      get: () => {
        reads++;
        return value;
      },
    });
    return Object.defineProperties(a, {
      id: counting(a.id),
      tinyId: counting(a.tinyId),
      alias: counting(a.alias),
    });
  });
  return { alerts, reads: () => reads };
}

describe("alert references are looked up in an index built once", () => {
  it("3,000 references over 20,000 alerts read each alert's keys a few times, not once per reference", () => {
    const N = 20_000;
    const { alerts, reads } = counted(N);
    const index = new AlertIndex(alerts);
    const people = new PeopleIndex(PEOPLE);
    const context = { people, alerts: index, credited: () => ["alice"] };
    for (let i = 0; i < 3_000; i++) {
      const ref = i % 3 === 0 ? `id-${i}` : i % 3 === 1 ? String(10_000 + i) : `alias-${i}`;
      expect(resolveMark(ref, "--woken", ref, context).alert.id).toBe(`id-${i}`);
    }
    // a linear scan reads up to three keys of every alert for every reference: 180 million
    expect(reads()).toBeLessThan(10 * N);
  });

  it("a reference matching several alerts (one's id, another's tiny id) is still a usage error listing them", () => {
    const a = alert("2026-11-03 02:00", { id: "5240", tinyId: "1" });
    const b = alert("2026-11-03 02:05", { id: "x-2", tinyId: "5240" });
    const index = new AlertIndex([a, b]);
    const run = () => resolveAlertRef("5240", index, "--woken");
    expect(run).toThrow(OncallError);
    expect(run).toThrow(/--woken 5240: matches 2 alerts: 1 \(id 5240, .*\); 5240 \(id x-2, /);
  });

  it("an alert whose id, tiny id and alias are the same text is one match, not three", () => {
    const a = alert("2026-11-03 02:00", { id: "same", tinyId: "same", alias: "same" });
    expect(resolveAlertRef("same", new AlertIndex([a]), "--woken")).toBe(a);
  });

  it("no match is a usage error", () => {
    expect(() => resolveAlertRef("nope", new AlertIndex([alert("2026-11-03 02:00")]), "--awake")).toThrow(
      /--awake nope: no alert in the log has that id, tiny id or alias/,
    );
  });
});
