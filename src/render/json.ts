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
      for (let j = 0; j < v.length; j++) {
        // The element on its own, as JSON.stringify made it (one flat string): wrapped in a template,
        // it was copied once more to be escaped and once more to be written.
        if (pretty) yield indent;
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

export function jsonText(doc: Record<string, unknown>, pretty: boolean): string {
  return [...jsonPieces(doc, pretty)].join("");
}
