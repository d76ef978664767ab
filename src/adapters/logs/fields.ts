import type { AlertField } from "../../core/alert";

/**
 * The one table of what each log format's columns (CSV, matched ignoring case and spaces) or keys
 * (JSON) mean: which alert field each fills, how its value is read and so how far it is trusted
 * (SPEC §3 "Trust in the time fields"), and which optional fields a log has when it is present.
 * Readers take their column lists from here, and the command layer its field names for messages.
 */
export type LogFormat =
  | "opsgenie-csv"
  | "opsgenie-zip"
  | "opsgenie-json"
  | "oncall-csv"
  | "jsm-json"
  | "pagerduty-csv"
  | "pagerduty-json";

/**
 * How a value is read: `text` as it is; `list` split on , or ; (brackets dropped); `bool` true,
 * false or empty; `epoch-ms` exact milliseconds only (a spreadsheet's 1.79141E+12 is never used
 * as a time); `opsgenie-date` CreatedAtDate's form, the stand-in for a rewritten CreatedAt;
 * `iso` ISO-8601 with an offset; `ms-after-created` the API report's delays; `duration` 1h35m;
 * `zoned-date` PagerDuty's date-time with a zone (ISO, or `… UTC`); `seconds-after-created`
 * PagerDuty's delays in seconds; `first-of-list` the first of a `,`/`;` list; `object` a JSON
 * object or array read as the reader says.
 */
export type ValueRule =
  | "text"
  | "list"
  | "bool"
  | "epoch-ms"
  | "opsgenie-date"
  | "iso"
  | "ms-after-created"
  | "duration"
  | "zoned-date"
  | "seconds-after-created"
  | "first-of-list"
  | "object";

export interface FieldSpec {
  /** the normalised column name or JSON key */
  key: string;
  /** as people write it, for messages */
  label: string;
  rule: ValueRule;
  /** a log without it is refused */
  required?: true;
  /** the optional alert fields a log has when this column or key is present */
  gives?: readonly AlertField[];
}

const spec = (
  key: string,
  label: string,
  rule: ValueRule,
  more: Partial<Pick<FieldSpec, "required" | "gives">> = {},
): FieldSpec => ({ key, label, rule, ...more });

/** Opsgenie's alert export (CSV, or the CSV in the zip it emails). Every other column is unused. */
export const OPSGENIE_CSV = {
  id: spec("alertid", "Alert ID", "text", { required: true }),
  tinyId: spec("tinyid", "TinyID", "text", { required: true }),
  createdAt: spec("createdat", "CreatedAt", "epoch-ms", { required: true }),
  createdAtDate: spec("createdatdate", "CreatedAtDate", "opsgenie-date"),
  alias: spec("alias", "Alias", "text", { gives: ["alias"] }),
  message: spec("message", "Message", "text"),
  priority: spec("priority", "Priority", "text", { gives: ["priority"] }),
  tags: spec("tags", "Tags", "list", { gives: ["tags"] }),
  teams: spec("teams", "Teams", "list", { gives: ["teams"] }),
  owner: spec("owner", "Owner", "text", { gives: ["owner"] }),
  acknowledged: spec("acknowledged", "Acknowledged", "bool", { gives: ["acknowledged"] }),
  acknowledgedBy: spec("acknowledgedby", "AcknowledgedBy", "text", { gives: ["acknowledgedBy"] }),
  // Only to tell an alert closed before anyone was paged: the export has no close time.
  status: spec("status", "Status", "text"),
  updatedAt: spec("updatedat", "UpdatedAt", "epoch-ms"),
  updatedAtDate: spec("updatedatdate", "UpdatedAtDate", "opsgenie-date"),
  // Re-fires Opsgenie folded into the alert: statistics count them, claims never do (SPEC §3).
  count: spec("count", "Count", "text"),
} as const;

/** Header spellings of Opsgenie's id column besides `Alert ID`. */
export const OPSGENIE_ID_SPELLINGS: readonly string[] = ["alert_id"];

/** The oncall CSV (docs/alert-logs.md), in its documented column order. */
export const ONCALL_CSV = {
  id: spec("id", "id", "text", { required: true }),
  createdAt: spec("created_at", "created_at", "iso", { required: true }),
  message: spec("message", "message", "text"),
  priority: spec("priority", "priority", "text", { gives: ["priority"] }),
  tags: spec("tags", "tags", "list", { gives: ["tags"] }),
  teams: spec("teams", "teams", "list", { gives: ["teams"] }),
  acknowledgedBy: spec("acknowledged_by", "acknowledged_by", "text", {
    gives: ["acknowledgedBy", "acknowledged"],
  }),
  ackAt: spec("acknowledged_at", "acknowledged_at", "iso", { gives: ["ackTime", "acknowledged"] }),
  closedAt: spec("closed_at", "closed_at", "iso", { gives: ["closeTime"] }),
  woken: spec("woken", "woken", "bool", { gives: ["woken"] }),
  worked: spec("worked", "worked", "duration", { gives: ["worked"] }),
  tinyId: spec("tiny_id", "tiny_id", "text"),
  alias: spec("alias", "alias", "text", { gives: ["alias"] }),
  owner: spec("owner", "owner", "text", { gives: ["owner"] }),
} as const;

/**
 * Opsgenie's API JSON (GET /v2/alerts). A field is judged present per file: when any alert has
 * its key (SPEC §3). An alert nobody acknowledged has a report without ackTime, so a log with
 * reports has all four of its fields.
 */
export const OPSGENIE_JSON = {
  id: spec("id", "id", "text", { required: true }),
  tinyId: spec("tinyId", "tinyId", "text"),
  alias: spec("alias", "alias", "text", { gives: ["alias"] }),
  message: spec("message", "message", "text"),
  createdAt: spec("createdAt", "createdAt", "iso", { required: true }),
  priority: spec("priority", "priority", "text", { gives: ["priority"] }),
  tags: spec("tags", "tags", "list", { gives: ["tags"] }),
  teams: spec("teams", "teams", "list", { gives: ["teams"] }),
  owner: spec("owner", "owner", "text", { gives: ["owner"] }),
  acknowledged: spec("acknowledged", "acknowledged", "bool", { gives: ["acknowledged"] }),
  report: spec("report", "report", "ms-after-created", {
    gives: ["acknowledged", "acknowledgedBy", "ackTime", "closeTime"],
  }),
} as const;

/**
 * JSM Operations' list-alerts JSON (`{"values":[…]}`), as the API returns it or as `alerts pull`
 * writes it. The alert object has ISO ack and close times but no acknowledger: `acknowledgedBy`
 * is what the pull added from the alert's logs, and `_logsRead` says whether it read them, so a
 * missing acknowledger is known absent only where it did (judged per file by the reader).
 */
export const JSM_JSON = {
  id: spec("id", "id", "text", { required: true }),
  tinyId: spec("tinyId", "tinyId", "text"),
  alias: spec("alias", "alias", "text", { gives: ["alias"] }),
  message: spec("message", "message", "text"),
  createdAt: spec("createdAt", "createdAt", "iso", { required: true }),
  priority: spec("priority", "priority", "text", { gives: ["priority"] }),
  tags: spec("tags", "tags", "list", { gives: ["tags"] }),
  owner: spec("owner", "owner", "text", { gives: ["owner"] }),
  acknowledged: spec("acknowledged", "acknowledged", "bool", { gives: ["acknowledged"] }),
  ackTime: spec("ackTime", "ackTime", "iso", { gives: ["ackTime", "acknowledged"] }),
  closeTime: spec("closeTime", "closeTime", "iso", { gives: ["closeTime"] }),
  // gives acknowledgedBy only when every acknowledged alert has it or _logsRead: see jsm-json.ts
  acknowledgedBy: spec("acknowledgedBy", "acknowledgedBy", "text"),
  logsRead: spec("_logsRead", "_logsRead", "bool"),
} as const;

/**
 * PagerDuty's incident export (Analytics / Advanced Reporting, one row per incident). Built from
 * PagerDuty's documented columns, not from a real export (docs/alert-logs.md). Urgency and the
 * service become tags (`urgency:high`, the service's name): PagerDuty has no P1–P5 of its own
 * in this export, and a high urgency is what pages out of hours.
 */
export const PAGERDUTY_CSV = {
  id: spec("id", "id", "text", { required: true }),
  incidentNumber: spec("incident_number", "incident_number", "text", { required: true }),
  createdOn: spec("created_on", "created_on", "zoned-date", { required: true }),
  description: spec("description", "description", "text"),
  resolvedOn: spec("resolved_on", "resolved_on", "zoned-date", { gives: ["closeTime"] }),
  ackIds: spec("acknowledged_by_user_ids", "acknowledged_by_user_ids", "first-of-list", {
    gives: ["acknowledgedBy", "acknowledged"],
  }),
  ackNames: spec("acknowledged_by_user_names", "acknowledged_by_user_names", "first-of-list", {
    gives: ["acknowledgedBy", "acknowledged"],
  }),
  assignedNames: spec("assigned_to_user_names", "assigned_to_user_names", "first-of-list", {
    gives: ["owner"],
  }),
  secondsToFirstAck: spec("seconds_to_first_ack", "seconds_to_first_ack", "seconds-after-created", {
    gives: ["ackTime", "acknowledged"],
  }),
  secondsToResolve: spec("seconds_to_resolve", "seconds_to_resolve", "seconds-after-created", {
    gives: ["closeTime"],
  }),
  // Read for nothing: second-line credit is judged from the first ack's time, as for every log.
  escalationCount: spec("escalation_count", "escalation_count", "text"),
  urgency: spec("urgency", "urgency", "text", { gives: ["tags"] }),
  serviceName: spec("service_name", "service_name", "text", { gives: ["tags"] }),
} as const;

/**
 * PagerDuty's REST JSON: `{"incidents":[…]}` from GET /incidents, with `"log_entries":[…]` from
 * GET /log_entries when the acknowledger is wanted (PagerDuty empties an incident's
 * `acknowledgements` once it is resolved, so only the log entries keep who acknowledged).
 */
export const PAGERDUTY_JSON = {
  id: spec("id", "id", "text", { required: true }),
  incidentNumber: spec("incident_number", "incident_number", "text"),
  title: spec("title", "title", "text"),
  createdAt: spec("created_at", "created_at", "iso", { required: true }),
  priority: spec("priority", "priority.summary", "object", { gives: ["priority"] }),
  urgency: spec("urgency", "urgency", "text", { gives: ["tags"] }),
  service: spec("service", "service.summary", "object", { gives: ["tags"] }),
  assignments: spec("assignments", "assignments[0].assignee.summary", "object", { gives: ["owner"] }),
  resolvedAt: spec("resolved_at", "resolved_at", "iso", { gives: ["closeTime"] }),
  logEntries: spec("log_entries", "log_entries", "object", {
    gives: ["acknowledgedBy", "ackTime", "acknowledged"],
  }),
} as const;

export type FieldTable = Readonly<Record<string, FieldSpec>>;

/** The optional fields a log has, given which of its table's keys are present. */
export function fieldsPresent(table: FieldTable, present: (key: string) => boolean): Set<AlertField> {
  const fields = new Set<AlertField>();
  for (const f of Object.values(table)) if (f.gives && present(f.key)) for (const g of f.gives) fields.add(g);
  return fields;
}

/** The keys of a table, in its order. */
export const keysOf = (table: FieldTable): string[] => Object.values(table).map((f) => f.key);

/** An alert field as messages name it ("needs the close time of each alert"). */
export const FIELD_NAMES: Record<AlertField, string> = {
  priority: "priority",
  tags: "tags",
  teams: "teams",
  owner: "owner",
  acknowledgedBy: "acknowledger (Acknowledged By)",
  ackTime: "acknowledgement time",
  closeTime: "close time",
  alias: "alias",
  acknowledged: "Acknowledged",
  woken: "woken",
  worked: "worked",
};

/** How messages speak of what a log of each format lacks, and how to get a log that has it. */
export interface FormatWords {
  /** what a present field is in this format: "column", or "field on any alert" */
  field: string;
  /** how to get a log with a field this one lacks */
  refetch: string;
  /** what this log has of the acknowledgement time and flag: neither */
  noAckInfo: string;
  /** how to get a log with either */
  refetchAckInfo: string;
}

const EXPORT_AGAIN = "export the alerts as Opsgenie API JSON (GET /v2/alerts)";
const CSV_WORDS: FormatWords = {
  field: "column",
  refetch: `${EXPORT_AGAIN}, or re-export the CSV with that column; see docs/alert-logs.md`,
  noAckInfo: "neither column",
  refetchAckInfo: `${EXPORT_AGAIN}, or re-export the CSV with the Acknowledged column; see docs/alert-logs.md`,
};

export const FORMAT_WORDS: Record<LogFormat, FormatWords> = {
  "opsgenie-csv": CSV_WORDS,
  "opsgenie-zip": CSV_WORDS,
  "oncall-csv": {
    ...CSV_WORDS,
    refetchAckInfo: `add an acknowledged_at (or acknowledged_by) column, or ${EXPORT_AGAIN}; see docs/alert-logs.md`,
  },
  "jsm-json": {
    // the acknowledger is lacking when some acknowledged alert has none and its logs were not read
    field: "field on all its alerts",
    refetch:
      "pull the alerts with `oncall alerts pull`, which records who acknowledged each out-of-hours alert, or drop that filter (or change toil.attribution) in the team config; see docs/alert-logs.md",
    noAckInfo: "neither ackTime nor acknowledged on any alert",
    refetchAckInfo:
      "pull the alerts again with `oncall alerts pull` (the list-alerts API returns ackTime and acknowledged); see docs/alert-logs.md",
  },
  "pagerduty-csv": {
    field: "column",
    refetch:
      "export the incidents again from PagerDuty Analytics with that column, or use the REST JSON (GET /incidents with GET /log_entries); see docs/alert-logs.md",
    noAckInfo: "neither seconds_to_first_ack nor acknowledged_by_user_ids/_names",
    refetchAckInfo:
      "export the incidents again with seconds_to_first_ack, or use the REST JSON with its log entries; see docs/alert-logs.md",
  },
  "pagerduty-json": {
    field: "field on any incident",
    refetch:
      'for the acknowledger, add the incidents\' log entries to the file as "log_entries" (GET /log_entries); for another field, fetch the incidents again with it, or drop that filter (or change toil.attribution) in the team config; see docs/alert-logs.md',
    noAckInfo: 'no "log_entries" to read acknowledgements from',
    refetchAckInfo:
      'add the incidents\' log entries to the file as "log_entries" (GET /log_entries); see docs/alert-logs.md',
  },
  "opsgenie-json": {
    field: "field on any alert",
    refetch:
      "fetch the alerts again with that field (GET /v2/alerts returns it), or drop that filter (or change toil.attribution) in the team config; see docs/alert-logs.md",
    noAckInfo: "neither report.ackTime nor acknowledged on any alert",
    refetchAckInfo:
      "fetch the alerts again with their acknowledged field and report (GET /v2/alerts returns them); see docs/alert-logs.md",
  },
};
