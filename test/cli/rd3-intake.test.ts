import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ToilResult } from "../../src/core/toil";
import { runCli } from "./run";

const dir = mkdtempSync(join(tmpdir(), "oncall-rd3-cli-"));
function writeTmp(name: string, text: string) {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}
const EXPORT = join(__dirname, "..", "..", "examples", "alert-export-result_2026-10.csv");
const CONFIG = join(__dirname, "..", "..", "examples", "oncall.config.yaml");

const ACK_CONFIG = writeTmp(
  "ack.yaml",
  `people:
  - { id: alice, name: Alice Adams, email: alice@example.com }
  - { id: bob, name: Bob Brown, email: bob@example.com }
  - { id: dave, name: Dave Davies, email: dave@example.com }
toil:
  attribution: acknowledger
`,
);
const TEAMS_CONFIG = writeTmp(
  "teams.yaml",
  `people:
  - { id: dave, name: Dave Davies, email: dave@example.com }
toil:
  attribution: acknowledger
  teams: [Platform]
`,
);
const OWNER_CONFIG = writeTmp(
  "owner.yaml",
  `people:
  - { id: alice, name: Alice Adams, email: alice@example.com }
  - { id: bob, name: Bob Brown, email: bob@example.com }
toil:
  attribution: owner
`,
);

describe("rd3: CR-only line endings", () => {
  it("toil calc claims the same from a CR-only export as from the LF one", async () => {
    const lf = await runCli(["toil", "calc", EXPORT, "--config", CONFIG, "--json"]);
    const cr = writeTmp("cr.csv", readFileSync(EXPORT, "utf8").replace(/\n/g, "\r"));
    const got = await runCli(["toil", "calc", cr, "--config", CONFIG, "--json"]);
    expect(got.code).toBe(0);
    const a = JSON.parse(lf.stdout) as ToilResult;
    const b = JSON.parse(got.stdout) as ToilResult;
    expect(b.claims.length).toBeGreaterThan(0);
    expect(b.claims).toEqual(a.claims);
  });
});

describe("rd3: acknowledged before created", () => {
  it("is exit 4, not a claim moved to the acknowledgement", async () => {
    const p = writeTmp(
      "ack-before.csv",
      "id,created_at,message,priority,tags,teams,acknowledged_by,acknowledged_at,closed_at,woken,worked\nA,2026-11-03T02:14:00Z,m,P1,,,dave@example.com,2026-11-02T12:00:00Z,,,\n",
    );
    const r = await runCli(["toil", "calc", p, "--config", ACK_CONFIG, "--json"]);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(`${p}:2: acknowledged_at`);
    const l = await runCli(["toil", "calc", p, "--config", ACK_CONFIG, "--json", "--lenient"]);
    expect(l.code).toBe(0);
    expect((JSON.parse(l.stdout) as ToilResult).skippedCounts.unreadable).toBe(1);
  });
});

describe("rd3: what a JSON log lacks", () => {
  it("a teams filter over API JSON without teams is exit 4 naming the field", async () => {
    const p = writeTmp(
      "noteams.json",
      JSON.stringify({
        data: [
          {
            id: "x",
            createdAt: "2026-11-03T02:14:00Z",
            acknowledged: true,
            report: { acknowledgedBy: "dave@example.com", ackTime: 60000 },
          },
        ],
      }),
    );
    const r = await runCli(["toil", "calc", p, "--config", TEAMS_CONFIG, "--json"]);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/team/);
    expect(r.stderr).toContain(p);
    expect(r.stderr).toContain("has no such field on any alert");
    expect(r.stderr).not.toMatch(/re-export the CSV/);
  });
  it("acknowledger attribution over API JSON with no report anywhere is exit 4", async () => {
    const p = writeTmp("noreport.json", JSON.stringify([{ id: "x", createdAt: "2026-11-03T02:14:00Z" }]));
    const r = await runCli(["toil", "calc", p, "--config", ACK_CONFIG, "--json"]);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/acknowledge/);
  });
});

describe("rd3: duplicates under --person", () => {
  const header = "Alert ID,Alias,TinyID,Message,CreatedAt,Owner\n";
  const row = (id: string, owner: string) =>
    `${id},,${id.slice(-2)},m,${Date.UTC(2026, 10, 3, 2)},${owner}\n`;
  it("a duplicate of someone else's alert counts as other-person, its id unshown", async () => {
    const p = writeTmp(
      "dups.csv",
      header +
        row("bob-alert-0001", "bob@example.com").repeat(3) +
        row("alice-alert-01", "alice@example.com").repeat(2),
    );
    const r = await runCli(["toil", "calc", p, "--config", OWNER_CONFIG, "--person", "alice", "--json"]);
    expect(r.code).toBe(0);
    const res = JSON.parse(r.stdout) as ToilResult;
    expect(r.stdout).not.toContain("bob-alert-0001");
    expect(res.skippedCounts["other-person"]).toBe(3);
    expect(res.skippedCounts.duplicate).toBe(1);
    expect(res.skipped.filter((s) => s.reason === "duplicate").map((s) => s.id)).toEqual(["alice-alert-01"]);
  });
  it("the same holds in an oncall CSV", async () => {
    const h = "id,created_at,message,owner\n";
    const p = writeTmp(
      "dups-oncall.csv",
      `${h}${"B,2026-11-03T02:14:00Z,m,bob@example.com\n".repeat(3)}${"A,2026-11-03T02:14:00Z,m,alice@example.com\n".repeat(2)}`,
    );
    const r = await runCli(["toil", "calc", p, "--config", OWNER_CONFIG, "--person", "alice", "--json"]);
    expect(r.code).toBe(0);
    const res = JSON.parse(r.stdout) as ToilResult;
    expect(res.skippedCounts["other-person"]).toBe(3);
    expect(res.skippedCounts.duplicate).toBe(1);
  });
});

describe("rd3: endless blank input ends in an error", () => {
  it("header then 1.2 million blank lines on stdin is exit 4", async () => {
    const head = readFileSync(EXPORT, "utf8");
    const r = await runCli(["toil", "calc", "-", "--config", CONFIG], {
      stdin: head + "\n".repeat(1_200_000),
    });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/blank lines in a row at line 36/);
  });
});
