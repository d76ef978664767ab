import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const CORE = join(__dirname, "..", "..", "src", "core");

/** The code of a file without its comments: what it can print. */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|\s)\/\/.*$/gm, "$1");
}

describe("core words no flag: warnings and errors carry data, the commands name their flags", () => {
  it("no string in src/core names a --flag", () => {
    const found: string[] = [];
    for (const f of readdirSync(CORE).filter((n) => n.endsWith(".ts"))) {
      for (const m of code(readFileSync(join(CORE, f), "utf8")).matchAll(
        /(["'`])[^"'`\n]*?--[a-z][^"'`\n]*?\1/g,
      ))
        found.push(`${f}: ${m[0]}`);
    }
    expect(found).toEqual([]);
  });
});
