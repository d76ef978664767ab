import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { appendLedger, readLedger } from "../../src/adapters/ledger";
import type { LedgerRecord } from "../../src/core/ledger";

const good: LedgerRecord = {
  v: 1,
  at: "2026-12-01T09:00:00.000Z",
  person: "alice",
  claim: "c-0123456789",
  date: "2026-11-03",
  days: 0.5,
  hours: 3.5,
  alerts: ["a1"],
  config: "0123456789ab",
};

function ledgerOf(lines: string[]): string {
  const path = join(mkdtempSync(join(tmpdir(), "atk-ledger-")), "ledger.jsonl");
  writeFileSync(path, lines.map((l) => `${l}\n`).join(""));
  return path;
}

describe("ledger records with impossible values are skipped when read, naming file and line", () => {
  const bad: [string, Record<string, unknown>, string][] = [
    ["31 February", { date: "2026-02-31" }, "date"],
    ["month 13", { date: "2026-13-01" }, "date"],
    ["days 1e308", { days: 1e308 }, "days"],
    ["days past a year", { days: 367 }, "days"],
    ["negative days past a year", { days: -367 }, "days"],
    ["hours past a year's", { hours: 366 * 24 + 1 }, "hours"],
    ["no alerts", { alerts: [] }, "alerts"],
    ["an alert that is not a string", { alerts: [7] }, "alerts"],
    ["a claim id not c- + 10 hex", { claim: "c-xyz" }, "claim"],
    ["a claim id too long", { claim: "c-0123456789a" }, "claim"],
  ];
  for (const [name, change, key] of bad) {
    it(name, () => {
      const path = ledgerOf([JSON.stringify(good), JSON.stringify({ ...good, ...change })]);
      const warnings: string[] = [];
      expect(readLedger(path, (w) => warnings.push(w))).toEqual([good]);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(
        new RegExp(`^${path}:2: not a ledger record \\(${key}(\\.\\d+)?: .+\\), skipped$`),
      );
    });
  }

  it("a negative adjustment, a leap day and a whole year are records", () => {
    const ok = [
      { ...good, days: -0.25, hours: -1.75 },
      { ...good, date: "2028-02-29" },
      { ...good, days: 366, hours: 366 * 24 },
    ];
    const warnings: string[] = [];
    expect(readLedger(ledgerOf(ok.map((r) => JSON.stringify(r))), (w) => warnings.push(w))).toEqual(ok);
    expect(warnings).toEqual([]);
  });
});

describe("the ledger writer never writes a record it would not read back", () => {
  for (const [name, change] of [
    ["days Infinity", { days: Number.POSITIVE_INFINITY }],
    ["hours NaN", { hours: Number.NaN }],
    ["an impossible date", { date: "2026-02-31" }],
  ] as const) {
    it(`${name}: throws, nothing written`, () => {
      const path = join(mkdtempSync(join(tmpdir(), "atk-ledger-")), "ledger.jsonl");
      expect(() => appendLedger(path, [good, { ...good, ...change } as LedgerRecord])).toThrow(
        /not a ledger record/,
      );
      expect(existsSync(path) ? readFileSync(path, "utf8") : "").toBe("");
    });
  }
});
