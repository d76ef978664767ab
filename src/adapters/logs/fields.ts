import type { AlertField } from "../../core/alert";

/**
 * The one table of what each log format's columns (CSV, matched ignoring case and spaces) or keys
 * (JSON) mean: which alert field each fills, how its value is read and so how far it is trusted
 * (SPEC §3 "Trust in the time fields"), and which optional fields a log has when it is present.
 * Readers take their column lists from here, and the command layer its field names for messages.
 */
export type LogFormat = "opsgenie-csv" | "opsgenie-zip" | "opsgenie-json" | "oncall-csv";

/**
 * How a value is read: `text` as it is; `list` split on , or ; (brackets dropped); `bool` true,
 * false or empty; `epoch-ms` exact milliseconds only (a spreadsheet's 1.79141E+12 is never used
 * as a time); `opsgenie-date` CreatedAtDate's form, the stand-in for a rewritten CreatedAt;
 * `iso` ISO-8601 with an offset; `ms-after-created` the API report's delays; `duration` 1h35m.
 */
export type ValueRule =
  | "text"
  | "list"
  | "bool"
  | "epoch-ms"
  | "opsgenie-date"
  | "iso"
  | "ms-after-created"
  | "duration";

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
  "opsgenie-json": {
    field: "field on any alert",
    refetch:
      "fetch the alerts again with that field (GET /v2/alerts returns it), or drop the filter from the team config; see docs/alert-logs.md",
    noAckInfo: "neither report.ackTime nor acknowledged on any alert",
    refetchAckInfo:
      "fetch the alerts again with their acknowledged field and report (GET /v2/alerts returns them); see docs/alert-logs.md",
  },
};
