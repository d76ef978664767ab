/**
 * Text from logs, configs and remote services can carry terminal escape sequences (an OSC 52
 * clipboard write, a screen clear) and bidirectional overrides that make a line read differently
 * from what it holds (SPEC §1, §8 "Safe output"). Before such text reaches a terminal, each of
 * those characters is shown as a visible escape instead: `\x1b`, `\u202e`, `\n`.
 */

// The bidi marks, embeddings, overrides and isolates.
const BIDI = "\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069";
// C0, DEL, C1 and the bidi characters.
const UNSAFE = new RegExp(`[\\u0000-\\u001f\\u007f-\\u009f${BIDI}]`);
const UNSAFE_ALL = new RegExp(UNSAFE.source, "g");
// In JSON, the same set less C0 (JSON.stringify escapes that itself), plus the line and
// paragraph separators, which JavaScript before ES2019 and some viewers take as line breaks.
const JSON_UNSAFE = new RegExp(`[\\u007f-\\u009f\\u2028\\u2029${BIDI}]`);
const JSON_UNSAFE_ALL = new RegExp(JSON_UNSAFE.source, "g");

const NAMED: Record<string, string> = { "\t": "\\t", "\n": "\\n", "\r": "\\r" };

function visible(ch: string): string {
  const named = NAMED[ch];
  if (named) return named;
  const code = ch.charCodeAt(0);
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, "0")}`
    : `\\u${code.toString(16).padStart(4, "0")}`;
}

/** One line of text with every control character and bidi override escaped, line breaks too. */
export function escapeText(s: string): string {
  return UNSAFE.test(s) ? s.replace(UNSAFE_ALL, visible) : s;
}

/** Text made of lines: the line breaks stay, everything else is escaped as in escapeText. */
export function escapeLines(s: string): string {
  return UNSAFE.test(s) ? s.split("\n").map(escapeText).join("\n") : s;
}

const jsonEscape = (ch: string) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`;

/**
 * JSON text with C1 controls, DEL, U+2028/2029 and the bidi characters written as `\uXXXX`: the
 * same JSON value, safe to print on a terminal or paste into a script. Only valid on text that
 * is already JSON: those characters can only occur inside its strings.
 */
export function escapeJson(json: string): string {
  return JSON_UNSAFE.test(json) ? json.replace(JSON_UNSAFE_ALL, jsonEscape) : json;
}

// A string JSON.stringify writes as it is between its quotes, and escapeJson leaves alone: no C0,
// quote or backslash, none of escapeJson's characters, no surrogate (a lone one is escaped).
const JSON_PLAIN = new RegExp(
  `^[^\\u0000-\\u001f"\\\\\\u007f-\\u009f\\u2028\\u2029${BIDI}\\ud800-\\udfff]*$`,
);

/** A string as JSON, escaped as escapeJson does: escapeJson(JSON.stringify(s)), most often without either. */
export function jsonString(s: string): string {
  return JSON_PLAIN.test(s) ? `"${s}"` : escapeJson(JSON.stringify(s));
}
