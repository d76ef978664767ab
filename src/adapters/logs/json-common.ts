import { inputError, isOncallError, type OncallError } from "../../errors";
import { parseBool, parseIsoInstant } from "../log-fields";
import { ByteDecoder, type ByteSource, MAX_JSON, readWhole } from "../log-input";
import { decodedWarning, type LogHead, type LogSink, NOT_A_LOG_HINT, ROW_HINT, rowError } from "./common";

/**
 * What the JSON readers share (Opsgenie's, JSM Operations', PagerDuty's): a log read whole under
 * one limit (SPEC §3 "Limits"), its format told from its top-level keys, its items checked to be
 * objects before any field is judged, and their values read and trusted alike.
 */

/** A JSON log read whole and parsed; `warning` when its bytes were not UTF-8. */
export async function readJson(
  source: ByteSource,
  file: string,
): Promise<{ doc: unknown; warning: string | null }> {
  const whole = await readWhole(source, MAX_JSON, () =>
    inputError(
      `${file}: a JSON log larger than ${MAX_JSON / 1024 / 1024} MiB (JSON is read whole)`,
      "split it, e.g. one export or `alerts pull` per month",
    ),
  );
  const decoder = new ByteDecoder();
  const text = decoder.write(whole) + decoder.end();
  try {
    return { doc: JSON.parse(text), warning: decodedWarning(file, decoder) };
  } catch (e) {
    throw inputError(`${file}: not valid JSON (${(e as Error).message})`, NOT_A_LOG_HINT);
  }
}

/**
 * The keys of the top-level object as far as the head shows them (the head may end mid-document),
 * or null when the head is not a JSON object. A scan, not a parse: only strings and nesting are
 * followed, so a key inside an alert is never taken for the envelope's.
 */
export function topKeys(text: string): string[] | null {
  let i = 0;
  while (i < text.length && /\s/.test(text[i]!)) i++;
  if (text.charCodeAt(0) === 0xfeff) i++;
  while (i < text.length && /\s/.test(text[i]!)) i++;
  if (text[i] !== "{") return null;
  const keys: string[] = [];
  let depth = 0;
  let expectKey = false;
  for (; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      if (j >= text.length) break;
      if (depth === 1 && expectKey) {
        try {
          keys.push(JSON.parse(text.slice(i, j + 1)) as string);
        } catch {
          return keys;
        }
      }
      expectKey = false;
      i = j;
    } else if (c === "{" || c === "[") {
      depth++;
      expectKey = depth === 1;
    } else if (c === "}" || c === "]") depth--;
    else if (c === "," && depth === 1) expectKey = true;
  }
  return keys;
}

/** How surely a head is a JSON object with one of `keys` at its top: certain, or not at all. */
export function sniffTopKey(head: LogHead, keys: readonly string[]): number {
  const top = topKeys(head.text);
  return top?.some((k) => keys.includes(k)) ? 1 : 0;
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

export function isJsonObject(raw: unknown): raw is Record<string, unknown> {
  return raw !== null && typeof raw === "object" && !Array.isArray(raw);
}

export function notAnObject(raw: unknown, where: string, what: string, hint = ROW_HINT): OncallError {
  return inputError(`${where}: expected ${what} object, found ${describeJson(raw)}`, hint);
}

/**
 * Refuses a log whose items are not objects before its fields are judged: a log of numbers "has
 * no owner" only because it holds no alerts. Lenient, such items are skipped as unreadable later,
 * unless there is nothing else.
 */
export function checkItems(items: unknown[], file: string, prefix: string, lenient: boolean, what: string) {
  const stray = items.findIndex((x) => !isJsonObject(x));
  if (stray >= 0 && (!lenient || !items.some(isJsonObject)))
    throw notAnObject(
      items[stray],
      `${file}: ${prefix}[${stray}]`,
      what,
      lenient ? NOT_A_LOG_HINT : ROW_HINT,
    );
}

/** Hands each item's alert to the sink; lenient, an item that cannot be read is listed as unreadable. */
export function readItems(
  items: unknown[],
  file: string,
  prefix: string,
  lenient: boolean,
  sink: LogSink,
  build: (raw: unknown, where: string, row: string) => Parameters<LogSink["alert"]>[0],
): void {
  items.forEach((raw, i) => {
    const row = `${prefix}[${i}]`;
    const where = `${file}: ${row}`;
    try {
      sink.alert(build(raw, where, row));
    } catch (e) {
      if (!lenient || !isOncallError(e)) throw e;
      const id = isJsonObject(raw) ? raw.id : undefined;
      sink.unreadable({ file, where, id: typeof id === "string" ? id : null, message: e.message });
    }
  });
}

/** A string value (a number is read as its text); null when absent or empty. */
export function jsonString(v: unknown, where: string, name: string): string | null {
  if (v === undefined || v === null || v === "") return null;
  if (typeof v === "string") return v;
  if (typeof v === "number") return String(v);
  throw rowError(where, name, `expected a string, found ${describeJson(v)}`);
}

/** true or false (also as text, as spreadsheets write it); null when absent. */
export function jsonBool(v: unknown, where: string, name: string): boolean | null {
  if (typeof v === "boolean") return v;
  if (v === undefined || v === null) return null;
  const b = typeof v === "string" ? parseBool(v) : undefined;
  if (b === undefined) throw rowError(where, name, `expected true or false, found ${describeJson(v)}`);
  return b;
}

/** An ISO-8601 instant with an offset (SPEC §3 "Trust in the time fields"); null when absent. */
export function jsonInstant(v: unknown, where: string, name: string): number | null {
  const text = jsonString(v, where, name);
  if (text === null) return null;
  const t = parseIsoInstant(text);
  if (!t.ok) throw rowError(where, name, t.problem);
  return t.value;
}

/** An array of strings, empty strings dropped; null when absent. */
export function jsonStrings(v: unknown, where: string, name: string): string[] | null {
  if (v === undefined || v === null) return null;
  if (!Array.isArray(v)) throw rowError(where, name, `expected an array, found ${describeJson(v)}`);
  const out: string[] = [];
  v.forEach((x: unknown, i) => {
    if (typeof x !== "string")
      throw rowError(where, `${name}[${i}]`, `expected a string, found ${describeJson(x)}`);
    if (x !== "") out.push(x);
  });
  return out;
}

/** An instant that must not come before the creation: an ack before it is a corrupt record. */
export function notBefore(at: number | null, createdAt: number, where: string, name: string): number | null {
  if (at !== null && at < createdAt)
    throw rowError(
      where,
      name,
      `${new Date(at).toISOString()} is before the alert was created (${new Date(createdAt).toISOString()})`,
    );
  return at;
}

/**
 * An alert's re-fires, which the service de-duplicated into it by alias (`count`): for statistics
 * alone, so a count that is not a whole number above one is no reason to refuse a log.
 */
export function jsonRefires(v: unknown): number | null {
  return typeof v === "number" && Number.isSafeInteger(v) && v > 1 ? v : null;
}
