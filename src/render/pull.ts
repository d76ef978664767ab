import { escapeText } from "./escape";

/** `alerts pull --json` (docs/json.md, schema/alerts-pull.schema.json). */
export interface PullDoc {
  schemaVersion: 1;
  provider: "opsgenie" | "jsm";
  from: string;
  to: string;
  /** alerts pulled this run */
  alerts: number;
  file: string | null;
}

/** `alerts pull --check`: one page fetched, nothing written. */
export interface PullCheck extends PullDoc {
  file: null;
  check: {
    url: string;
    /** where the credentials came from (a variable's name or the settings file), never their value */
    credentials: string;
    query: string;
    /** alerts on the page created outside the period (the service's query support is not verified for JSM) */
    outOfRange: number;
    /** a full page: more follow by offset */
    morePages: boolean;
    /** JSM: the logs of the page's first acknowledged alert, read as the pull reads them */
    logs?: string;
  };
}

export function pullSummaryText(doc: PullDoc, inFile: number, logsRead: number): string {
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? "" : "s"}`;
  return `pulled ${plural(doc.alerts, "alert")} created ${doc.from} – ${doc.to} from ${doc.provider === "jsm" ? "JSM" : "Opsgenie"}${doc.provider === "jsm" ? ` (logs read for ${plural(logsRead, "alert")})` : ""}; ${escapeText(doc.file ?? "")} holds ${plural(inFile, "alert")}\n`;
}

export function pullCheckText(c: PullCheck): string {
  const rows = [
    ["service", `${c.provider === "jsm" ? "JSM Operations" : "Opsgenie"} at ${c.check.url}`],
    ["credentials", `accepted (from ${c.check.credentials})`],
    ["query", `accepted: ${c.check.query}`],
    ["first page", `${c.alerts} alert${c.alerts === 1 ? "" : "s"}, ${c.check.outOfRange} outside the period`],
    [
      "paging",
      c.check.morePages ? "a full page: the pull continues by offset" : "one page holds the whole period",
    ],
    ...(c.check.logs === undefined ? [] : [["logs", c.check.logs]]),
  ];
  return rows.map(([k, v]) => `${k}\t${escapeText(v!)}\n`).join("");
}

/** The progress line on a terminal: fetched, the date reached, a rate; rewritten in place. */
export function pullProgressText(fetched: number, reached: string | null, elapsedMs: number): string {
  const rate = elapsedMs > 0 ? Math.round((fetched * 1000) / elapsedMs) : 0;
  return `\r\x1b[Kpulling: ${fetched} alerts${reached ? `, up to ${reached}` : ""}, ${rate}/s`;
}

/** The progress line while JSM alerts' logs are read, one alert at a time. */
export function pullLogsProgressText(done: number, of: number): string {
  return `\r\x1b[Kreading acknowledgers from alert logs: ${done} of ${of}`;
}
