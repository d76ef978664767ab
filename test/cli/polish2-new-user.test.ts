import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./run";

const root = join(__dirname, "..", "..");
const CONFIG = join(root, "examples", "oncall.config.yaml");
const EXPORT = join(root, "examples", "alert-export-result_2026-10.csv");
const dir = mkdtempSync(join(tmpdir(), "oncall-polish2-"));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const PEOPLE = `people:
  - { id: alice, name: Alice, email: alice@example.com }
  - { id: bob, name: Bob, email: bob@example.com }
`;

describe("rota check with a bad timezone still checks the rota's own problems", () => {
  const cfg = file(
    "bad-zone.yaml",
    `timezone: Europe/Lundon
${PEOPLE}rota:
  lines:
    - { id: first-line, start: 2026-01-07, members: [alice, bob] }
  overrides:
    - { line: first-line, person: bob, from: "2026-03-10T18:00", to: "2026-03-10T09:00" }
    - { line: first-line, person: alice, from: "2026-10-25T01:30", to: "2026-10-25T09:00" }
    - { line: first-line, person: bob, from: "2026-12-01T10:00", to: "2026-12-03T10:00" }
    - { line: first-line, person: alice, from: "2026-12-02T10:00", to: "2026-12-04T10:00" }
`,
  );

  it("reports the zone, the inverted override, the repeated hour and the overlap, and says which zone", async () => {
    const r = await runCli(["rota", "check", "--config", cfg]);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/bad-zone.yaml:1: timezone: /);
    expect(r.stdout).toMatch(/rota.overrides\[0\]\.to: ends \(2026-03-10T09:00\) before or when it starts/);
    expect(r.stdout).toMatch(/rota.overrides\[1\]\.from: .*clocks repeat/);
    expect(r.stdout).toMatch(/warning: overlaps rota.overrides\[2\]/);
    expect(r.stdout).toContain("override times checked in Europe/London until timezone is fixed");
  });

  it("the JSON lists them too", async () => {
    const r = await runCli(["rota", "check", "--config", cfg, "--json"]);
    const doc = JSON.parse(r.stdout);
    expect(doc.problems.map((p: { path: string }) => p.path)).toEqual(
      expect.arrayContaining(["timezone", "rota.overrides[0].to", "rota.overrides[1].from"]),
    );
    expect(doc.warnings.map((p: { message: string }) => p.message)).toEqual(
      expect.arrayContaining([expect.stringContaining("checked in Europe/London until timezone is fixed")]),
    );
  });
});

describe("dates name their year when it is not this year's", () => {
  it("rota show --weeks 520 heads its range with both years", async () => {
    const r = await runCli(["rota", "show", "--config", CONFIG, "--weeks", "520"]);
    expect(r.code).toBe(0);
    expect(r.stderr.split("\n")[0]).toMatch(/Wed 25 Nov 10:00 – Wed 12 Nov 2036 10:00/);
  });

  it("rota show across new year names 2027 in the table", async () => {
    const r = await runCli(["rota", "show", "--config", CONFIG, "--week", "2026-12-30", "--weeks", "2"]);
    expect(r.stdout).toContain("Wed 6 Jan 2027 10:00");
    expect(r.stdout).toContain("Wed 30 Dec 10:00");
    expect(r.stdout).not.toMatch(/Wed 6 Jan 10:00/);
  });

  it("rota who --at next year names the year", async () => {
    const r = await runCli(["rota", "who", "--config", CONFIG, "--at", "2027-01-05T03:00"]);
    expect(r.stderr).toContain("On call at Tue 5 Jan 2027 03:00");
    expect(r.stdout).toContain("Wed 6 Jan 2027 10:00");
  });

  it("rota hours over a pay period in another year names it", async () => {
    const r = await runCli(["rota", "hours", "--config", CONFIG, "--month", "2027-01"]);
    expect(r.code).toBe(0);
    expect(r.stderr.split("\n")[0]).toMatch(/2027/);
    expect(r.stderr.split("\n")[0]).not.toMatch(/– Wed \d+ \w+ \d\d:/);
  });

  it("this year's dates stay short", async () => {
    const r = await runCli(["rota", "who", "--config", CONFIG, "--at", "2026-12-05T03:00"]);
    expect(r.stderr).toContain("On call at Sat 5 Dec 03:00");
  });
});

describe("escalate to a person who cannot be paged", () => {
  it("exits 3 naming the config file and the person", async () => {
    const cfg = file(
      "no-contact.yaml",
      `people:
  - { id: a, name: Ann }
rota:
  lines:
    - { id: first-line, start: 2026-01-07, members: [a] }
`,
    );
    const r = await runCli(["escalate", "--config", cfg, "--to", "a", "--dry-run"]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(cfg);
    expect(r.stderr).toMatch(/\ba\b.*no opsgenie username or email/);
  });
});

describe("toil export --out to standard output", () => {
  it("--out - piped is compact JSON, on a terminal indented", async () => {
    const piped = await runCli(["toil", "export", EXPORT, "--config", CONFIG, "--out", "-"]);
    expect(piped.code).toBe(0);
    expect(piped.stdout.trim().split("\n")).toHaveLength(1);
    JSON.parse(piped.stdout);
    const tty = await runCli(["toil", "export", EXPORT, "--config", CONFIG, "--out", "-"], { tty: true });
    expect(tty.stdout.split("\n").length).toBeGreaterThan(3);
  });

  it("--out /dev/null (a device, as /dev/stdout) writes JSON there", async () => {
    const r = await runCli(["toil", "export", EXPORT, "--config", CONFIG, "--out", "/dev/null"]);
    expect(r.stderr).not.toContain("no output format given");
    expect(r.code).toBe(0);
  });

  it("--out claims.txt names the unknown extension", async () => {
    const r = await runCli(["toil", "export", EXPORT, "--config", CONFIG, "--out", join(dir, "claims.txt")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\.txt is not a known extension \(json, csv\).*--format/);
  });
});

describe("rota export with disagreeing format flags", () => {
  for (const flags of [["--format", "json"], ["--json"]]) {
    it(`--ics ${flags.join(" ")} is a usage error`, async () => {
      const r = await runCli(["rota", "export", "--config", CONFIG, "--ics", ...flags]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(/disagree — pass one of them/);
    });
  }

  it("--format ics --ics still works", async () => {
    const r = await runCli(["rota", "export", "--config", CONFIG, "--ics", "--format", "ics"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("BEGIN:VCALENDAR");
  });
});

describe("toil calc --person with a typo", () => {
  it("with people in the config: exit 2 listing their ids", async () => {
    const r = await runCli(["toil", "calc", EXPORT, "--config", CONFIG, "--person", "alcie"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--person alcie: .*alice, bob, carol, dave, erin, frank/);
    expect(r.stdout).toBe("");
  });

  it("a username credited in the log but not in people is still a warning", async () => {
    const csv = file(
      "zed.csv",
      `Alert ID,Alias,TinyID,Message,Status,IsSeen,Acknowledged,Snoozed,CreatedAt,CreatedAtDate,UpdatedAt,UpdatedAtDate,Count,Owner,Teams
zed-1,zed-alias,9001,Site down,closed,true,true,false,1793589600000,2026/11/02 03:20:00.000+0000,1793593200000,2026/11/02 04:20:00.000+0000,1,zed@example.com,Platform
`,
    );
    const r = await runCli(["toil", "calc", csv, "--config", CONFIG, "--person", "zed@example.com"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("not in the config's people");
  });

  // Changed on purpose (issue 8, fix2): with no people a typo is as much a typo, and is said so.
  it("without people in the config: exit 2 listing the usernames the log credits", async () => {
    const cfg = file("no-people.yaml", "timezone: Europe/London\npeople: []\n");
    const r = await runCli(["toil", "calc", EXPORT, "--config", cfg, "--person", "alcie"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--person alcie: .*usernames the log credits: alice@example\.com, /);
  });
});

describe("help and small ones", () => {
  it("toil calc --help mentions the personal setting for me", async () => {
    const r = await runCli(["toil", "calc", "--help"]);
    expect(r.stdout.replace(/\s+/g, " ")).toContain("oncall config set me");
  });

  for (const cmd of ["get", "set", "path"]) {
    it(`config ${cmd} --help does not list other commands' formats`, async () => {
      const r = await runCli(["config", cmd, "--help"]);
      expect(r.stdout).not.toContain("breathe");
      // changed on purpose (issue 8, fix2): their own formats, not the global line pointing elsewhere
      expect(r.stdout).toMatch(/--format <format> +table or json\n/);
    });
  }

  it("rota hours --currency pounds is a usage error", async () => {
    const r = await runCli([
      "rota",
      "hours",
      "--config",
      CONFIG,
      "--month",
      "2026-11",
      "--rate",
      "2",
      "--currency",
      "pounds",
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--currency pounds");
  });

  for (const ok of ["eur", "£", "$", "€"]) {
    it(`rota hours --currency ${ok} is accepted`, async () => {
      const r = await runCli([
        "rota",
        "hours",
        "--config",
        CONFIG,
        "--month",
        "2026-11",
        "--rate",
        "2",
        "--currency",
        ok,
      ]);
      expect(r.code).toBe(0);
      // the pay is in the per-person totals: on stderr when piped
      expect(r.stderr).toContain(ok === "eur" ? "EUR " : `${ok}`);
    });
  }

  it("rota check lists problems by line and says 1 problem", async () => {
    const cfg = file(
      "order.yaml",
      `people:
  - { id: alice, name: Alice }
  - { id: bob }
rota:
  lines:
    - { id: first-line, start: 2026-01-07, members: [alice, zoe] }
`,
    );
    const r = await runCli(["rota", "check", "--config", cfg]);
    const lines = r.stdout.trim().split("\n");
    const numbers = lines.map((l) => Number(/order\.yaml:(\d+):/.exec(l)?.[1]));
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(r.stderr).toMatch(/2 problems in /);
    expect(r.stderr).toContain("fix them");
    const one = file(
      "one.yaml",
      `${PEOPLE}rota:\n  lines:\n    - { id: first-line, start: 2026-01-07, members: [alice, zoe] }\n`,
    );
    const r1 = await runCli(["rota", "check", "--config", one]);
    expect(r1.stderr).toMatch(/1 problem in .*fix it /);
  });

  it("rota next --count -1 without me complains about --count", async () => {
    const r = await runCli(["rota", "next", "--config", CONFIG, "--count", "-1"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--count");
    expect(r.stderr).not.toContain("who you are");
  });

  it("--config a directory suggests only a config file name the tool looks for", async () => {
    const d = join(dir, "cfgdir");
    mkdirSync(d);
    writeFileSync(join(d, "docker-compose.yaml"), "services: {}\n");
    const r = await runCli(["rota", "who", "--config", d]);
    expect(r.code).toBe(3);
    expect(r.stderr).not.toContain("docker-compose");
    expect(r.stderr).toContain("name the config file");
    writeFileSync(join(d, ".oncallrc.yaml"), "timezone: Europe/London\npeople: []\n");
    const r2 = await runCli(["rota", "who", "--config", d]);
    expect(r2.stderr).toContain(".oncallrc.yaml");
  });
});
