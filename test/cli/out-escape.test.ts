import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./run";

const dir = mkdtempSync(join(tmpdir(), "oncall-out-escape-"));
function writeTmp(name: string, text: string) {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

// An OSC 52 clipboard write, a screen clear, a right-to-left override and a C1 CSI.
const OSC52 = "\u001b]52;c;ZXZpbA==\u0007";
// Not the tab: piped, it is the tables' own cell separator (a tab inside a cell is shown as \t,
// test/unit/rend-table.test.ts), so a raw one here is ours, never the input's.
const HOSTILE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

const CONFIG = writeTmp(
  "team.yaml",
  `people:
  - { id: alice, name: "Alice \\e]52;c;ZXZpbA==\\a Adams", email: alice@example.com, phone: "+44\\u202e 7700" }
  - { id: bob, name: "Bob \\x9b2J Brown", email: bob@example.com }
rota:
  handover: { day: wed, time: "10:00" }
  lines:
    - { id: first-line, name: "First \\e[2J line", start: 2026-01-07, members: [alice, bob] }
escalation:
  contacts:
    head-of-ops: { person: bob, title: "Head \\u2066of\\u2069 ops" }
`,
);

const LOG = writeTmp(
  "log.csv",
  [
    "id,created_at,message,priority,tags,teams,acknowledged_by,acknowledged_at,closed_at,woken,worked",
    `a\u202e1\u001b[2J,2026-11-03T02:14:00Z,evil \u202e\u001b[2J,P1,,,alice@example.com,,,,`,
    `b${OSC52},2026-11-04T02:14:00Z,x,P1,,,alice@example.com,,,,not-a-duration\u001b[2J\u202e`,
    "",
  ].join("\n"),
);

function expectClean(text: string) {
  expect(text).not.toMatch(HOSTILE);
}

describe("control characters and bidi overrides from configs and logs are escaped", () => {
  it("toil calc's table: cells show \\x1b and \\u202e, never the raw bytes", async () => {
    const r = await runCli(["toil", "calc", LOG, "--config", CONFIG, "--lenient", "--verbose"]);
    expect(r.code).toBe(0);
    expectClean(r.stdout);
    expectClean(r.stderr);
    // the totals (with the name) are for a person: on stderr when piped
    expect(r.stderr).toContain("Alice \\x1b]52;c;ZXZpbA==\\x07 Adams");
    expect(r.stdout).toContain("a\\u202e1\\x1b[2J");
  });

  it("warnings and errors escape what they quote (an unreadable row, an unknown --person)", async () => {
    const r = await runCli(["toil", "calc", LOG, "--config", CONFIG, "--lenient"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^warning: /m);
    expect(r.stderr).toContain("not-a-duration\\x1b[2J\\u202e");
    expectClean(r.stderr);
    expectClean(r.stdout);
    // a --person naming nobody, credited with nothing: a usage error, quoting it escaped
    const p = await runCli(["toil", "calc", LOG, "--config", CONFIG, "--lenient", "--person", `x${OSC52}`]);
    expect(p.code).toBe(2);
    expect(p.stderr).toContain("--person x\\x1b]52;c;ZXZpbA==\\x07");
    expectClean(p.stderr);
  });

  it("an error that quotes a log's bytes escapes them, line breaks too", async () => {
    const r = await runCli(["toil", "calc", LOG, "--config", CONFIG]);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain("not-a-duration\\x1b[2J\\u202e");
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    expectClean(r.stderr);
    const nl = await runCli([
      "toil",
      "calc",
      LOG,
      "--config",
      CONFIG,
      "--person",
      `x\nerror: forged${OSC52}`,
    ]);
    expectClean(nl.stderr);
  });

  it("rota who: names, phones, line names and contact titles", async () => {
    const r = await runCli(["rota", "who", "--config", CONFIG, "--at", "2026-11-28T03:00"]);
    expect(r.code).toBe(0);
    expectClean(r.stdout);
    expectClean(r.stderr);
    expect(r.stdout).toContain("\\x1b]52;c;ZXZpbA==\\x07");
    // the contacts are for a person: on stderr when piped
    expect(r.stderr).toContain("Head \\u2066of\\u2069 ops");
  });

  it("rota show: the line name above its table", async () => {
    const r = await runCli(["rota", "show", "--config", CONFIG, "--week", "2026-11-25"]);
    expect(r.code).toBe(0);
    expectClean(r.stdout);
    expect(r.stdout).toContain("First \\x1b[2J line");
  });

  it("JSON keeps the text exactly, with C0 characters escaped by JSON itself", async () => {
    const r = await runCli(["rota", "who", "--config", CONFIG, "--at", "2026-11-28T03:00", "--json"]);
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd()).not.toMatch(/[\u0000-\u001f]/);
    const doc = JSON.parse(r.stdout);
    expect(doc.lines[0].name).toBe(`Alice ${OSC52} Adams`);
  });
});

describe("plain-text output outside tables is escaped too", () => {
  it("rota next names the person and lines as escaped text", async () => {
    const r = await runCli(["rota", "next", "--person", "alice", "--config", CONFIG]);
    expect(r.code).toBe(0);
    expectClean(r.stdout);
    expect(r.stdout).toContain("Alice \\x1b]52;c;ZXZpbA==\\x07 Adams");
  });

  it("rota check's problem lines quote the config escaped", async () => {
    const bad = writeTmp(
      "bad.yaml",
      `people:\n  - { id: alice, name: A, email: alice@example.com }\nrota:\n  lines:\n    - { id: first-line, start: 2026-01-07, members: [alice, "nob\\e]52;c;eA==\\ady"] }\n`,
    );
    const r = await runCli(["rota", "check", "--config", bad]);
    expect(r.code).toBe(3);
    expectClean(r.stdout);
    expectClean(r.stderr);
    expect(r.stdout).toContain("nob\\x1b]52;c;eA==\\x07dy");
  });

  it("escalate --dry-run shows the target's name escaped, and no key", async () => {
    const r = await runCli(
      ["escalate", "--to", "head-of-ops", "--dry-run", "--message", "m", "--config", CONFIG],
      {
        env: { OPSGENIE_API_KEY: "0f3e5a7c-1d2b-4c6e-8a9f-0123456789ab" },
      },
    );
    expect(r.code).toBe(0);
    expectClean(r.stdout);
    expect(r.stdout).toContain("Bob \\x9b2J Brown");
    expect(r.stdout).not.toContain("0f3e5a7c-1d2b-4c6e-8a9f-0123456789ab");
  });
});

describe("rota hours --format csv", () => {
  it("on a terminal escapes names from the config; piped keeps them as they are", async () => {
    const args = ["rota", "hours", "--month", "2026-11", "--format", "csv", "--config", CONFIG];
    const tty = await runCli(args, { tty: true });
    expect(tty.code).toBe(0);
    expectClean(tty.stdout);
    expect(tty.stdout).toContain("Alice \\x1b]52;c;ZXZpbA==\\x07 Adams");
    const piped = await runCli(args);
    expect(piped.stdout).toContain(`Alice ${OSC52} Adams`);
  });
});
