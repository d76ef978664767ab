import type { Alert, AlertField } from "../../core/alert";
import { inputError } from "../../errors";
import { type LogReader, NOT_A_LOG_HINT, rowError } from "./common";
import { fieldsPresent, JSM_JSON as J } from "./fields";
import {
  checkItems,
  describeJson,
  isJsonObject,
  jsonBool,
  jsonInstant,
  jsonRefires,
  jsonString,
  jsonStrings,
  notAnObject,
  notBefore,
  readItems,
  readJson,
  sniffTopKey,
} from "./json-common";

/**
 * JSM Operations' list-alerts JSON, `{"values":[…]}` (GET /jsm/ops/api/{cloudId}/v1/alerts), or
 * what `oncall alerts pull` writes for provider jsm: the same alerts plus `_source`, and
 * `acknowledgedBy` and `_logsRead` where the pull read an alert's logs for who acknowledged it.
 */
export const jsmJson: LogReader = {
  format: "jsm-json",
  sniff: (head) => sniffTopKey(head, ["values"]),
  async open(source, head, opts) {
    const { file } = head;
    const { doc, warning } = await readJson(source, file);
    const items = isJsonObject(doc) ? doc.values : undefined;
    if (!Array.isArray(items)) {
      throw inputError(
        `${file}: values: expected an array of JSM alerts, found ${describeJson(items)}`,
        NOT_A_LOG_HINT,
      );
    }
    checkItems(items, file, "values", opts.lenient, "a JSM alert");
    return {
      file,
      format: "jsm-json",
      fields: jsmFields(items),
      async read(sink) {
        if (warning !== null) sink.warning?.(warning);
        readItems(items, file, "values", opts.lenient, sink, (raw, where, row) =>
          jsmAlert(raw, where, file, row),
        );
      },
    };
  },
};

/**
 * The fields a JSM log has, judged per file (SPEC §3). Whose ack it was is known only where the
 * pull read the alert's logs. A pulled file (one that carries `_logsRead`) has the field: the pull
 * read the logs of every acknowledged alert a claim could need — those out of hours under the
 * config, or all of them with `--all-logs` — and an in-hours alert's acknowledger credits nobody.
 * The list API's own output has no `_logsRead`: there, an acknowledged alert without
 * `acknowledgedBy` has an unknown acknowledger, so the file lacks the field, rather than crediting
 * nobody for alerts somebody answered.
 */
function jsmFields(items: unknown[]): Set<AlertField> {
  // no alerts lack nothing: a quiet month's pull is read as "no claims", not refused
  if (items.length === 0) return new Set([...fieldsPresent(J, () => true), "acknowledgedBy"]);
  const present = new Set<string>();
  let pulled = false;
  let acknowledgersKnown = true;
  for (const raw of items) {
    if (!isJsonObject(raw)) continue;
    for (const k in raw) present.add(k);
    if (typeof raw._logsRead === "boolean") pulled = true;
    const acked = raw.acknowledged === true || (raw.ackTime !== undefined && raw.ackTime !== null);
    const by = raw.acknowledgedBy;
    if (acked && (by === undefined || by === null || by === "")) acknowledgersKnown = false;
  }
  const fields = fieldsPresent(J, (k) => present.has(k));
  if (pulled || acknowledgersKnown) fields.add("acknowledgedBy");
  return fields;
}

function jsmAlert(raw: unknown, where: string, file: string, row: string): Alert {
  if (!isJsonObject(raw)) throw notAnObject(raw, where, "a JSM alert");
  const str = (k: string) => jsonString(raw[k], where, k);
  const id = str(J.id.key);
  if (id === null) throw rowError(where, J.id.label, "is missing");
  const createdAt = jsonInstant(raw[J.createdAt.key], where, J.createdAt.label);
  if (createdAt === null) throw rowError(where, J.createdAt.label, "is missing");
  const ackAt = notBefore(
    jsonInstant(raw[J.ackTime.key], where, J.ackTime.label),
    createdAt,
    where,
    J.ackTime.label,
  );
  const closedAt = notBefore(
    jsonInstant(raw[J.closeTime.key], where, J.closeTime.label),
    createdAt,
    where,
    J.closeTime.label,
  );
  jsonBool(raw[J.logsRead.key], where, J.logsRead.label);
  // The list API's alert has `acknowledged`; an ack time alone says the same.
  const acknowledged =
    jsonBool(raw[J.acknowledged.key], where, J.acknowledged.label) ?? (ackAt !== null ? true : null);
  return {
    id: id,
    tinyId: str(J.tinyId.key),
    alias: str(J.alias.key),
    message: str(J.message.key) ?? "",
    createdAt,
    priority: str(J.priority.key),
    tags: jsonStrings(raw[J.tags.key], where, J.tags.label),
    // JSM's alert names its responders by id only and has no teams (FACTS.md): none are read.
    teams: null,
    owner: str(J.owner.key),
    acknowledged,
    acknowledgedBy: str(J.acknowledgedBy.key),
    ackAt,
    closedAt,
    woken: null,
    workedMinutes: null,
    count: jsonRefires(raw.count),
    file,
    row,
  };
}
