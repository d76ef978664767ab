import type { Alert, AlertField } from "../../core/alert";
import { isTeamId } from "../../core/teams";
import { inputError } from "../../errors";
import { LATEST, parseIsoInstant } from "../log-fields";
import { type LogReader, NOT_A_LOG_HINT, rowError } from "./common";
import { fieldsPresent, OPSGENIE_JSON as J } from "./fields";
import {
  checkItems,
  describeJson,
  isJsonObject,
  jsonBool,
  jsonRefires,
  jsonString,
  notAnObject,
  readItems,
  readJson,
  topKeys,
} from "./json-common";

interface ApiAlert {
  id?: unknown;
  tinyId?: unknown;
  alias?: unknown;
  message?: unknown;
  createdAt?: unknown;
  priority?: unknown;
  tags?: unknown;
  teams?: unknown;
  owner?: unknown;
  acknowledged?: unknown;
  count?: unknown;
  report?: { ackTime?: unknown; closeTime?: unknown; acknowledgedBy?: unknown };
}

/** Opsgenie's API JSON (GET /v2/alerts): an array of alerts, or an object with a "data" array. */
export const opsgenieJson: LogReader = {
  format: "opsgenie-json",
  sniff(head) {
    if (head.text.trimStart()[0] === "[") return 1;
    const top = topKeys(head.text);
    if (top === null) return 0;
    // Any other JSON object is opened here, the nearest format, to say which keys were expected.
    return top.includes("data") ? 1 : 0.5;
  },
  async open(source, head, opts) {
    const { file } = head;
    const { doc, warning } = await readJson(source, file);
    const items = Array.isArray(doc) ? doc : (doc as { data?: unknown })?.data;
    if (!Array.isArray(items)) {
      throw inputError(
        `${file}: JSON without a "data" array of alerts (Opsgenie API), a "values" array (JSM Operations API) or an "incidents" array (PagerDuty REST API); found ${describeJson(doc)}`,
        NOT_A_LOG_HINT,
      );
    }
    const prefix = Array.isArray(doc) ? "" : "data";
    checkItems(items, file, prefix, opts.lenient, "an alert");
    return {
      file,
      format: "opsgenie-json",
      fields: apiFields(items),
      teamsAre: apiTeamsAre(items),
      async read(sink) {
        if (warning !== null) sink.warning?.(warning);
        readItems(items, file, prefix, opts.lenient, sink, (raw, where, row) =>
          apiAlert(raw, where, file, row),
        );
      },
    };
  },
};

/**
 * What a JSON log has (SPEC §3, judged per file): a field whose key no alert carries is lacking,
 * so a filter or attribution needing it is refused rather than silently matching nothing.
 */
function apiFields(items: unknown[]): Set<AlertField> {
  // no alerts lack nothing: a quiet month's pull is read as "no claims", not refused
  if (items.length === 0) return fieldsPresent(J, () => true);
  const keys = Object.values(J)
    .filter((f) => f.gives)
    .map((f) => f.key);
  const found = new Set<string>();
  for (const raw of items) {
    if (found.size === keys.length) break;
    if (raw === null || typeof raw !== "object") continue;
    for (const k of keys) if (k in raw) found.add(k);
  }
  return fieldsPresent(J, (k) => found.has(k));
}

/**
 * Opsgenie's GET /v2/alerts gives teams as `[{"id":…}]` only; a log made otherwise may give names,
 * or both. "ids" when the file's team entries are all ids, "names" when all names (SPEC §3: judged
 * per file); undefined when it has both, or no teams at all.
 */
function apiTeamsAre(items: unknown[]): "names" | "ids" | undefined {
  let ids = false;
  let names = false;
  for (const raw of items) {
    const teams = (raw as ApiAlert | null)?.teams;
    if (!Array.isArray(teams)) continue;
    for (const t of teams) {
      if (typeof t === "string") {
        if (isTeamId(t)) ids = true;
        else if (t !== "") names = true;
      } else if (typeof t === "object" && t !== null) {
        if (typeof t.name === "string" && t.name !== "") names = true;
        if (typeof t.id === "string" && t.id !== "") ids = true;
      }
      if (ids && names) return undefined;
    }
  }
  return ids ? "ids" : names ? "names" : undefined;
}

function apiAlert(raw: unknown, where: string, file: string, row: string): Alert {
  if (!isJsonObject(raw)) throw notAnObject(raw, where, "an alert");
  const a = raw as ApiAlert;
  const str = (v: unknown, name: string) => jsonString(v, where, name);
  const after = (v: unknown, name: string, createdAt: number): number | null => {
    if (v === undefined || v === null) return null;
    if (typeof v !== "number" || !Number.isFinite(v))
      throw rowError(where, name, `expected milliseconds after creation, found ${describeJson(v)}`);
    if (v < 0) throw rowError(where, name, `${v} ms is before creation`);
    if (!(createdAt + v < LATEST))
      throw rowError(where, name, `${v} ms after creation is 2100-01-01 or later`);
    return createdAt + v;
  };
  const id = str(a.id, "id");
  if (id === null) throw rowError(where, "id", "is missing");
  if (
    a.report !== undefined &&
    a.report !== null &&
    (typeof a.report !== "object" || Array.isArray(a.report))
  )
    throw rowError(where, "report", `expected an object, found ${describeJson(a.report)}`);
  const createdText = str(a.createdAt, "createdAt");
  if (createdText === null) throw rowError(where, "createdAt", "is missing");
  const created = parseIsoInstant(createdText);
  if (!created.ok) throw rowError(where, "createdAt", created.problem);
  const createdAt = created.value;
  // A team object may carry its name and its id: both are kept, as toil.teams may list either.
  const list = (v: unknown, name: string): string[] | null => {
    if (v === undefined || v === null) return null;
    if (!Array.isArray(v)) throw rowError(where, name, `expected an array, found ${describeJson(v)}`);
    const out: string[] = [];
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      if (typeof x === "string") {
        if (x !== "") out.push(x);
        continue;
      }
      const bad = () =>
        rowError(
          where,
          `${name}[${i}]`,
          `expected ${name === "teams" ? 'a name or {"id":…,"name":…}' : "a string"}, found ${describeJson(x)}`,
        );
      if (name !== "teams" || x === null || typeof x !== "object" || Array.isArray(x)) throw bad();
      const { name: n, id: t } = x as { name?: unknown; id?: unknown };
      if ((n !== undefined && typeof n !== "string") || (t !== undefined && typeof t !== "string"))
        throw bad();
      if (n === undefined && t === undefined) throw bad();
      if (typeof n === "string" && n !== "") out.push(n);
      if (typeof t === "string" && t !== "" && t !== n) out.push(t);
    }
    return out;
  };
  const report = a.report && typeof a.report === "object" ? a.report : {};
  const acknowledged = jsonBool(a.acknowledged, where, "acknowledged");
  return {
    id,
    tinyId: str(a.tinyId, "tinyId"),
    alias: str(a.alias, "alias"),
    message: str(a.message, "message") ?? "",
    createdAt,
    priority: str(a.priority, "priority"),
    tags: list(a.tags, "tags") ?? [],
    teams: list(a.teams, "teams") ?? [],
    owner: str(a.owner, "owner"),
    acknowledged,
    acknowledgedBy: str(report.acknowledgedBy, "report.acknowledgedBy"),
    // report times are milliseconds after creation (Opsgenie's alert report)
    ackAt: after(report.ackTime, "report.ackTime", createdAt),
    closedAt: after(report.closeTime, "report.closeTime", createdAt),
    woken: null,
    workedMinutes: null,
    count: jsonRefires(a.count),
    file,
    row,
  };
}
