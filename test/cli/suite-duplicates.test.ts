import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ToilResult } from "../../src/core/toil";
import { runCli } from "./run";

const dir = mkdtempSync(join(tmpdir(), "oncall-suite-dup-"));
function writeTmp(name: string, text: string) {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

// alice on first line the week from Wed 28 Oct, bob the week from Wed 4 Nov
const ROTA = writeTmp(
  "rota.yaml",
  `people:
  - { id: alice, name: Alice Adams, email: alice@example.com }
  - { id: bob, name: Bob Brown, email: bob@example.com }
rota:
  handover: { day: wed, time: "10:00" }
  lines:
    - { id: first-line, name: First line, start: 2026-01-07, members: [alice, bob] }
`,
);

const HEADER = "Alert ID,Alias,TinyID,Message,CreatedAt,Owner\n";
const MON_2AM = Date.UTC(2026, 10, 2, 3); // Mon 2 Nov 03:00: alice's week
const TUE_2AM = Date.UTC(2026, 10, 3, 2); // Tue 3 Nov 02:00: alice's week
const THU_2AM = Date.UTC(2026, 10, 5, 2); // Thu 5 Nov 02:00: bob's week

type Doc = ToilResult & { schemaVersion: 1 };
async function calc(logs: string[], flags: string[] = []): Promise<Doc> {
  const r = await runCli(["toil", "calc", ...logs, "--config", ROTA, "--json", ...flags]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Doc;
}

/** alice's claims from a run over everyone, and from a run with --person alice: they must agree. */
async function aliceBothWays(logs: string[]) {
  const all = await calc(logs);
  const mine = await calc(logs, ["--person", "alice"]);
  return { all, mine, everyone: all.claims.filter((c) => c.person === "alice"), alice: mine.claims };
}

describe("the same alert twice with different times: the first copy wins, with or without --person", () => {
  it("two files: the first file's copy (bob's week) wins; --person alice credits her no copy of it", async () => {
    const a = writeTmp(
      "first.csv",
      `${HEADER}x,x-alias,7,Disk full,${THU_2AM},\ny,y-alias,8,Site down,${MON_2AM},\n`,
    );
    const b = writeTmp("later.csv", `${HEADER}x,x-alias,7,Disk full,${TUE_2AM},\n`);
    const { all, mine, everyone, alice } = await aliceBothWays([a, b]);
    expect(all.claims.map((c) => [c.person, c.alerts.map((x) => x.id)])).toEqual([
      ["alice", ["y"]],
      ["bob", ["x"]],
    ]);
    expect(alice).toEqual(everyone);
    expect(all.skipped).toEqual([expect.objectContaining({ id: "x", reason: "duplicate" })]);
    // with --person, both copies of bob's alert are his: counted only (SPEC §5)
    expect(mine.skipped).toEqual([]);
    expect(mine.skippedCounts["other-person"]).toBe(2);
  });

  it("one file holding both copies: the same", async () => {
    const one = writeTmp(
      "both.csv",
      `${HEADER}x,x-alias,7,Disk full,${THU_2AM},\ny,y-alias,8,Site down,${MON_2AM},\nx,x-alias,7,Disk full,${TUE_2AM},\n`,
    );
    const { all, mine, everyone, alice } = await aliceBothWays([one]);
    expect(everyone.map((c) => c.alerts.map((x) => x.id))).toEqual([["y"]]);
    expect(alice).toEqual(everyone);
    expect(mine.skippedCounts.duplicate).toBe(0);
    expect(mine.skippedCounts["other-person"]).toBe(2);
    expect(all.skippedCounts.duplicate).toBe(1);
  });

  it("the other way round: alice's copy first, bob's later: hers in both runs", async () => {
    const a = writeTmp("alice-first.csv", `${HEADER}x,x-alias,7,Disk full,${TUE_2AM},\n`);
    const b = writeTmp("bob-later.csv", `${HEADER}x,x-alias,7,Disk full,${THU_2AM},\n`);
    const { everyone, alice } = await aliceBothWays([a, b]);
    expect(everyone.map((c) => c.alerts.map((x) => x.id))).toEqual([["x"]]);
    expect(alice).toEqual(everyone);
  });
});

describe("merged exports whose copies conflict warn once per field and pair of files", () => {
  const rows = (n: number, row: (i: number) => string) =>
    Array.from({ length: n }, (_, i) => row(i)).join("\n");
  const at = (i: number) => Date.UTC(2026, 10, 2, 20) + i * 3_600_000;

  it("50 alerts in both files, differing in message (all) and owner (30): two warnings, with counts", async () => {
    const a = writeTmp(
      "october.csv",
      `${HEADER}${rows(50, (i) => `id-${i},,${100 + i},Disk full on web-${i},${at(i)},alice@example.com`)}\n`,
    );
    const b = writeTmp(
      "october-again.csv",
      `${HEADER}${rows(50, (i) => `id-${i},,${100 + i},DISK FULL on web-${i},${at(i)},${i < 30 ? "bob" : "alice"}@example.com`)}\n`,
    );
    // c repeats five of a's alerts with another message, and two of its own rows
    const c = writeTmp(
      "november.csv",
      `${HEADER}${rows(5, (i) => `id-${i + 10},,${110 + i},Disk nearly full,${at(i + 10)},`)}\n` +
        `n-1,,900,Site down,${at(60)},\nn-1,,900,Site up,${at(60)},\n`,
    );
    const r = await runCli(["toil", "calc", a, b, c, "--config", ROTA, "--json"]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as Doc;
    expect(doc.skippedCounts.duplicate).toBe(56);
    // the first file's values are kept
    expect(doc.claims.flatMap((cl) => cl.alerts).find((x) => x.id === "id-12")?.message).toBe(
      "Disk full on web-12",
    );
    const conflicts = r.stderr.split("\n").filter((l) => l.includes("conflicting values"));
    expect(conflicts).toEqual([
      `warning: conflicting values for message in 50 alerts found in both ${a} and ${b} (the first: alert 100); kept ${a}'s`,
      `warning: conflicting values for owner in 30 alerts found in both ${a} and ${b} (the first: alert 100); kept ${a}'s`,
      `warning: conflicting values for message in 5 alerts found in both ${a} and ${c} (the first: alert 110); kept ${a}'s`,
      `warning: conflicting values for message in 1 alert repeated within ${c} (the first: alert 900); kept the first copy's`,
    ]);
  });
});
