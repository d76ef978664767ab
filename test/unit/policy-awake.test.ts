import { describe, expect, it } from "vitest";
import { createRotaAttributor } from "../../src/core/attribution";
import { PeopleIndex } from "../../src/core/people";
import { Rota } from "../../src/core/rota";
import type { WorkedEntry } from "../../src/core/toil";
import { alert, at, calc, london, PEOPLE } from "../helpers";

const MIN = 60_000;
const kinds = (r: ReturnType<typeof calc>, person = "alice") =>
  r.claims.filter((c) => c.person === person).map((c) => [c.kind, c.kindSource]);
const worked = (alertId: string, minutes: number): WorkedEntry => ({
  alertId,
  person: null,
  minutes,
  source: "flag",
});

describe("recently awake counts from the previous window's last alert or known work (SPEC §4.5)", () => {
  it("02:00 then 03:00 with no known work is woken twice: exactly backToSleepMinutes is asleep again", () => {
    const r = calc([alert("2026-11-03 02:00"), alert("2026-11-03 03:00")]);
    expect(kinds(r)).toEqual([
      ["woken", "sleep-hours"],
      ["woken", "sleep-hours"],
    ]);
  });

  it("woken at 02:00, fixed it quickly, paged again at 03:05: woken twice", () => {
    const r = calc([alert("2026-11-03 02:00"), alert("2026-11-03 03:05")]);
    expect(kinds(r)).toEqual([
      ["woken", "sleep-hours"],
      ["woken", "sleep-hours"],
    ]);
  });

  it("with the ten minutes' work known (until 02:10), 03:05 is 55 minutes after it: awake", () => {
    const first = alert("2026-11-03 02:00");
    const r = calc([first, alert("2026-11-03 03:05")], { worked: [worked(first.id, 10)] });
    expect(kinds(r)[1]).toEqual(["awake", "recently-awake"]);
  });

  it("alerts still firing at 02:55 mean they were up at 03:05", () => {
    const r = calc([alert("2026-11-03 02:00"), alert("2026-11-03 02:55"), alert("2026-11-03 03:05")]);
    expect(kinds(r)).toEqual([
      ["woken", "sleep-hours"],
      ["awake", "recently-awake"],
    ]);
  });

  it("known work that ran later counts: worked until 04:00, paged at 04:59 is awake, at 05:00 woken", () => {
    const a = alert("2026-11-03 02:00");
    const awake = calc([a, alert("2026-11-03 04:59")], { worked: [worked(a.id, 120)] });
    expect(kinds(awake)[1]).toEqual(["awake", "recently-awake"]);
    const b = alert("2026-11-04 02:00");
    const woken = calc([b, alert("2026-11-04 05:00")], { worked: [worked(b.id, 120)] });
    expect(kinds(woken)[1]).toEqual(["woken", "sleep-hours"]);
  });

  it("a window's work shorter than its alerts: the last alert counts", () => {
    const a = alert("2026-11-03 02:00");
    const r = calc([a, alert("2026-11-03 02:50"), alert("2026-11-03 03:45")], {
      worked: [worked(a.id, 5)],
    });
    expect(kinds(r)[1]).toEqual(["awake", "recently-awake"]);
  });

  it("for second line the last alert is when they were paged", () => {
    const rota = new Rota(
      {
        handover: { day: "wed", time: "10:00" },
        lines: [
          { id: "first-line", start: "2026-01-07", weeksPerTurn: 1, members: ["alice", "bob"] },
          { id: "second-line", start: "2026-01-07", weeksPerTurn: 1, members: ["dave", "erin"] },
        ],
        overrides: [],
      },
      london,
    );
    const attributor = createRotaAttributor(rota, new PeopleIndex(PEOPLE), {
      firstLine: "first-line",
      secondLine: "second-line",
      afterMinutes: 5,
      label: (ms) => london.label(ms),
    });
    // Saturday 7 Nov: bob first line, erin second. Each is acknowledged by bob after 9 minutes, so
    // escalated: erin is paged 5 minutes after creation.
    const late = (local: string) =>
      alert(local, { acknowledgedBy: "bob@example.com", ackAt: at(local) + 9 * MIN });
    const r = calc([late("2026-11-07 02:00"), late("2026-11-07 02:50"), late("2026-11-07 03:47")], {
      attributor,
    });
    // erin's windows: paged 02:05 and 02:55; then 03:52, 57 minutes after she was last paged (62
    // after that alert was created): still up.
    expect(r.claims.filter((c) => c.person === "erin").map((c) => c.start)).toEqual([
      "2026-11-07T02:05:00.000Z",
      "2026-11-07T03:52:00.000Z",
    ]);
    expect(kinds(r, "erin")).toEqual([
      ["woken", "sleep-hours"],
      ["awake", "recently-awake"],
    ]);
  });
});
