import { OncallError } from "../../errors";

/** An alert as the API returned it: kept whole, so the file holds everything the service said. */
export type RawAlert = Record<string, unknown>;

/** Alerts per page: the most either API gives (Opsgenie `limit`, JSM `size`). */
export const PAGE_SIZE = 100;
/** Both APIs refuse a page whose offset + size reaches this: past it, a new slice starts. */
export const OFFSET_CAP = 20_000;

/** One page of the list, at an offset the tool computed: the alerts on it, as the API gave them. */
export type FetchPage = (query: string, offset: number) => Promise<RawAlert[]>;

export interface Listed {
  /** in the order the API gave them, each once */
  alerts: RawAlert[];
  /** alerts the API returned outside [from, to), dropped */
  outOfRange: number;
}

export interface ListProgress {
  fetched: number;
  /** creation time of the newest alert seen so far (epoch ms) */
  reached: number | null;
}

/** The §10 query for alerts created in [fromMs, toMs), in epoch milliseconds. */
export const rangeQuery = (fromMs: number, toMs: number) => `createdAt >= ${fromMs} AND createdAt < ${toMs}`;

export const alertId = (a: RawAlert): string | null => (typeof a.id === "string" && a.id ? a.id : null);

/** An alert's creation (epoch ms): `createdAt` is ISO-8601 in both APIs; null when it is not. */
export function createdMs(a: RawAlert): number | null {
  if (typeof a.createdAt !== "string") return null;
  const ms = Date.parse(a.createdAt);
  return Number.isFinite(ms) ? ms : null;
}

/**
 * Every alert created in [fromMs, toMs), oldest first, each once. Pages of PAGE_SIZE by an offset
 * counted here (a `next` link is never followed: it is relative, and following it could send the
 * credentials elsewhere). The APIs refuse offset + size ≥ OFFSET_CAP, so there the next slice
 * starts again at the newest creation time seen, and the ids already seen are dropped. A slice
 * that would start where the last one did cannot get further (more than a slice of alerts created
 * in one millisecond): a rejected query, exit 7, rather than a loop.
 */
export async function listAlerts(
  fetchPage: FetchPage,
  fromMs: number,
  toMs: number,
  service: string,
  progress?: (p: ListProgress) => void,
): Promise<Listed> {
  const seen = new Set<string>();
  const alerts: RawAlert[] = [];
  let outOfRange = 0;
  let sliceStart = fromMs;
  let offset = 0;
  let reached: number | null = null;
  for (;;) {
    if (offset + PAGE_SIZE >= OFFSET_CAP) {
      const next = reached ?? sliceStart;
      if (next <= sliceStart)
        throw new OncallError(
          "rejected",
          `${service} returned ${OFFSET_CAP - PAGE_SIZE} alerts created at ${new Date(sliceStart).toISOString()} and would return no more past its offset limit, so the pull cannot get further`,
          "pull a narrower period, or export these alerts from the service's own screens",
        );
      sliceStart = next;
      offset = 0;
    }
    const page = await fetchPage(rangeQuery(sliceStart, toMs), offset);
    for (const alert of page) {
      const id = alertId(alert);
      const created = createdMs(alert);
      if (id === null || created === null)
        throw new OncallError(
          "unavailable",
          `${service} returned an alert without ${id === null ? "an id" : "an ISO createdAt"} (page at offset ${offset}), which no log reader could read`,
          "try again later; if it persists, the API has changed: report it",
        );
      if (seen.has(id)) continue;
      seen.add(id);
      if (created < fromMs || created >= toMs) {
        outOfRange++;
        continue;
      }
      if (reached === null || created > reached) reached = created;
      alerts.push(alert);
    }
    progress?.({ fetched: alerts.length, reached });
    if (page.length < PAGE_SIZE) return { alerts, outOfRange };
    offset += PAGE_SIZE;
  }
}
