import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./run";

const root = join(__dirname, "..", "..");
const dir = mkdtempSync(join(tmpdir(), "lead-date-"));
const example = readFileSync(join(root, "examples", "oncall.config.yaml"), "utf8");

function withStart(start: string): string {
  const path = join(dir, `${start.replace(/\W/g, "_")}.yaml`);
  writeFileSync(path, example.replace("start: 2026-01-07", `start: ${start}`));
  return path;
}

describe("a config date: one line per mistake", () => {
  for (const [start, words] of [
    ["2026-01", "expected a date YYYY-MM-DD"],
    ["soon", "expected a date YYYY-MM-DD"],
    ["2026-02-30", "expected a real calendar date YYYY-MM-DD"],
  ] as const) {
    it(`start: ${start} is one problem: "${words}"`, async () => {
      const r = await runCli(["rota", "check", "--config", withStart(start)]);
      expect(r.code, r.stderr).toBe(3);
      const lines = (r.stdout + r.stderr).split("\n").filter((l) => l.includes(".start:"));
      expect(lines, r.stderr).toHaveLength(1);
      expect(lines[0]).toContain(words);
    });
  }
});
