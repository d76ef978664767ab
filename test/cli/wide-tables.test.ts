import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { strlen } from "cli-table3/src/utils.js";
import { describe, expect, it } from "vitest";
import { runCli } from "./run";

const root = join(__dirname, "..", "..");
const stats = join(root, "test", "fixtures", "stats");
const chk = join(root, "test", "fixtures", "chk");
const EXAMPLE = join(root, "examples", "alert-export-result_2026-10.csv");
const CONFIG = join(root, "examples", "oncall.config.yaml");

/** The boxed tables in a terminal's output: each head and its rows of cells, trimmed. */
function boxes(out: string): { head: string[]; rows: string[][] }[] {
  const cells = (line: string) =>
    line
      .slice(1, -1)
      .split("│")
      .map((c) => c.trim());
  const found: { head: string[]; rows: string[][] }[] = [];
  const lines = out.split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i]?.startsWith("┌")) continue;
    const head = cells(lines[i + 1] ?? "");
    const rows: string[][] = [];
    for (i += 3; i < lines.length && lines[i]?.startsWith("│"); i++) rows.push(cells(lines[i] ?? ""));
    found.push({ head, rows });
  }
  return found;
}

function terminal(argv: string[], width: number, env: Record<string, string> = {}) {
  return runCli([...argv, "--no-color"], {
    tty: true,
    env: {
      ONCALL_DATA_DIR: mkdtempSync(join(tmpdir(), "wide-")),
      ONCALL_ME: "alice",
      COLUMNS: String(width),
      ...env,
    },
  });
}

function expectWhole(out: string, width: number) {
  for (const line of out.split("\n").filter((l) => /^[┌│├└]/.test(l)))
    expect(strlen(line), line).toBeLessThanOrEqual(width);
  for (const t of boxes(out)) {
    for (const h of t.head) expect(h, t.head.join(" | ")).not.toContain("…");
    for (const r of t.rows) for (const c of r) expect(c, r.join(" | ")).not.toContain("…");
  }
}

describe("alerts stats at 80 and 120 columns: short heads, whole cells, the least useful columns left out", () => {
  const base = [
    "alerts",
    "stats",
    join(stats, "november.csv"),
    "--config",
    join(stats, "config.yaml"),
    "--month",
    "2026-11",
  ];
  const claims = join(mkdtempSync(join(tmpdir(), "wide-claims-")), "claims.csv");
  writeFileSync(claims, "Name,Email,Date,Days\nAlice Adams,alice@example.com,2026-11-02,0.5\n");
  const variants = [
    [],
    ["--by", "week"],
    ["--by", "rota-week"],
    ["--by", "person"],
    ["--rate", "2.50", "--claims", claims],
  ];
  for (const extra of variants) {
    it.each([80, 120])(`${extra.join(" ") || "--by month"} at %i columns`, async (width) => {
      const r = await terminal([...base, ...extra], width);
      expect(r.code).toBe(0);
      expectWhole(r.stdout, width);
      const [first, second] = boxes(r.stdout);
      const people = extra.includes("person") ? first! : second!;
      const period = extra.includes("person") ? second! : first!;
      // what a period is about stays: its name, its alerts out of hours, the TOIL they cost
      expect(period.head).toEqual(expect.arrayContaining(["alerts", "ooh alerts", "TOIL days"]));
      expect(people.head.slice(0, 3)).toEqual(["person", "windows", "woken"]);
      expect(people.rows.map((row) => row[0])).toEqual([
        "Alice Adams",
        "Bob Brown",
        "Carol Clark",
        "Dave Davies",
        "Erin Evans",
      ]);
    });
  }

  it("at 120 columns every period column is there but the bar", async () => {
    const r = await terminal(base, 120);
    const [period, people] = boxes(r.stdout);
    expect(period!.head).toEqual([
      "month",
      "alerts",
      "ooh alerts",
      "windows",
      "woken",
      "TOIL days",
      "escalated",
      "ack p50",
      "ack p90",
      "woken nights",
    ]);
    expect(people!.head).toEqual([
      "person",
      "windows",
      "woken",
      "4-wk nights",
      "longest run",
      "TOIL days",
      "ooh hours",
    ]);
  });
});

describe("alerts stats: a shift in progress is shown as in progress (now 2026-11-27)", () => {
  const base = [
    "alerts",
    "stats",
    join(stats, "november.csv"),
    "--config",
    join(stats, "config.yaml"),
    "--month",
    "2026-11",
  ];

  it("on a terminal: `now, until` its end for one in progress, its start for one to come", async () => {
    const r = await terminal(base, 140);
    const people = boxes(r.stdout)[1]!;
    const next = Object.fromEntries(people.rows.map((row) => [row[0], row.at(-1)]));
    // Bob's week ends early: Carol covers the weekend (an override)
    expect(next["Bob Brown"]).toBe("first-line now, until Sat 28 Nov 18:00");
    expect(next["Carol Clark"]).toBe("first-line Sat 28 Nov 18:00");
    expect(next["Dave Davies"]).toBe("second-line now, until Wed 2 Dec 10:00");
    expect(next["Alice Adams"]).toBe("first-line Wed 9 Dec 10:00");
    // nothing on a terminal reads as a date already past
    expect(r.stdout).not.toMatch(/2026-11-2[0-6]/);
  });

  it("piped: the same words in the row", async () => {
    const r = await runCli([...base, "--by", "person"], {
      env: { ONCALL_DATA_DIR: mkdtempSync(join(tmpdir(), "wide-")) },
    });
    expect(r.stdout).toMatch(/^Bob Brown\t.*\tfirst-line now, until Sat 28 Nov 18:00$/m);
  });

  it("JSON keeps the shift's real start, before now, and its end", async () => {
    const r = await runCli([...base, "--json"], {
      env: { ONCALL_DATA_DIR: mkdtempSync(join(tmpdir(), "wide-")) },
    });
    const bob = JSON.parse(r.stdout).people.find((p: { person: string }) => p.person === "bob");
    expect(bob.nextShift).toEqual({
      line: "first-line",
      start: "2026-11-25T10:00:00.000Z",
      end: "2026-11-28T18:00:00.000Z",
    });
  });
});

describe("toil check --claims at 80 and 120 columns: the note whole, the claim ids left out first", () => {
  const argv = [
    "toil",
    "check",
    join(chk, "alerts.csv"),
    "--claims",
    join(chk, "claims.csv"),
    "--config",
    join(chk, "team.yaml"),
  ];

  it.each([80, 120])("at %i columns", async (width) => {
    const r = await terminal(argv, width);
    expect(r.code).toBe(0);
    expectWhole(r.stdout, width);
    const [t] = boxes(r.stdout);
    expect(t!.head).not.toContain("Claims");
    expect(t!.head.slice(0, 5)).toEqual(["Person", "Night", "Claimed", "Supported", "Status"]);
    // the note may wrap onto more lines, never cut: its words read in order down the column
    const note = t!.head.indexOf("Note");
    const text = t!.rows
      .map((row) => row[note])
      .join(" ")
      .replace(/\s+/g, " ");
    expect(text).toContain("self-reported: ask for their journal export");
    expect(text).toContain("claimed 0.5, supported 0.25");
  });

  it("at 160 columns the claim ids are there too", async () => {
    const r = await terminal(argv, 160);
    expect(boxes(r.stdout)[0]!.head).toEqual([
      "Person",
      "Night",
      "Claimed",
      "Supported",
      "Status",
      "Claims",
      "Note",
    ]);
    expect(r.stdout).toContain("c-9e60125eef c-76e4e8f09d");
  });
});

describe("toil calc --person me at 80 columns: an alert id is whole or not there", () => {
  it.each([60, 80, 120])("at %i columns", async (width) => {
    const r = await terminal(["toil", "calc", EXAMPLE, "--config", CONFIG, "--person", "me"], width);
    expect(r.code).toBe(0);
    expectWhole(r.stdout, width);
    const [claims] = boxes(r.stdout);
    expect(claims!.head.slice(0, 3)).toEqual(
      ["Date", "Time", "Days"].slice(0, 1).concat(claims!.head.slice(1, 3)),
    );
    expect(claims!.head).toContain("Days");
    const alerts = claims!.head.indexOf("Alerts");
    if (alerts >= 0) for (const row of claims!.rows) expect(row[alerts]).toMatch(/^\d+(, \d+)*( \+\d+)?$/);
  });

  it("at 80 columns the alerts are there, whole (the hours, the days at 7h a day, go first)", async () => {
    const r = await terminal(["toil", "calc", EXAMPLE, "--config", CONFIG, "--person", "me"], 80);
    const [claims] = boxes(r.stdout);
    expect(claims!.head).toContain("Alerts");
  });
});
