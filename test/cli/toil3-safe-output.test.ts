import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonPieces, jsonText } from "../../src/render/json";
import { runCli } from "./run";

const dir = mkdtempSync(join(tmpdir(), "oncall-toil3-safe-"));
function writeTmp(name: string, text: string) {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

const OSC52 = "\u001b]52;c;ZXZpbA==\u0007";
// Everything a terminal could act on or reorder: C0, DEL, C1, bidi marks and overrides.
const HOSTILE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
// What JSON output must never hold raw (C0 JSON escapes itself): C1, DEL, line and paragraph
// separators, bidi.
const JSON_RAW = /[\u007f-\u009f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

const CONFIG = writeTmp(
  "team.yaml",
  `people:
  - { id: alice, name: "Alice \\e]52;c;ZXZpbA==\\a Adams", email: "alice@example.com" }
toil:
  attribution: acknowledger
`,
);
const ID = "a\u202e1\u001b[2J\u009b";
const MESSAGE = `evil \u202e\u0085\u2028\u2029\u007f${OSC52}`;
const LOG = writeTmp(
  "log.csv",
  [
    "id,created_at,message,priority,tags,teams,acknowledged_by,acknowledged_at,closed_at,woken,worked",
    `${ID},2026-11-03T02:14:00Z,${MESSAGE},P1,,,alice@example.com,,,,`,
    "",
  ].join("\n"),
);
const calc = (flags: string[], tty: boolean) =>
  runCli(["toil", "calc", LOG, "--config", CONFIG, ...flags], { tty });

describe("CSV data output on a terminal escapes control characters and bidi overrides", () => {
  it.each([["csv"], ["breathe"]])(
    "--format %s on a terminal shows \\x1b and \\u202e, never the raw bytes",
    async (format) => {
      const r = await calc(["--format", format], true);
      expect(r.code).toBe(0);
      expect(r.stdout).not.toMatch(HOSTILE);
      expect(r.stdout).toContain("Alice \\x1b]52;c;ZXZpbA==\\x07 Adams");
      expect(r.stdout).toContain("a\\u202e1\\x1b[2J\\x9b");
    },
  );

  it.each([["csv"], ["breathe"]])("--format %s piped keeps the bytes exactly", async (format) => {
    const r = await calc(["--format", format], false);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Alice ${OSC52} Adams`);
    expect(r.stdout).toContain(ID);
  });

  it("toil export --out - --format csv on a terminal is escaped the same way", async () => {
    const r = await runCli(["toil", "export", LOG, "--config", CONFIG, "--out", "-", "--format", "csv"], {
      tty: true,
    });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(HOSTILE);
    expect(r.stdout).toContain("a\\u202e1\\x1b[2J\\x9b");
  });
});

describe("JSON output writes C1, DEL, U+2028/2029 and bidi characters as \\u escapes", () => {
  it.each([
    ["on a terminal", true],
    ["piped", false],
  ])("toil calc --json %s: the same values, no raw characters", async (_label, tty) => {
    const r = await calc(["--json"], tty);
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd()).not.toMatch(JSON_RAW);
    expect(r.stdout.trimEnd()).not.toMatch(HOSTILE);
    expect(r.stdout).toContain("\\u202e");
    expect(r.stdout).toContain("\\u0085");
    const doc = JSON.parse(r.stdout);
    expect(doc.claims[0].alerts[0].message).toBe(MESSAGE);
    expect(doc.claims[0].alerts[0].id).toBe(ID);
    expect(doc.claims[0].name).toBe(`Alice ${OSC52} Adams`);
  });

  it("toil export --out - (JSON) too", async () => {
    const r = await runCli(["toil", "export", LOG, "--config", CONFIG, "--out", "-"]);
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd()).not.toMatch(JSON_RAW);
    expect(JSON.parse(r.stdout).claims[0].alerts[0].message).toBe(MESSAGE);
  });

  it("any text, streamed or not, parses back to itself with none of those characters raw", () => {
    const text = fc.string({ unit: "binary" });
    fc.assert(
      fc.property(fc.dictionary(text, text), fc.array(text), (rest, list) => {
        const doc = { schemaVersion: 1, ...rest, claims: list };
        for (const pretty of [true, false]) {
          const joined = [...jsonPieces(doc, pretty, { claims: null })].join("");
          expect(joined).not.toMatch(JSON_RAW);
          expect(JSON.parse(joined)).toEqual(doc);
        }
      }),
    );
  });

  it("jsonPieces and jsonText escape keys and values, streamed or not, and parse back to the same document", () => {
    const doc = {
      schemaVersion: 1,
      "k\u202e": "v\u2028\u0085\u007f",
      claims: ["\u2066x\u2069", { a: "\u200f" }],
    };
    for (const pretty of [true, false]) {
      for (const text of [[...jsonPieces(doc, pretty, { claims: null })].join(""), jsonText(doc, pretty)]) {
        expect(text).not.toMatch(JSON_RAW);
        expect(JSON.parse(text)).toEqual(doc);
        expect(text).toContain("\\u2028");
        expect(text).toContain("\\u202e");
      }
    }
  });
});
