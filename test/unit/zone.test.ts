import { afterEach, describe, expect, it } from "vitest";
import { isoUtc, isValidTimeZone, Zone } from "../../src/core/zone";
import { luxonOffsets } from "../../src/core/zone-luxon";
import { processOffsets } from "../../src/runtime/tz";

const HOUR = 3_600_000;

// processOffsets sets the process's TZ, as the CLI does once per run: the tests after these keep theirs.
const startTZ = process.env.TZ;
afterEach(() => {
  if (startTZ === undefined) delete process.env.TZ;
  else process.env.TZ = startTZ;
});

describe("Zone", () => {
  it.each(["Europe/London", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata"])(
    "the process-TZ offsets the CLI uses agree with luxon for %s, across every change of 2020–2030",
    (name) => {
      const fast = processOffsets(name);
      const exact = luxonOffsets(name);
      // every 6 hours, and every 15 minutes in the 6 hours before each change that walk finds
      const differ: string[] = [];
      const check = (t: number) => {
        if (fast(t) !== exact(t)) differ.push(new Date(t).toISOString());
      };
      let previous = exact(Date.UTC(2020, 0, 1));
      let changes = 0;
      for (let t = Date.UTC(2020, 0, 1); t < Date.UTC(2031, 0, 1); t += 6 * HOUR) {
        const now = exact(t);
        check(t);
        if (now !== previous) {
          changes++;
          for (let u = t - 6 * HOUR; u <= t; u += HOUR / 4) check(u);
        }
        previous = now;
      }
      expect(differ).toEqual([]);
      if (name !== "Asia/Kolkata") expect(changes).toBeGreaterThanOrEqual(20);
    },
  );

  const london = new Zone("Europe/London", luxonOffsets("Europe/London"));

  it("reads local parts on both sides of the clock changes", () => {
    expect(london.parts(Date.parse("2026-03-29T00:59:00Z"))).toMatchObject({
      date: "2026-03-29",
      minuteOfDay: 59,
      weekday: 7,
    });
    expect(london.parts(Date.parse("2026-03-29T01:00:00Z"))).toMatchObject({ minuteOfDay: 120 }); // 02:00 BST
    expect(london.hhmm(Date.parse("2026-10-25T00:30:00Z"))).toBe("01:30"); // BST
    expect(london.hhmm(Date.parse("2026-10-25T01:30:00Z"))).toBe("01:30"); // GMT, the repeated hour
    expect(london.label(Date.parse("2026-11-03T11:02:00Z"))).toBe("Tue 3 Nov 11:02");
  });

  it("a local time in the repeated autumn hour means its first (summer-time) occurrence", () => {
    expect(new Date(london.instant("2026-10-25", 90)).toISOString()).toBe("2026-10-25T00:30:00.000Z");
  });

  it("a local time skipped in spring moves forward by the gap", () => {
    expect(new Date(london.instant("2026-03-29", 90)).toISOString()).toBe("2026-03-29T01:30:00.000Z"); // 02:30 BST
  });

  it("local midnight in winter and summer", () => {
    expect(new Date(london.instant("2026-01-15")).toISOString()).toBe("2026-01-15T00:00:00.000Z");
    expect(new Date(london.instant("2026-07-15")).toISOString()).toBe("2026-07-14T23:00:00.000Z");
  });

  it("validates time zone names, aliases included", () => {
    expect(isValidTimeZone("Europe/London")).toBe(true);
    expect(isValidTimeZone("UTC")).toBe(true);
    expect(isValidTimeZone("Europe/Londn")).toBe(false);
  });

  it("isoUtc writes ISO-8601 UTC with milliseconds", () => {
    expect(isoUtc(0)).toBe("1970-01-01T00:00:00.000Z");
    expect(isoUtc(1_762_200_000_000)).toBe("2025-11-03T20:00:00.000Z");
    expect(isoUtc(1_792_890_000_001)).toBe("2026-10-25T01:00:00.001Z"); // the autumn change: UTC ignores it
    expect(isoUtc(946_684_799_999)).toBe("1999-12-31T23:59:59.999Z");
    expect(isoUtc(4_102_444_800_000)).toBe("2100-01-01T00:00:00.000Z");
  });
});
