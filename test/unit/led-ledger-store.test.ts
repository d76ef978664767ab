import { appendFileSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { appendLedger, ledgerPath, readLedger } from "../../src/adapters/ledger";
import type { LedgerRecord } from "../../src/core/ledger";
import { appendFromTwoProcesses } from "../support/append-race";

const _root = join(__dirname, "..", "..");
const fresh = () => mkdtempSync(join(tmpdir(), "oncall-led-store-"));
const rec = (over: Partial<LedgerRecord> = {}): LedgerRecord => ({
  v: 1,
  at: "2026-12-01T09:00:00.000Z",
  person: "alice",
  claim: "c-5f1e0a9b3c",
  date: "2026-11-03",
  days: 0.5,
  hours: 3.5,
  alerts: ["A"],
  config: "abc123abc123",
  ...over,
});
function read(path: string) {
  const warnings: string[] = [];
  return { records: readLedger(path, (w) => warnings.push(w)), warnings };
}

describe("the ledger store: the journal's JSON Lines store (adapters/jsonl)", () => {
  it("lives beside the journal; round-trips records in a 0600 file", () => {
    expect(ledgerPath({ ONCALL_DATA_DIR: "/d" })).toBe("/d/ledger.jsonl");
    const path = join(fresh(), "data", "ledger.jsonl");
    expect(read(path)).toEqual({ records: [], warnings: [] });
    appendLedger(path, [rec(), rec({ claim: "c-0000000001", undo: true })]);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(read(path)).toEqual({
      records: [rec(), rec({ claim: "c-0000000001", undo: true })],
      warnings: [],
    });
  });

  it("a torn line is skipped with a warning and the next append starts a fresh line; a non-record names itself", () => {
    const path = join(fresh(), "ledger.jsonl");
    writeFileSync(path, `${JSON.stringify({ v: 1, claim: "c-1" })}\n`);
    appendFileSync(path, '{"v":1,"at":"2026-');
    appendLedger(path, [rec()]);
    expect(readFileSync(path, "utf8").endsWith(`${JSON.stringify(rec())}\n`)).toBe(true);
    const { records, warnings } = read(path);
    expect(records).toEqual([rec()]);
    expect(warnings).toEqual([
      expect.stringMatching(new RegExp(`^${path}:1: not a ledger record \\(.*\\), skipped$`)),
      `${path}:2: unreadable line skipped (a torn write?)`,
    ]);
  });

  it("two processes appending at once both land whole", async () => {
    const dir = fresh();
    const path = join(dir, "ledger.jsonl");
    const N = 150;
    const codes = await appendFromTwoProcesses({
      dir,
      path,
      module: "src/adapters/ledger.ts",
      append: "appendLedger",
      record: `{ v: 1, at: new Date().toISOString(), person: who, claim: "c-" + String(i).padStart(10, "0"),
    date: "2026-11-03", days: 0.5, hours: 3.5, alerts: Array.from({ length: 20 }, (_, j) => "alert-" + j), config: "x" }`,
      n: N,
    });
    expect(codes).toEqual([0, 0]);
    const { records, warnings } = read(path);
    expect(warnings).toEqual([]);
    for (const who of ["alice", "bob"]) expect(records.filter((r) => r.person === who)).toHaveLength(N);
  }, 30_000);
});
