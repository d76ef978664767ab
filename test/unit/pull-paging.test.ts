import { describe, expect, it } from "vitest";
import { listAlerts, OFFSET_CAP, PAGE_SIZE, type RawAlert } from "../../src/adapters/alerts-api/paging";
import { mergeAlerts, newestCreated } from "../../src/app/pull";

/** An API over `times` (epoch ms, ascending) honouring the query, the cap and offsets. */
function api(times: number[]) {
  const asked: { query: string; offset: number }[] = [];
  const all = times.map((t, i) => ({ id: `a${i}`, createdAt: new Date(t).toISOString() }));
  const firstAtOrAfter = (ms: number) => {
    let lo = 0;
    let hi = times.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (times[mid]! < ms) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const fetchPage = async (query: string, offset: number): Promise<RawAlert[]> => {
    asked.push({ query, offset });
    if (offset + PAGE_SIZE >= OFFSET_CAP) throw new Error("the cap");
    const [, from, to] = query.match(/createdAt >= (\d+) AND createdAt < (\d+)/)!.map(Number) as number[];
    const first = firstAtOrAfter(from!);
    return all.slice(first + offset, Math.min(firstAtOrAfter(to!), first + offset + PAGE_SIZE));
  };
  return { asked, fetchPage };
}

describe("listAlerts", () => {
  it("slices past the offset cap at the newest time seen, each alert once, even when a millisecond straddles the cut", async () => {
    // ten alerts a millisecond: the cut at 19,900 falls inside a millisecond's ten
    const times = Array.from({ length: 41_234 }, (_, i) => 1_000_000 + Math.floor(i / 10));
    const { asked, fetchPage } = api(times);
    const { alerts, outOfRange } = await listAlerts(fetchPage, 0, 9_000_000, "Test");
    expect(outOfRange).toBe(0);
    expect(alerts.map((a) => a.id)).toEqual(times.map((_, i) => `a${i}`));
    expect(asked.every((a) => a.offset + PAGE_SIZE < OFFSET_CAP)).toBe(true);
  });

  it("a slice that cannot move past its start is a rejected query", async () => {
    const { fetchPage } = api(Array.from({ length: 20_000 }, () => 5));
    await expect(listAlerts(fetchPage, 5, 10, "Test")).rejects.toMatchObject({ kind: "rejected" });
  });

  it("drops alerts outside the range and counts them", async () => {
    const fetchPage = async () => [
      { id: "in", createdAt: "2026-10-01T00:00:00.000Z" },
      { id: "before", createdAt: "2026-09-01T00:00:00.000Z" },
      { id: "at-the-end", createdAt: "2026-11-01T00:00:00.000Z" },
    ];
    const r = await listAlerts(
      fetchPage,
      Date.parse("2026-10-01T00:00:00Z"),
      Date.parse("2026-11-01T00:00:00Z"),
      "T",
    );
    expect(r.alerts.map((a) => a.id)).toEqual(["in"]);
    expect(r.outOfRange).toBe(2);
  });

  it("an alert without an id is an answer no reader could read: unavailable", async () => {
    const fetchPage = async () => [{ createdAt: "2026-10-01T00:00:00.000Z" }];
    await expect(listAlerts(fetchPage, 0, Date.parse("2027-01-01T00:00:00Z"), "T")).rejects.toMatchObject({
      kind: "unavailable",
    });
  });
});

describe("mergeAlerts", () => {
  it("fresh copies replace stale ones by id, keep an acknowledger the fresh one lacks, and sort by creation", () => {
    const stale = [
      {
        id: "b",
        createdAt: "2026-10-02T00:00:00.000Z",
        status: "open",
        acknowledgedBy: "Alice Adams",
        _logsRead: true,
      },
      { id: "a", createdAt: "2026-10-01T00:00:00.000Z", status: "open" },
    ];
    const fresh = [
      { id: "b", createdAt: "2026-10-02T00:00:00.000Z", status: "closed", _logsRead: false },
      { id: "c", createdAt: "2026-09-30T00:00:00.000Z", status: "open", report: {} },
    ];
    expect(mergeAlerts(stale, fresh)).toEqual([
      fresh[1],
      stale[1],
      {
        id: "b",
        createdAt: "2026-10-02T00:00:00.000Z",
        status: "closed",
        acknowledgedBy: "Alice Adams",
        _logsRead: true,
      },
    ]);
    expect(newestCreated(stale)).toBe(Date.parse("2026-10-02T00:00:00.000Z"));
    expect(newestCreated([])).toBeNull();
  });
});
