import { escapeJson, jsonString } from "./escape";

/**
 * How a streamed array's elements are written compact: compactJson, or a writer that knows the
 * element's shape and gives the same text faster (a million claimed alerts, SPEC §8).
 */
export type ElementWriter = ((element: never) => string) | null;

/**
 * A JSON document in pieces: the arrays named in `stream` element by element, so a document
 * with a hundred thousand claims is never one string in memory. Joined, the pieces equal
 * JSON.stringify(doc, null, 2) (pretty) or JSON.stringify(doc) (compact), plus a newline, with
 * the characters of escapeJson written as `\uXXXX` (the same JSON value, safe on a terminal).
 */
export function* jsonPieces(
  doc: Record<string, unknown>,
  pretty: boolean,
  stream: Readonly<Record<string, ElementWriter>> = {},
): Generator<string> {
  const keys = Object.keys(doc).filter((k) => doc[k] !== undefined);
  const nl = pretty ? "\n" : "";
  const at = (depth: number) => (pretty ? "  ".repeat(depth) : "");
  const value = (v: unknown, depth: number) =>
    escapeJson(pretty ? JSON.stringify(v, null, 2).replace(/\n/g, `\n${at(depth)}`) : JSON.stringify(v));
  yield `{${nl}`;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const v = doc[k];
    const comma = i < keys.length - 1 ? "," : "";
    const name = `${at(1)}${jsonString(k)}:${pretty ? " " : ""}`;
    if (Object.hasOwn(stream, k) && Array.isArray(v) && v.length > 0) {
      yield `${name}[${nl}`;
      const indent = at(2);
      if (!pretty) {
        yield* compactElements(v, stream[k] ?? anyElement);
        yield `]${comma}`;
        continue;
      }
      for (let j = 0; j < v.length; j++) {
        // The element on its own, as JSON.stringify made it (one flat string): wrapped in a template,
        // it was copied once more to be escaped and once more to be written.
        yield indent;
        yield value(v[j], 2);
        const end = `${j < v.length - 1 ? "," : ""}${nl}`;
        if (end !== "") yield end;
      }
      yield `${at(1)}]${comma}${nl}`;
    } else {
      yield `${name}${value(v, 1)}${comma}${nl}`;
    }
  }
  yield "}\n";
}

const anyElement = (e: unknown) => compactJson(e) ?? "null";

/** Text per compact batch of elements: a block of output, written when it is this long. */
const BATCH_CHARS = 32 * 1024;

/**
 * A long array's elements, compact, comma-separated, a batch at a time. Each is written by its
 * writer as text (JSON.stringify of a million claimed alerts called each one's toJSON, made an
 * object of it and walked it: ~1 s of a million-row run, and most of its garbage).
 */
function* compactElements(v: readonly unknown[], write: (element: never) => string): Generator<string> {
  const w = write as (element: unknown) => string;
  let batch = w(v[0]);
  for (let j = 1; j < v.length; j++) {
    batch += `,${w(v[j])}`;
    if (batch.length >= BATCH_CHARS) {
      yield batch;
      batch = "";
    }
  }
  if (batch !== "") yield batch;
}

/**
 * JSON.stringify(v) with escapeJson's characters escaped, as one string: the same text, made
 * without a walk through V8's serializer (which calls back into each toJSON). `fields` writes
 * the named properties of the top-level object by their own writers. Undefined is undefined.
 */
export function compactJson(
  v: unknown,
  fields?: Readonly<Record<string, (value: never) => string>>,
): string | undefined {
  if (typeof v === "object" && v !== null && typeof (v as { toJSON?: unknown }).toJSON === "function")
    v = (v as { toJSON(): unknown }).toJSON();
  switch (typeof v) {
    case "string":
      return jsonString(v);
    case "number":
      return Number.isFinite(v) ? String(v) : "null";
    case "boolean":
      return v ? "true" : "false";
    case "bigint":
      return JSON.stringify(v); // throws, as JSON.stringify does
    case "object": {
      if (v === null) return "null";
      if (Array.isArray(v)) {
        let s = "[";
        for (let i = 0; i < v.length; i++) s += `${i === 0 ? "" : ","}${compactJson(v[i]) ?? "null"}`;
        return `${s}]`;
      }
      if (v instanceof Number || v instanceof String || v instanceof Boolean) return compactJson(v.valueOf());
      let s = "{";
      for (const k of Object.keys(v)) {
        const x = (v as Record<string, unknown>)[k];
        const own = fields !== undefined && Object.hasOwn(fields, k) ? fields[k]! : undefined;
        const e =
          own !== undefined && x !== undefined ? (own as (value: unknown) => string)(x) : compactJson(x);
        if (e === undefined) continue;
        s += `${s === "{" ? "" : ","}${jsonString(k)}:${e}`;
      }
      return `${s}}`;
    }
    default:
      return undefined;
  }
}

export function jsonText(doc: Record<string, unknown>, pretty: boolean): string {
  return [...jsonPieces(doc, pretty)].join("");
}
