import type { Alert } from "../../core/alert";
import { inputError } from "../../errors";
import { type LogReader, NOT_A_LOG_HINT, ROW_HINT, rowError } from "./common";
import { fieldsPresent, PAGERDUTY_JSON as J } from "./fields";
import {
  checkItems,
  describeJson,
  isJsonObject,
  jsonInstant,
  jsonString,
  notAnObject,
  notBefore,
  readItems,
  readJson,
  sniffTopKey,
} from "./json-common";

/** The first acknowledgement of an incident, from its log entries. */
interface Ack {
  at: number;
  by: string | null;
}

const ACK_ENTRY = "acknowledge_log_entry";

/**
 * PagerDuty's REST JSON: `{"incidents":[…]}` from GET /incidents, with `"log_entries":[…]` from
 * GET /log_entries for who acknowledged (PagerDuty empties `acknowledgements` once an incident is
 * resolved).
 */
export const pagerdutyJson: LogReader = {
  format: "pagerduty-json",
  sniff: (head) => sniffTopKey(head, ["incidents", "log_entries"]),
  async open(source, head, opts) {
    const { file } = head;
    const { doc, warning } = await readJson(source, file);
    const items = isJsonObject(doc) ? doc.incidents : undefined;
    if (!Array.isArray(items)) {
      throw inputError(
        `${file}: incidents: expected an array of PagerDuty incidents (GET /incidents), found ${describeJson(items)}`,
        NOT_A_LOG_HINT,
      );
    }
    checkItems(items, file, "incidents", opts.lenient, "a PagerDuty incident");
    const entries = (doc as Record<string, unknown>).log_entries;
    if (entries !== undefined && !Array.isArray(entries))
      throw inputError(
        `${file}: log_entries: expected an array of log entries (GET /log_entries), found ${describeJson(entries)}`,
        ROW_HINT,
      );
    const acks = entries === undefined ? null : firstAcks(entries, file);
    const present = new Set<string>();
    for (const raw of items) if (isJsonObject(raw)) for (const k in raw) present.add(k);
    if (acks !== null) present.add(J.logEntries.key);
    return {
      file,
      format: "pagerduty-json",
      // no incidents lack nothing: a quiet month is "no claims", not refused
      fields: fieldsPresent(J, (k) => items.length === 0 || present.has(k)),
      async read(sink) {
        if (warning !== null) sink.warning?.(warning);
        readItems(items, file, "incidents", opts.lenient, sink, (raw, where, row) =>
          incidentAlert(raw, where, file, row, acks),
        );
      },
    };
  },
};

/** Each incident's first acknowledgement among the log entries; other entries are passed over. */
function firstAcks(entries: unknown[], file: string): Map<string, Ack> {
  const acks = new Map<string, Ack>();
  entries.forEach((e, i) => {
    const where = `${file}: log_entries[${i}]`;
    if (!isJsonObject(e)) throw notAnObject(e, where, "a log entry");
    if (e.type !== ACK_ENTRY) return;
    const at = jsonInstant(e.created_at, where, "created_at");
    if (at === null) throw rowError(where, "created_at", "is missing");
    const incident = isJsonObject(e.incident) ? jsonString(e.incident.id, where, "incident.id") : null;
    if (incident === null) throw rowError(where, "incident.id", "is missing");
    const by = reference(e.agent, where, "agent", "id");
    const seen = acks.get(incident);
    if (seen === undefined || at < seen.at) acks.set(incident, { at, by });
  });
  return acks;
}

/**
 * A user reference `{id, summary}` as the person it names: by id (matched exactly to people's
 * `pagerduty`) or by name, whichever the incidents CSV gives for the same field, so that one
 * incident in both formats is one person: the acknowledger by id, the assignee by name.
 */
function reference(v: unknown, where: string, name: string, by: "id" | "summary"): string | null {
  if (v === undefined || v === null) return null;
  if (!isJsonObject(v)) throw rowError(where, name, `expected an object, found ${describeJson(v)}`);
  const id = jsonString(v.id, where, `${name}.id`);
  const summary = jsonString(v.summary, where, `${name}.summary`);
  return by === "id" ? (id ?? summary) : (summary ?? id);
}

function incidentAlert(
  raw: unknown,
  where: string,
  file: string,
  row: string,
  acks: Map<string, Ack> | null,
): Alert {
  if (!isJsonObject(raw)) throw notAnObject(raw, where, "a PagerDuty incident");
  const id = jsonString(raw.id, where, J.id.label);
  if (id === null) throw rowError(where, J.id.label, "is missing");
  const createdAt = jsonInstant(raw.created_at, where, J.createdAt.label);
  if (createdAt === null) throw rowError(where, J.createdAt.label, "is missing");
  const closedAt = notBefore(
    jsonInstant(raw.resolved_at, where, J.resolvedAt.label),
    createdAt,
    where,
    J.resolvedAt.label,
  );
  const summary = (k: string) => {
    const v = raw[k];
    if (v === undefined || v === null) return null;
    if (!isJsonObject(v)) throw rowError(where, k, `expected an object, found ${describeJson(v)}`);
    return jsonString(v.summary, where, `${k}.summary`);
  };
  const assignments = raw.assignments;
  if (assignments !== undefined && assignments !== null && !Array.isArray(assignments))
    throw rowError(where, "assignments", `expected an array, found ${describeJson(assignments)}`);
  const firstAssignment: unknown = Array.isArray(assignments) ? assignments[0] : undefined;
  if (firstAssignment !== undefined && !isJsonObject(firstAssignment))
    throw rowError(where, "assignments[0]", `expected an object, found ${describeJson(firstAssignment)}`);
  const owner = firstAssignment
    ? reference(firstAssignment.assignee, where, "assignments[0].assignee", "summary")
    : null;
  const urgency = jsonString(raw.urgency, where, J.urgency.label);
  const service = summary("service");
  const tags = [
    ...(urgency ? [`urgency:${urgency.toLowerCase()}`] : []),
    ...(service ? [`service:${service}`] : []),
  ];
  const ack = acks?.get(id);
  const ackAt =
    ack === undefined ? null : notBefore(ack.at, createdAt, where, "acknowledge_log_entry created_at");
  return {
    id,
    tinyId: jsonString(raw.incident_number, where, J.incidentNumber.label),
    alias: null,
    message: jsonString(raw.title, where, J.title.label) ?? "",
    createdAt,
    priority: summary("priority"),
    tags,
    teams: null,
    owner,
    acknowledged: acks === null ? null : ack !== undefined,
    acknowledgedBy: ack?.by ?? null,
    ackAt,
    closedAt,
    woken: null,
    workedMinutes: null,
    file,
    row,
  };
}
