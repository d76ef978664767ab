import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ToilResult } from "../../src/core/toil";
import { runCli } from "./run";

const root = join(__dirname, "..", "..");
const HAND_MADE = join(root, "examples", "hand-made.csv");
const ACK_CONFIG = join(root, "examples", "acknowledger.config.yaml");
const dir = mkdtempSync(join(tmpdir(), "oncall-policy-"));

function writeTmp(name: string, text: string) {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

const ONCALL_HEADER =
  "id,created_at,message,priority,tags,teams,acknowledged_by,acknowledged_at,closed_at,woken,worked";
const handMade = (flags: string[]) => runCli(["toil", "calc", HAND_MADE, "--config", ACK_CONFIG, ...flags]);

describe("--worked and the worked column: at most 24 hours (SPEC §4.6)", () => {
  it("--worked X=90 is a usage error suggesting 90m", async () => {
    const r = await handMade(["--worked", "night-1=90"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/--worked night-1=90: .*90 hours/);
    expect(r.stderr).toMatch(/--worked night-1=90m/);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it("--worked over 24 hours is a usage error", async () => {
    const r = await handMade(["--worked", "night-1=25h"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--worked night-1=25h: .*more than 24 hours/);
  });

  it("--worked of exactly 24 hours, or a bare 24, is accepted", async () => {
    for (const text of ["night-1=24h", "night-1=24"]) {
      const r = await handMade(["--json", "--worked", text]);
      expect(r.code).toBe(0);
      const doc = JSON.parse(r.stdout) as ToilResult;
      expect(doc.claims.find((c) => c.alerts[0]!.id === "night-1")!.workedMinutes).toBe(1440);
    }
  });

  it.each([
    ["25h", /more than 24 hours/],
    ["90", /90 hours/],
  ])("a worked column of %s is an input error naming the file and line", async (worked, problem) => {
    const log = writeTmp(
      `worked-${worked}.csv`,
      `${ONCALL_HEADER}\nok,2026-11-03T02:14:00Z,Site down,P1,,,alice@example.com,,,,1h\nlong,2026-11-04T02:14:00Z,Site down,P1,,,alice@example.com,,,,${worked}\n`,
    );
    const r = await runCli(["toil", "calc", log, "--config", ACK_CONFIG]);
    expect(r.code).toBe(4);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(new RegExp(`${log.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:3: worked: `));
    expect(r.stderr).toMatch(problem);
  });

  it("a day's work on many windows is counted at once", async () => {
    // 200 alerts, one every 61 minutes from Saturday 02:00, each said to have taken 24 hours
    const rows: string[] = [];
    const start = Date.parse("2026-11-07T02:00:00Z");
    for (let i = 0; i < 200; i++) {
      const t = new Date(start + i * 61 * 60_000).toISOString();
      rows.push(`a${i},${t},Site down,P1,,,alice@example.com,,,,24h`);
    }
    const log = writeTmp("many.csv", `${ONCALL_HEADER}\n${rows.join("\n")}\n`);
    const r = await runCli(["toil", "calc", log, "--config", ACK_CONFIG, "--json"]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as ToilResult;
    // the first window's extra is Saturday 03:00 to Sunday 02:00, all out of hours
    expect(doc.claims[0]!.extraMinutes).toBe(23 * 60);
    // the second's only adds the 61 minutes past the first's end
    expect(doc.claims[1]!.extraMinutes).toBe(61);
  });
});

describe("the current Opsgenie CSV: Status and UpdatedAt (SPEC §3)", () => {
  const ROTA = writeTmp(
    "rota.yaml",
    `people:
  - { id: alice, name: Alice Adams, email: alice@example.com }
  - { id: bob, name: Bob Brown, email: bob@example.com }
  - { id: dave, name: Dave Davies, email: dave@example.com }
  - { id: erin, name: Erin Evans, email: erin@example.com }
rota:
  lines:
    - { id: first-line, start: 2026-01-07, members: [alice, bob] }
    - { id: second-line, start: 2026-01-07, members: [dave, erin] }
`,
  );
  const HEADER =
    "Alert ID,Alias,TinyID,Message,Status,IsSeen,Acknowledged,Snoozed,CreatedAt,CreatedAtDate,UpdatedAt,UpdatedAtDate,Count,Owner,Teams";
  const row = (id: string, local: string, status: string, updatedAfterMinutes: number) => {
    const created = Date.parse(local);
    const updated = created + updatedAfterMinutes * 60_000;
    return `${id},,${id},Site down,${status},true,false,false,${created},,${updated},,1,alice@example.com,Platform`;
  };

  it("an alert closed within afterMinutes, never acknowledged, was not escalated", async () => {
    const log = writeTmp(
      "current.csv",
      [
        HEADER,
        row("7001", "2026-11-07T02:00:00Z", "closed", 3), // closed before anyone was paged
        row("7002", "2026-11-08T02:00:00Z", "closed", 40), // closed later: escalated
        row("7003", "2026-11-09T02:00:00Z", "open", 1), // still open: escalated
      ].join("\n"),
    );
    const r = await runCli(["toil", "calc", log, "--config", ROTA, "--json"]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as ToilResult;
    const credited = (id: string) =>
      doc.claims
        .filter((c) => c.alerts.some((a) => a.id === id))
        .map((c) => c.alerts[0]!.via)
        .sort();
    expect(credited("7001")).toEqual(["first-line"]);
    expect(credited("7002")).toEqual(["first-line", "second-line"]);
    expect(credited("7003")).toEqual(["first-line", "second-line"]);
    expect(r.stderr).toMatch(/second-line credit is approximate/);
  });

  it("a spreadsheet-rounded UpdatedAt is not trusted: UpdatedAtDate decides, else the alert counts as escalated", async () => {
    // Created 02:52:20 and closed at 03:32:20 (escalated at 02:57:20); a spreadsheet writes that
    // UpdatedAt as 1.79402E+12, which reads as 02:53:20: "closed before anyone was paged".
    const log = writeTmp(
      "rounded-updated.csv",
      [
        HEADER,
        "8001,,8001,Site down,closed,true,false,false,1794019940000,,1.79402E+12,,1,alice@example.com,Platform",
        // the same a day later, with UpdatedAtDate kept: it says 03:32:20, so escalated
        "8002,,8002,Site down,closed,true,false,false,1794106340000,,1.79411E+12,2026/11/08 03:32:20.000+0000,1,alice@example.com,Platform",
        // a rounded UpdatedAt, and UpdatedAtDate says closed at 02:55:00: not escalated
        "8003,,8003,Site down,closed,true,false,false,1794192740000,,1.79419E+12,2026/11/09 02:55:00.000+0000,1,alice@example.com,Platform",
      ].join("\n"),
    );
    const r = await runCli(["toil", "calc", log, "--config", ROTA, "--json"]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as ToilResult;
    const credited = (id: string) =>
      doc.claims
        .filter((c) => c.alerts.some((a) => a.id === id))
        .map((c) => c.alerts[0]!.via)
        .sort();
    expect(credited("8001")).toEqual(["first-line", "second-line"]);
    expect(credited("8002")).toEqual(["first-line", "second-line"]);
    expect(credited("8003")).toEqual(["first-line"]);
  });

  it("a log with ack times and an alert never acknowledged: no warning that credit is approximate", async () => {
    const log = writeTmp(
      "acks.csv",
      `${ONCALL_HEADER}\nq1,2026-11-07T02:00:00Z,Site down,P1,,,,,,,\nq2,2026-11-08T02:00:00Z,Site down,P1,,,bob@example.com,2026-11-08T02:01:00Z,,,\n`,
    );
    const r = await runCli(["toil", "calc", log, "--config", ROTA, "--json"]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as ToilResult;
    expect(doc.claims.filter((c) => c.alerts[0]!.id === "q1").map((c) => c.alerts[0]!.via)).toEqual([
      "first-line",
      "second-line",
    ]);
    expect(r.stderr).not.toMatch(/approximate/);
  });
});

describe("BreatheHR notes name the bank holiday that made an alert out of hours", () => {
  it("--format breathe: 'on Boxing Day (substitute day, bank holiday)', 'on Christmas Day (bank holiday)'", async () => {
    const log = writeTmp(
      "holidays.csv",
      `${ONCALL_HEADER}
h1,2026-12-25T12:00:00Z,Site down,P1,,,alice@example.com,,,,
h2,2026-12-28T11:00:00Z,Site down,P1,,,alice@example.com,,,,
h3,2026-12-28T23:30:00Z,Site down,P1,,,alice@example.com,,,,
`,
    );
    const r = await runCli(["toil", "calc", log, "--config", ACK_CONFIG, "--format", "breathe"]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines[1]).toBe(
      'Alice Adams,alice@example.com,2026-12-25,0.25,1:45,"c-0126b85a42 · alert h1 12:00, acknowledged it · on Christmas Day (bank holiday) · awake (assumed: 12:00 is outside sleep hours) · time worked not given"',
    );
    expect(lines[2]).toContain(
      "alert h2 11:00, acknowledged it · on Boxing Day (substitute day, bank holiday) · awake",
    );
    expect(lines[3]).toContain("alert h3 23:30, acknowledged it · woken"); // night: out of hours anyway
  });
});
