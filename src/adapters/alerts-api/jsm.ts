import type { OpsgenieClient } from "../opsgenie";
import { listOf } from "./opsgenie";
import { type FetchPage, PAGE_SIZE, type RawAlert } from "./paging";

export const JSM_BASE = "https://api.atlassian.com";

export const JSM_TOKEN_HINT =
  "use an API token of your Atlassian account (id.atlassian.com → Security → API tokens) with jsm.email set to that account's email; see docs/pulling.md";

/** The alerts API of a JSM site: `{base}/jsm/ops/api/{cloudId}/v1/alerts`. */
export const jsmAlertsPath = (cloudId: string) => `/jsm/ops/api/${encodeURIComponent(cloudId)}/v1/alerts`;

/** JSM's list: `{values: [...], count, links: {next}}`; `next` is never followed. */
export function jsmPages(client: OpsgenieClient, cloudId: string, requestMs: number): FetchPage {
  return async (query, offset) => {
    const params = new URLSearchParams({
      query,
      offset: String(offset),
      size: String(PAGE_SIZE),
      sort: "createdAt",
      order: "asc",
    });
    const json = await client.getJson(
      `${jsmAlertsPath(cloudId)}?${params}`,
      `the alert list at offset ${offset}`,
      requestMs,
    );
    return listOf(json, "values", "JSM", offset);
  };
}

interface LogEntry {
  logTime?: unknown;
  log?: unknown;
  owner?: unknown;
}

/**
 * An alert's logs are read for 20 pages (2,000 entries) at most. A JSM alert's log holds its
 * creation, notifications, an acknowledgement, notes and a close: tens of entries, rarely more
 * than a few hundred even for an alert that re-fired all night. Past 2,000 the log is not one a
 * person acted in (or the server is broken or hostile: an `after` key that never repeats kept a
 * pull requesting for ever), so reading stops there and the acknowledger is left unknown.
 */
export const MAX_LOG_PAGES = 20;

/** Who acknowledged an alert, from its logs; `complete: false` when they were not read to the end. */
export interface Acknowledgement {
  by: string | null;
  complete: boolean;
}

/**
 * Who acknowledged a JSM alert, from its logs (the alert object does not say): the owner of the
 * entry logged within a second of `ackTime`, else of the first entry whose text says acknowledged;
 * null when no entry does. Pages are `size` 100 and continue by `after`, the key JSM puts in its
 * `next` link: only that key is taken from the link, the request is built here. Logs longer than
 * MAX_LOG_PAGES pages are not read to their end: nobody is named (a later entry could be the one
 * at `ackTime`), and `complete` is false.
 */
export async function jsmAcknowledger(
  client: OpsgenieClient,
  cloudId: string,
  alert: RawAlert,
  requestMs: number,
): Promise<Acknowledgement> {
  const id = String(alert.id);
  const ackMs = typeof alert.ackTime === "string" ? Date.parse(alert.ackTime) : Number.NaN;
  let byText: string | null = null;
  let after: string | null = null;
  for (let page = 0; page < MAX_LOG_PAGES; page++) {
    const params = new URLSearchParams({ size: String(PAGE_SIZE) });
    if (after !== null) params.set("after", after);
    const json = (await client.getJson(
      `${jsmAlertsPath(cloudId)}/${encodeURIComponent(id)}/logs?${params}`,
      `the logs of alert ${id}`,
      requestMs,
    )) as { values?: unknown; links?: { next?: unknown } } | null;
    const entries = Array.isArray(json?.values) ? (json.values as LogEntry[]) : [];
    for (const e of entries) {
      const owner = typeof e?.owner === "string" && e.owner ? e.owner : null;
      if (owner === null) continue;
      const at = typeof e.logTime === "string" ? Date.parse(e.logTime) : Number.NaN;
      if (Number.isFinite(ackMs) && Number.isFinite(at) && Math.abs(at - ackMs) <= 1000)
        return { by: owner, complete: true };
      if (byText === null && typeof e.log === "string" && /\backnowledged\b/i.test(e.log)) byText = owner;
    }
    const next = json?.links?.next;
    const key = typeof next === "string" ? afterKey(next) : null;
    if (key === null || key === after || entries.length === 0) return { by: byText, complete: true };
    after = key;
  }
  return { by: null, complete: false };
}

/** The `after` parameter of a `next` link (relative or absolute), or null. */
function afterKey(link: string): string | null {
  try {
    return new URL(link, "http://relative.invalid").searchParams.get("after");
  } catch {
    return null;
  }
}
