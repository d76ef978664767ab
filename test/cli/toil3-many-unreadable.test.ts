import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Paint } from "../../src/render/style";
import { pipedTable } from "../../src/render/table";
import { toilTable } from "../../src/render/toil-table";
import { calc, london } from "../helpers";
import { runCli } from "./run";

const root = join(__dirname, "..", "..");
const EXAMPLE = join(root, "examples", "alert-export-result_2026-10.csv");
const CONFIG = join(root, "examples", "oncall.config.yaml");
// More rows than a function call takes arguments: a spread of them throws a RangeError.
const ROWS = 200_000;

describe("a log of many unreadable rows with --lenient", () => {
  it("reads to the end, lists every row in skipped, and warns about the first 20 only", async () => {
    const header = readFileSync(EXAMPLE, "utf8").split("\n")[0]!;
    const stdin = `${header}\n${",,,,,,,,,,,,,,\n".repeat(ROWS)}`;
    const r = await runCli(["toil", "calc", "-", "--config", CONFIG, "--lenient", "--json"], { stdin });
    expect(r.stderr).not.toMatch(/^error/m);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.skipped).toHaveLength(ROWS);
    expect(doc.skippedCounts.unreadable).toBe(ROWS);
    const warnings = r.stderr.trimEnd().split("\n");
    expect(warnings.filter((w) => w.startsWith("warning: unreadable:"))).toHaveLength(20);
    expect(r.stderr).toContain(`and ${ROWS - 20} more unreadable rows`);
    expect(warnings.length).toBeLessThan(30);
    expect(doc.warnings.length).toBeLessThan(30);
  });

  it("the --verbose table lists a skipped list of that size", () => {
    const base = calc([]);
    const skipped = Array.from({ length: ROWS }, (_, i) => ({
      alert: `-:${i + 2}`,
      id: "",
      reason: "unreadable" as const,
      detail: "no CreatedAt",
    }));
    const result = { ...base, skipped, skippedCounts: { ...base.skippedCounts, unreadable: ROWS } };
    const same = (t: string) => t;
    const paint: Paint = {
      bold: same,
      dim: same,
      yellow: same,
      cyan: same,
      gray: same,
      red: same,
      green: same,
    };
    const { out, err } = toilTable(
      result,
      london,
      { c: paint, table: pipedTable, piped: true, width: Number.POSITIVE_INFINITY },
      { verbose: true },
    );
    const text = out + err;
    expect(text.split("\n").filter((l) => l.includes("no CreatedAt"))).toHaveLength(ROWS);
  });
});
