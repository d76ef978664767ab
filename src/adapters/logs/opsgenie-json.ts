import type { Alert, AlertField } from "../../core/alert";
import { isTeamId } from "../../core/teams";
import { inputError, isOncallError, type OncallError } from "../../errors";
import { LATEST, parseBool, parseIsoInstant } from "../log-fields";
import { ByteDecoder, MAX_JSON, readWhole } from "../log-input";
import { decodedWarning, type LogReader, NOT_A_LOG_HINT, ROW_HINT, rowError } from "./common";
import { fieldsPresent, OPSGENIE_JSON as J } from "./fields";

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
    const start = head.text.trimStart()[0];
    return start === "{" || start === "[" ? 1 : 0;
  },
  async open(source, head, opts) {
    const { file } = head;
    const whole = await readWhole(source, MAX_JSON, () =>
      inputError(
        `${file}: a JSON log larger than ${MAX_JSON / 1024 / 1024} MiB (JSON is read whole)`,
        "split it, e.g. one export per month",
      ),
    );
    const decoder = new ByteDecoder();
    const text = decoder.write(whole) + decoder.end();
    const warning = decodedWarning(file, decoder);
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (e) {
      throw inputError(`${file}: not valid JSON (${(e as Error).message})`, NOT_A_LOG_HINT);
    }
    const items = Array.isArray(doc) ? doc : (doc as { data?: unknown })?.data;
    if (!Array.isArray(items)) {
      throw inputError(`${file}: JSON without a "data" array of alerts`, NOT_A_LOG_HINT);
    }
    const prefix = Array.isArray(doc) ? "" : "data";
    // Checked before the fields are judged: a log of numbers "has no owner" only because it holds
    // no alerts. Lenient, such items are skipped as unreadable, unless there is nothing else.
    const stray = items.findIndex((x) => !isAlertObject(x));
    if (stray >= 0 && (!opts.lenient || !items.some(isAlertObject)))
      throw notAnAlert(
        items[stray],
        `${file}: ${prefix}[${stray}]`,
        opts.lenient ? NOT_A_LOG_HINT : ROW_HINT,
      );
    return {
      file,
      format: "opsgenie-json",
      fields: apiFields(items),
      teamsAre: apiTeamsAre(items),
      async read(sink) {
        if (warning !== null) sink.warning?.(warning);
        items.forEach((raw: unknown, i: number) => {
          const row = `${prefix}[${i}]`;
          const where = `${file}: ${row}`;
          try {
            sink.alert(apiAlert(raw, where, file, row));
          } catch (e) {
            if (!opts.lenient || !isOncallError(e)) throw e;
            const id = (raw as ApiAlert | null)?.id;
            sink.unreadable({ file, where, id: typeof id === "string" ? id : null, message: e.message });
          }
        });
      },
    };
  },
};

/**
 * What a JSON log has (SPEC §3, judged per file): a field whose key no alert carries is lacking,
 * so a filter or attribution needing it is refused rather than silently matching nothing.
 */
function apiFields(items: unknown[]): Set<AlertField> {
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
 * A JSON value as a message shows it: its type and a short preview. A nested value is never
 * stringified whole: thousands of levels overflow the stack, and millions of items fill stderr.
 */
export function describeJson(v: unknown): string {
  if (v === null) return "null";
  // Scalars as JSON writes them: a string quoted (and cut short), a number or boolean as it is.
  if (typeof v === "string") return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v))
    return v.length === 0 ? "an empty array" : `an array of ${v.length} item${v.length === 1 ? "" : "s"}`;
  if (typeof v === "object") {
    const keys: string[] = [];
    let more = false;
    for (const k in v) {
      if (keys.length === 3) {
        more = true;
        break;
      }
      keys.push(JSON.stringify(k.length > 20 ? `${k.slice(0, 20)}…` : k));
    }
    if (keys.length === 0) return "an empty object";
    return `an object with ${keys.length === 1 && !more ? "key" : "keys"} ${keys.join(", ")}${more ? ", …" : ""}`;
  }
  return typeof v;
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

function isAlertObject(raw: unknown): raw is object {
  return raw !== null && typeof raw === "object" && !Array.isArray(raw);
}

function notAnAlert(raw: unknown, where: string, hint = ROW_HINT): OncallError {
  return inputError(`${where}: expected an alert object, found ${describeJson(raw)}`, hint);
}

function apiAlert(raw: unknown, where: string, file: string, row: string): Alert {
  if (!isAlertObject(raw)) throw notAnAlert(raw, where);
  const a = raw as ApiAlert;
  const str = (v: unknown, name: string): string | null => {
    if (v === undefined || v === null || v === "") return null;
    if (typeof v === "string") return v;
    if (typeof v === "number") return String(v);
    throw rowError(where, name, `expected a string, found ${describeJson(v)}`);
  };
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
  let acknowledged: boolean | null = null;
  if (typeof a.acknowledged === "boolean") acknowledged = a.acknowledged;
  else if (a.acknowledged !== undefined && a.acknowledged !== null) {
    const b = typeof a.acknowledged === "string" ? parseBool(a.acknowledged) : undefined;
    if (b === undefined)
      throw rowError(where, "acknowledged", `expected true or false, found ${describeJson(a.acknowledged)}`);
    acknowledged = b;
  }
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
    // re-fires, for statistics alone: a count that is not a whole number is no reason to refuse a log
    count: typeof a.count === "number" && Number.isSafeInteger(a.count) && a.count > 1 ? a.count : null,
    file,
    row,
  };
}
