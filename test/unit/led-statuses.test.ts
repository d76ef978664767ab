import { describe, expect, it } from "vitest";
import {
  canonicalJson,
  configDigest,
  correctionText,
  currentSubmissions,
  type JudgedClaim,
  judge,
  type LedgerRecord,
  recordFor,
} from "../../src/core/ledger";

const DIGEST = "abc123abc123";
const rec = (over: Partial<LedgerRecord>): LedgerRecord => ({
  v: 1,
  at: "2026-12-01T09:00:00.000Z",
  person: "alice",
  claim: "c-1",
  date: "2026-11-03",
  days: 0.5,
  hours: 3.5,
  alerts: ["A"],
  config: DIGEST,
  ...over,
});
const claim = (id: string, days: number, alerts: string[], person = "alice"): JudgedClaim => ({
  id,
  person,
  days,
  alerts: alerts.map((a) => ({ id: a })),
});
const all = () => true;
const readOf = (...ids: string[]) => new Set(ids);

describe("ledger statuses, matched through alerts (SPEC §9)", () => {
  it.each([
    {
      name: "no record: new",
      claims: [claim("c-1", 0.5, ["A"])],
      records: [],
      want: { status: "new", submitted: null },
    },
    {
      name: "same days: submitted, with when",
      claims: [claim("c-1", 0.5, ["A"])],
      records: [rec({})],
      want: { status: "submitted", submitted: { days: 0.5, at: "2026-12-01T09:00:00.000Z" } },
    },
    {
      name: "a re-formed window (a new alert joined, the id moved) is changed, with the difference",
      claims: [claim("c-2", 0.75, ["A", "B"])],
      records: [rec({})],
      want: {
        status: "changed",
        submitted: { days: 0.5, at: "2026-12-01T09:00:00.000Z" },
        difference: 0.25,
      },
    },
    {
      name: "a re-formed window whose days did not change is submitted, not withdrawn + new",
      claims: [claim("c-2", 0.5, ["A", "B"])],
      records: [rec({})],
      want: { status: "submitted", submitted: { days: 0.5, at: "2026-12-01T09:00:00.000Z" } },
    },
    {
      name: "the latest record per claim id counts",
      claims: [claim("c-1", 0.75, ["A"])],
      records: [rec({}), rec({ days: 0.75, at: "2026-12-02T09:00:00.000Z" })],
      want: { status: "submitted", submitted: { days: 0.75, at: "2026-12-02T09:00:00.000Z" } },
    },
    {
      name: "several records sharing its alerts are summed (two windows merged)",
      claims: [claim("c-3", 1, ["A", "B"])],
      records: [rec({}), rec({ claim: "c-9", alerts: ["B"], at: "2026-12-03T00:00:00.000Z" })],
      want: { status: "submitted", submitted: { days: 1, at: "2026-12-03T00:00:00.000Z" } },
    },
    {
      name: "an undone record is no submission: new again",
      claims: [claim("c-1", 0.5, ["A"])],
      records: [rec({}), rec({ undo: true })],
      want: { status: "new", submitted: null },
    },
    {
      name: "submitted again after an undo counts",
      claims: [claim("c-1", 0.5, ["A"])],
      records: [rec({}), rec({ undo: true }), rec({ at: "2026-12-05T00:00:00.000Z" })],
      want: { status: "submitted", submitted: { days: 0.5, at: "2026-12-05T00:00:00.000Z" } },
    },
    {
      name: "a claim that shrank: changed with a negative difference, noted when the rules changed",
      claims: [claim("c-1", 0.25, ["A"])],
      records: [rec({ config: "000000000000" })],
      want: {
        status: "changed",
        submitted: { days: 0.5, at: "2026-12-01T09:00:00.000Z" },
        difference: -0.25,
        rulesChanged: true,
      },
    },
    {
      name: "someone else's record of the same alert is theirs",
      claims: [claim("c-1", 0.5, ["A"])],
      records: [rec({ person: "bob" })],
      want: { status: "new", submitted: null },
    },
  ])("$name", ({ claims, records, want }) => {
    const { standings, withdrawn } = judge(
      claims,
      records as LedgerRecord[],
      readOf("A", "B"),
      (p) => p === "alice",
      DIGEST,
    );
    expect(standings.get(claims[0]!.id)).toEqual(want);
    expect(withdrawn).toEqual([]);
  });

  it("a record whose alerts were read but are in none of the person's claims is withdrawn", () => {
    const r = rec({ claim: "c-7", alerts: ["Z"] });
    const { withdrawn } = judge([claim("c-1", 0.5, ["A"])], [rec({}), r], readOf("A", "Z"), all, DIGEST);
    expect(withdrawn).toEqual([r]);
  });

  it("records none of whose alerts were read, or of people not judged, are not judged", () => {
    const old = rec({ claim: "c-7", alerts: ["OLD"] });
    const bobs = rec({ person: "bob", claim: "c-8", alerts: ["Z"] });
    const { withdrawn } = judge([], [old, bobs], readOf("Z"), (p) => p === "alice", DIGEST);
    expect(withdrawn).toEqual([]);
  });

  it("a window split in two: the shared record counts once, towards the earlier claim", () => {
    const { standings } = judge(
      [claim("c-a", 0.5, ["A"]), claim("c-b", 0.25, ["B"])],
      [rec({ alerts: ["A", "B"] })],
      readOf("A", "B"),
      all,
      DIGEST,
    );
    expect(standings.get("c-a")).toMatchObject({ status: "submitted" });
    expect(standings.get("c-b")).toMatchObject({
      status: "changed",
      submitted: { days: 0 },
      difference: 0.25,
    });
  });

  it("property: a claim is new exactly when no current record of its person shares an alert", () => {
    // every subset of 4 records over alerts A..D, with and without undo
    const pool = [
      rec({ claim: "c-1", alerts: ["A"] }),
      rec({ claim: "c-2", alerts: ["B", "C"] }),
      rec({ claim: "c-3", alerts: ["D"], person: "bob" }),
      rec({ claim: "c-2", undo: true, alerts: ["B", "C"] }),
    ];
    for (let mask = 0; mask < 16; mask++) {
      const records = pool.filter((_, i) => mask & (1 << i));
      const current = currentSubmissions(records);
      for (const alerts of [["A"], ["B"], ["C", "D"], ["D"]]) {
        const c = claim("c-x", 0.5, alerts);
        const { standings } = judge([c], records, readOf("A", "B", "C", "D"), all, DIGEST);
        const shares = current.some((r) => r.person === "alice" && r.alerts.some((a) => alerts.includes(a)));
        expect(standings.get("c-x")!.status === "new", `${mask} ${alerts}`).toBe(!shares);
      }
    }
  });
});

describe("the config digest", () => {
  it("is stable across key order and changes with any rule", () => {
    const a = { toil: { wokenDays: 0.5, awakeDays: 0.25 }, supportHours: { start: "09:00" } };
    const b = { supportHours: { start: "09:00" }, toil: { awakeDays: 0.25, wokenDays: 0.5 } };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(configDigest(a)).toBe(configDigest(b));
    expect(configDigest(a)).toMatch(/^[0-9a-f]{12}$/);
    expect(configDigest({ ...a, toil: { ...a.toil, wokenDays: 0.75 } })).not.toBe(configDigest(a));
  });
});

describe("the correction for a changed claim", () => {
  it("more to log, or an adjustment: approved TOIL cannot be deleted in BreatheHR", () => {
    expect(correctionText(0.25)).toBe("+0.25 day");
    expect(correctionText(-0.25)).toBe(
      "\u22120.25 day: approved TOIL cannot be deleted in BreatheHR; ask HR or your line manager for an adjustment",
    );
  });
});

describe("recording a claim makes it submitted", () => {
  const asClaim = (id: string, days: number, alerts: string[]) =>
    ({ ...claim(id, days, alerts), date: "2026-11-03", alerts: alerts.map((a) => ({ id: a })) }) as never;
  it.each([
    { name: "new", records: [], claim: ["c-1", 0.5, ["A"]], recorded: 0.5 },
    {
      name: "changed under the same id: the whole claim",
      records: [rec({})],
      claim: ["c-1", 0.75, ["A"]],
      recorded: 0.75,
    },
    {
      name: "re-formed and grown: the correction",
      records: [rec({})],
      claim: ["c-2", 0.75, ["A", "B"]],
      recorded: 0.25,
    },
    {
      name: "re-formed and shrunk: a negative adjustment",
      records: [rec({})],
      claim: ["c-2", 0.25, ["A", "B"]],
      recorded: -0.25,
    },
  ])("$name", ({ records, claim: [id, days, alerts], recorded }) => {
    const c = asClaim(id as string, days as number, alerts as string[]);
    const before = judge([c], records as LedgerRecord[], readOf("A", "B"), all, DIGEST).standings.get(
      id as string,
    )!;
    Object.assign(c, before);
    const r = recordFor(c, records as LedgerRecord[], {
      digest: DIGEST,
      at: "2026-12-09T00:00:00.000Z",
      hoursPerDay: 7,
    });
    expect(r).toMatchObject({ claim: id, days: recorded, hours: recorded * 7, alerts });
    const after = judge([c], [...(records as LedgerRecord[]), r], readOf("A", "B"), all, DIGEST);
    expect(after.standings.get(id as string)!.status).toBe("submitted");
  });
});
