import { escapeJson } from "./escape";

/**
 * A JSON document in pieces: the arrays named in `stream` element by element, so a document
 * with a hundred thousand claims is never one string in memory. Joined, the pieces equal
 * JSON.stringify(doc, null, 2) (pretty) or JSON.stringify(doc) (compact), plus a newline, with
 * the characters of escapeJson written as `\uXXXX` (the same JSON value, safe on a terminal).
 */
export function* jsonPieces(
  doc: Record<string, unknown>,
  pretty: boolean,
  stream: readonly string[] = [],
): Generator<string> {
  for (const piece of rawPieces(doc, pretty, stream)) yield escapeJson(piece);
}

function* rawPieces(
  doc: Record<string, unknown>,
  pretty: boolean,
  stream: readonly string[] = [],
): Generator<string> {
  const keys = Object.keys(doc).filter((k) => doc[k] !== undefined);
  const nl = pretty ? "\n" : "";
  const at = (depth: number) => (pretty ? "  ".repeat(depth) : "");
  const value = (v: unknown, depth: number) =>
    pretty ? JSON.stringify(v, null, 2).replace(/\n/g, `\n${at(depth)}`) : JSON.stringify(v);
  yield `{${nl}`;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const v = doc[k];
    const comma = i < keys.length - 1 ? "," : "";
    const name = `${at(1)}${JSON.stringify(k)}:${pretty ? " " : ""}`;
    if (stream.includes(k) && Array.isArray(v) && v.length > 0) {
      yield `${name}[${nl}`;
      const indent = at(2);
      if (!pretty) {
        yield* compactElements(v);
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

/** Text per compact batch of elements: well under the 128 KB past which V8 makes a string in the old generation. */
const BATCH_CHARS = 32 * 1024;

/**
 * A long array's elements, compact, comma-separated, a batch at a time: one JSON.stringify (and
 * one escape) per element cost a call each for a quarter of a million skipped entries. The first
 * element alone sets how many make a batch.
 */
function* compactElements(v: readonly unknown[]): Generator<string> {
  const first = JSON.stringify(v[0]);
  yield first;
  const batch = Math.max(1, Math.min(256, Math.floor(BATCH_CHARS / Math.max(first.length, 1))));
  for (let j = 1; j < v.length; j += batch) {
    // The batch's brackets cut off by a slice, not a copy; the comma its own piece for the same reason.
    yield ",";
    yield JSON.stringify(v.slice(j, j + batch)).slice(1, -1);
  }
}

export function jsonText(doc: Record<string, unknown>, pretty: boolean): string {
  return [...jsonPieces(doc, pretty)].join("");
}
