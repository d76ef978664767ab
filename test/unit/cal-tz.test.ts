import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { processOffsets } from "../../src/runtime/tz";

const root = join(__dirname, "..", "..");
const startTZ = process.env.TZ;
afterEach(() => {
  if (startTZ === undefined) delete process.env.TZ;
  else process.env.TZ = startTZ;
});

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

describe("the process's time zone is process-wide state, set in one place", () => {
  it("only src/runtime/tz.ts writes TZ, and src/core never reads the environment", () => {
    const writers: string[] = [];
    const impure: string[] = [];
    for (const file of sources(join(root, "src"))) {
      const text = readFileSync(file, "utf8");
      const name = relative(root, file);
      if (/\bTZ\s*=(?!=)|\[["']TZ["']\]\s*=(?!=)|delete\s+process\.env\.TZ/.test(text)) writers.push(name);
      if (name.startsWith(join("src", "core")) && /\bprocess\.(env|argv|stdout|stderr|exit)\b/.test(text))
        impure.push(name);
    }
    expect(writers).toEqual([join("src", "runtime", "tz.ts")]);
    expect(impure).toEqual([]);
  });

  it("processOffsets answers in the zone it was given, whatever the TZ before", () => {
    process.env.TZ = "Asia/Tokyo";
    const offsets = processOffsets("Europe/London");
    expect([offsets(Date.UTC(2026, 0, 15)), offsets(Date.UTC(2026, 6, 15))]).toEqual([0, 60]);
  });
});
