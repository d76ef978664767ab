/**
 * `alerts pull` (SPEC §10): a period's alerts from the service, each once, the JSM acknowledger
 * read from the alert's logs where it matters, merged into an earlier pull with --append, sorted
 * by creation, as the text of the API JSON log (§3) that every command reads.
 */
import type { Acknowledgement } from "../adapters/alerts-api/jsm";
import {
  alertId,
  createdMs,
  type FetchPage,
  type ListProgress,
  listAlerts,
  type RawAlert,
} from "../adapters/alerts-api/paging";

export type PullProvider = "opsgenie" | "jsm";

/** The key a provider's list answer keeps its alerts under, which the file keeps too. */
export const ENVELOPE: Record<PullProvider, "data" | "values"> = { opsgenie: "data", jsm: "values" };

export interface PullRequest {
  provider: PullProvider;
  service: string;
  fromMs: number;
  toMs: number;
  fetchPage: FetchPage;
  /** JSM: the acknowledger from an alert's logs, for the alerts `needsLogs` picks */
  acknowledger?: (alert: RawAlert) => Promise<Acknowledgement>;
  needsLogs?: (alert: RawAlert) => boolean;
  progress?: (p: ListProgress) => void;
  /** the logs read so far, of how many to read */
  logsProgress?: (done: number, of: number) => void;
}

export interface Pulled {
  alerts: RawAlert[];
  outOfRange: number;
  /** alerts whose logs were read to their end */
  logsRead: number;
  /** the ids of alerts whose logs were too long to read to their end (`_logsRead: false`) */
  logsTooLong: string[];
}

export async function pullAlerts(r: PullRequest): Promise<Pulled> {
  const listed = await listAlerts(r.fetchPage, r.fromMs, r.toMs, r.service, r.progress);
  let logsRead = 0;
  let logsTried = 0;
  const logsTooLong: string[] = [];
  // the logs cost a request or more each: only where an acknowledger changes a claim
  const toRead = (a: RawAlert) =>
    r.acknowledger !== undefined && a.acknowledged === true && (r.needsLogs?.(a) ?? true);
  const logsToRead = r.acknowledger ? listed.alerts.filter(toRead).length : 0;
  const alerts: RawAlert[] = [];
  for (const raw of listed.alerts) {
    const alert: RawAlert = { ...raw, _source: r.provider };
    if (r.acknowledger) {
      let read = toRead(raw);
      if (read) {
        const ack = await r.acknowledger(alert);
        if (ack.complete) logsRead++;
        else logsTooLong.push(String(raw.id));
        read = ack.complete;
        if (ack.by !== null) alert.acknowledgedBy = ack.by;
        logsTried++;
        r.logsProgress?.(logsTried, logsToRead);
      }
      alert._logsRead = read;
    }
    alerts.push(alert);
  }
  return { alerts: byCreation(alerts), outOfRange: listed.outOfRange, logsRead, logsTooLong };
}

/** Oldest first; alerts created in the same millisecond keep their order. */
function byCreation(alerts: RawAlert[]): RawAlert[] {
  return alerts
    .map((a, i) => ({ a, i, t: createdMs(a) ?? 0 }))
    .sort((x, y) => x.t - y.t || x.i - y.i)
    .map((x) => x.a);
}

/**
 * An earlier pull merged with a fresh one by alert id: the fresh copy replaces the stale one (an
 * alert changes after it is pulled: acknowledged, closed), but an acknowledger the stale copy has
 * and the fresh one lacks is kept (the logs were read once; this time they may not have been).
 */
export function mergeAlerts(stale: readonly RawAlert[], fresh: readonly RawAlert[]): RawAlert[] {
  const byId = new Map<string, RawAlert>();
  const unnamed: RawAlert[] = [];
  for (const a of stale) {
    const id = alertId(a);
    if (id === null) unnamed.push(a);
    else byId.set(id, a);
  }
  for (const a of fresh) {
    const id = alertId(a)!;
    const old = byId.get(id);
    byId.set(id, old ? keepAcknowledger(old, a) : a);
  }
  return byCreation([...unnamed, ...byId.values()]);
}

function keepAcknowledger(old: RawAlert, fresh: RawAlert): RawAlert {
  const merged = { ...fresh };
  if (typeof old.acknowledgedBy === "string" && typeof fresh.acknowledgedBy !== "string") {
    merged.acknowledgedBy = old.acknowledgedBy;
    if (old._logsRead === true) merged._logsRead = true;
  }
  const oldReport = old.report as Record<string, unknown> | undefined;
  const freshReport = fresh.report as Record<string, unknown> | undefined;
  if (typeof oldReport?.acknowledgedBy === "string" && typeof freshReport?.acknowledgedBy !== "string")
    merged.report = { ...(freshReport ?? {}), acknowledgedBy: oldReport.acknowledgedBy };
  return merged;
}

/** The newest creation time among alerts (epoch ms), or null for none. */
export function newestCreated(alerts: readonly RawAlert[]): number | null {
  let newest: number | null = null;
  for (const a of alerts) {
    const t = createdMs(a);
    if (t !== null && (newest === null || t > newest)) newest = t;
  }
  return newest;
}

/** The file's text, an alert a line (diffs of two pulls stay readable), in pieces for the atomic writer. */
export function* logText(provider: PullProvider, alerts: readonly RawAlert[]): Generator<string> {
  yield `{"${ENVELOPE[provider]}":[`;
  for (let i = 0; i < alerts.length; i++) yield `${i ? "," : ""}\n${JSON.stringify(alerts[i])}`;
  yield "\n]}\n";
}
