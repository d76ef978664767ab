/** Opsgenie's priorities, most urgent first: the one list every command and the config use. */
export const PRIORITIES = ["P1", "P2", "P3", "P4", "P5"] as const;
export type Priority = (typeof PRIORITIES)[number];

/** A priority as people write it (p2, P2) in its canonical form, or null when it is not one. */
export function parsePriority(text: string): Priority | null {
  const p = text.toUpperCase();
  return (PRIORITIES as readonly string[]).includes(p) ? (p as Priority) : null;
}

/** An alert as read from any log format, normalised. Absent or empty fields are null. */
export interface Alert {
  id: string;
  tinyId: string | null;
  alias: string | null;
  message: string;
  /** epoch milliseconds, UTC */
  createdAt: number;
  priority: string | null;
  tags: string[] | null;
  teams: string[] | null;
  owner: string | null;
  acknowledged: boolean | null;
  acknowledgedBy: string | null;
  ackAt: number | null;
  closedAt: number | null;
  /** the oncall CSV's `woken` column */
  woken: boolean | null;
  /** the oncall CSV's `worked` column, minutes */
  workedMinutes: number | null;
  /** the Opsgenie CSV's `Status` (open, closed) and `UpdatedAt`: it has no close time (SPEC §3) */
  status?: string | null;
  updatedAt?: number | null;
  /** Opsgenie's `Count`: the alert plus the re-fires it de-duplicated by alias (statistics only) */
  count?: number | null;
  /** the log it was read from */
  file: string;
  /** where in that log: a line number, or a path such as "data[3]" */
  row: number | string;
}

/** "file:line" or "file: data[3]", for messages. */
export function alertSource(a: Pick<Alert, "file" | "row">): string {
  return typeof a.row === "number" ? `${a.file}:${a.row}` : `${a.file}: ${a.row}`;
}

/** Fields a log format can carry; a filter or attribution needing one the log lacks is an input error. */
export type AlertField =
  | "priority"
  | "tags"
  | "teams"
  | "owner"
  | "acknowledgedBy"
  | "ackTime"
  | "closeTime"
  | "alias"
  | "acknowledged"
  | "woken"
  | "worked";

/** How an alert is named to people: its tiny id when the log has one, else its id. */
export function alertLabel(a: Pick<Alert, "id" | "tinyId">): string {
  return a.tinyId ?? a.id;
}

export const SKIP_REASONS = [
  "in-hours",
  "duplicate",
  "priority",
  "tag",
  "team",
  "unattributed",
  "out-of-period",
  "unreadable",
  "other-person",
] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

export interface Skipped {
  alert: string;
  id: string;
  reason: Exclude<SkipReason, "other-person">;
  detail: string;
}

const MERGED_FIELDS = [
  "tinyId",
  "alias",
  "message",
  "createdAt",
  "priority",
  "tags",
  "teams",
  "owner",
  "acknowledged",
  "acknowledgedBy",
  "ackAt",
  "closedAt",
  "woken",
  "workedMinutes",
] as const;

/** Fields read against the creation time: whether, when and by whom it was acknowledged or closed. */
const TIMED_FIELDS: ReadonlySet<string> = new Set(["acknowledged", "acknowledgedBy", "ackAt", "closedAt"]);

function same(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => x === b[i]);
  return a === b;
}

function empty(v: unknown): boolean {
  return v === null || v === "" || (Array.isArray(v) && v.length === 0);
}

/**
 * Merges a later copy of an alert into the first (SPEC §3): empty fields are filled from the later
 * copy, conflicting values keep the first; when the copies' creation times differ, the
 * acknowledgement and close fields are not filled. Returns the names of the fields that conflicted.
 */
export function mergeAlert(first: Alert, later: Alert, copy: (s: string) => string = (s) => s): string[] {
  const conflicts: string[] = [];
  const target = first as unknown as Record<string, unknown>;
  const source = later as unknown as Record<string, unknown>;
  // Copies created at different instants do not describe one timeline: the later copy's ack or
  // close instant set against the first copy's creation would invent a late ack (and so a
  // second-line claim), so the first copy's timing stands as it is.
  const timelinesDiffer = first.createdAt !== later.createdAt;
  for (const f of MERGED_FIELDS) {
    const a = target[f];
    const b = source[f];
    if (empty(b)) continue;
    if (empty(a)) {
      if (!(timelinesDiffer && TIMED_FIELDS.has(f))) target[f] = typeof b === "string" ? copy(b) : b;
    } else if (!same(a, b)) conflicts.push(f);
  }
  return conflicts;
}
