import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { COMMANDS } from "../../src/commands/registry";

const root = join(__dirname, "..", "..");
const DOC = readFileSync(join(root, "docs", "commands.md"), "utf8");

/** The rows of docs/commands.md's "Every command" table: the command, and the page its link names. */
function rows(): { name: string; page: string }[] {
  const section = DOC.split(/^## /m).find((s) => s.startsWith("Every command"));
  if (section === undefined) return [];
  return [...section.matchAll(/^\| `oncall ([a-z ]+)` +\|.*\]\(([a-z-]+\.md)[^)]*\) *\|$/gm)].map((m) => ({
    name: m[1]!,
    page: m[2]!,
  }));
}

describe("docs/commands.md lists every command of the registry, and nothing else", () => {
  it("one row per command, in the registry's order", () => {
    expect(rows().map((r) => r.name)).toEqual(COMMANDS.map((c) => c.name));
  });

  it("each row links a page that names the command", () => {
    for (const { name, page } of rows()) {
      const path = join(root, "docs", page);
      expect(existsSync(path), page).toBe(true);
      expect(readFileSync(path, "utf8"), `${page} names oncall ${name}`).toContain(`oncall ${name}`);
    }
  });
});
