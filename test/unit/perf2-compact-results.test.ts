import { describe, expect, it } from "vitest";
import { alert, at, calc, twoLineAttributor } from "../helpers";

// Claims' alerts, in-hours skipped entries and credits are views of the alert (made into text at
// output) rather than copies: what they say, and the JSON they make, must be what the copies were.

// Week of Wed 4 Nov 2026: first line bob, second line erin.
const attributor = twoLineAttributor;
const MIN = 60_000;

describe("claims' alerts and skipped entries as views", () => {
  it("a claim's alert reads and serialises as the plain object it was, keys in order", () => {
    const created = at("2026-11-07 02:00");
    const a = alert(created, { id: "night", tinyId: "77", message: 'Disk "full"', priority: "P2" });
    const r = calc([a]);
    const shown = r.claims[0]!.alerts[0]!;
    expect(shown.createdAt).toBe("2026-11-07T02:00:00.000Z");
    expect(JSON.stringify(shown)).toBe(
      '{"id":"night","tinyId":"77","createdAt":"2026-11-07T02:00:00.000Z","message":"Disk \\"full\\"","priority":"P2","via":"owner","escalated":false}',
    );
    expect(JSON.parse(JSON.stringify(r.claims[0]!.alerts))).toEqual([
      {
        id: "night",
        tinyId: "77",
        createdAt: "2026-11-07T02:00:00.000Z",
        message: 'Disk "full"',
        priority: "P2",
        via: "owner",
        escalated: false,
      },
    ]);
  });

  it("an in-hours alert's skipped entry says when, as JSON and when read", () => {
    const r = calc([alert("2026-11-03 17:30", { id: "day", tinyId: null })]);
    const s = r.skipped[0]!;
    expect([s.alert, s.id, s.reason, s.detail]).toEqual(["day", "day", "in-hours", "Tue 3 Nov 17:30"]);
    expect(JSON.stringify(r.skipped)).toBe(
      '[{"alert":"day","id":"day","reason":"in-hours","detail":"Tue 3 Nov 17:30"}]',
    );
  });

  it("a second-line credit keeps the instant it was paged; the first line's is the creation", () => {
    const created = at("2026-11-07 02:00");
    const r = calc([alert(created, { acknowledged: false, acknowledgedBy: null })], {
      attributor: attributor(),
    });
    expect(r.claims.map((c) => [c.person, c.start, c.alerts[0]!.via])).toEqual([
      ["bob", new Date(created).toISOString(), "first-line"],
      ["erin", new Date(created + 5 * MIN).toISOString(), "second-line"],
    ]);
  });
});

describe("totals count each alert once", () => {
  const created = at("2026-11-07 02:00");
  // Unacknowledged: credited to first and second line, so shown in two claims.
  const both = () => [
    alert(created, { acknowledged: false, acknowledgedBy: null }),
    alert(created + 90 * MIN, { acknowledged: true, acknowledgedBy: "bob@example.com" }),
  ];

  it("with every window in the period", () => {
    const r = calc(both(), { attributor: attributor() });
    expect(r.totals.claims).toBe(3);
    expect(r.totals.alerts).toBe(2);
  });

  it("with some windows outside the period", () => {
    const r = calc(
      [...both(), alert(at("2026-11-21 02:00"), { acknowledged: true, acknowledgedBy: "bob@example.com" })],
      {
        attributor: attributor(),
        period: { from: at("2026-11-01 00:00"), to: at("2026-11-14 00:00"), label: "two weeks" },
      },
    );
    expect(r.totals.claims).toBe(3);
    expect(r.totals.alerts).toBe(2);
    expect(r.skipped.filter((s) => s.reason === "out-of-period")).toHaveLength(1);
  });

  it("with one person's claims only", () => {
    const r = calc(both(), { attributor: attributor(), person: "erin" });
    expect(r.totals.claims).toBe(1);
    expect(r.totals.alerts).toBe(1);
  });
});
