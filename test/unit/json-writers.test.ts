import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { escapeJson } from "../../src/render/escape";
import { runCli } from "../cli/run";

// toil calc's compact JSON writes claims, their alerts and skipped entries as text field by field
// (render/toil.ts), not through JSON.stringify: held here to the text JSON.stringify gives of the
// same document, and to the values of the pretty output (which JSON.stringify does write).

const dir = mkdtempSync(join(tmpdir(), "oncall-json-writers-"));
const CONFIG = join(dir, "team.yaml");
writeFileSync(
  CONFIG,
  `people:
  - { id: alice, name: "Alice \\u202e Adams", email: "alice@example.com" }
toil:
  attribution: acknowledger
`,
);
const cell = (s: string) => `"${s.replace(/"/g, '""')}"`;
const text = fc.oneof(
  fc.string({ unit: "binary", maxLength: 30 }),
  fc.constantFrom("plain", 'q"uote', "back\\slash", "\u0085\u2028\u202e", "é😀", "\u001b[2J"),
);

describe("compact JSON of toil calc equals JSON.stringify's text of the same document", () => {
  it("claims, claimed alerts and skipped entries, with any id, message and priority", async () => {
    let n = 0;
    let claimed = 0;
    let skipped = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({ id: text, message: text, priority: text, hour: fc.integer({ min: 0, max: 23 }) }),
          {
            minLength: 1,
            maxLength: 6,
          },
        ),
        async (rows) => {
          const log = join(dir, `log-${n++}.csv`);
          const lines = rows.map(
            (r, i) =>
              `${cell(`${i}-${r.id}`)},2026-11-0${3 + (i % 3)}T${String(r.hour).padStart(2, "0")}:1${i}:00Z,${cell(r.message)},${cell(r.priority)},,,alice@example.com,,,,`,
          );
          // the first row again: a duplicate, skipped with a detail naming both rows
          lines.push(lines[0]!);
          writeFileSync(
            log,
            `id,created_at,message,priority,tags,teams,acknowledged_by,acknowledged_at,closed_at,woken,worked\n${lines.join("\n")}\n`,
          );
          const args = ["toil", "calc", log, "--config", CONFIG, "--json", "--lenient"];
          const compact = await runCli(args, { tty: false });
          const pretty = await runCli(args, { tty: true });
          expect(compact.code).toBe(pretty.code);
          if (compact.code !== 0) return;
          const doc = JSON.parse(compact.stdout);
          expect(compact.stdout).toBe(`${escapeJson(JSON.stringify(doc))}\n`);
          expect(doc).toEqual(JSON.parse(pretty.stdout));
          if (doc.claims.length > 0) claimed++;
          if (doc.skipped.length > 0) skipped++;
        },
      ),
      { numRuns: 40 },
    );
    expect(claimed).toBeGreaterThan(10);
    expect(skipped).toBeGreaterThan(10);
  });
});
