import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Ajv from "ajv";
import { describe, expect, it } from "vitest";
import schema from "../../schema/toil-calc.schema.json";
import type { ToilResult } from "../../src/core/toil";
import { runCli } from "./run";

const root = join(__dirname, "..", "..");
const EXAMPLE = join(root, "examples", "alert-export-result_2026-10.csv");
const EXAMPLE_ZIP = join(root, "examples", "alert-export-result_2026-10.zip");
const CONFIG = join(root, "examples", "oncall.config.yaml");
const fixture = (n: string) => join(root, "test", "fixtures", n);
/** `oncall toil calc` on the example export with the example config, and these flags. */
const calcExample = (flags: string[], o?: Parameters<typeof runCli>[1]) =>
  runCli(["toil", "calc", EXAMPLE, "--config", CONFIG, ...flags], o);
const validate = new Ajv({ allErrors: true }).compile(schema);
const dir = mkdtempSync(join(tmpdir(), "oncall-cli-"));

function writeTmp(name: string, text: string) {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

const TEAM = writeTmp(
  "team.yaml",
  `people:
  - { id: alice, name: Alice Adams, email: alice@example.com }
  - { id: bob, name: Bob Brown, email: bob@example.com }
`,
);

type ToilDoc = ToilResult & { schemaVersion: 1 };

function json(stdout: string): ToilDoc {
  const doc: unknown = JSON.parse(stdout);
  if (!validate(doc)) throw new Error(`schema: ${JSON.stringify(validate.errors)}`);
  return doc as unknown as ToilDoc;
}

describe("oncall toil calc", () => {
  it("prints a table without colour when stdout is not a terminal", async () => {
    const r = await calcExample([]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^2026-10-02\talice\t03:14–04:14\twoken\t/m);
    expect(r.stdout).toMatch(/^2026-10-25\talice\t01:40 BST–01:40 GMT\twoken\t/m);
    expect(r.stdout).not.toMatch(/\u001b\[/);
    // piped, stdout is the claims only; the title, totals and summary are for a person, on stderr
    for (const line of r.stdout.replace(/\n$/, "").split("\n")) expect(line.split("\t")).toHaveLength(8);
    expect(r.stderr).toMatch(/^TOIL claims, all alerts in the log/);
    expect(r.stderr).toMatch(/Skipped 10 alerts: 10 in-hours/);
    expect(r.stderr).not.toMatch(/\u001b\[/);
  });

  it("colours the table on a terminal, and not with --no-color or NO_COLOR", async () => {
    const tty = await calcExample([], { tty: true });
    expect(tty.stdout).toMatch(/\u001b\[/);
    const off = await calcExample(["--no-color"], { tty: true });
    expect(off.stdout).not.toMatch(/\u001b\[/);
    const env = await calcExample([], {
      tty: true,
      env: { NO_COLOR: "1" },
    });
    expect(env.stdout).not.toMatch(/\u001b\[/);
    // piped, the rows are never painted; forced colour paints what is for a person (stderr)
    const forced = await calcExample([], { env: { FORCE_COLOR: "1" } });
    expect(forced.stderr).toMatch(/\u001b\[/);
    expect(forced.stdout).not.toMatch(/\u001b\[/);
  });

  it("--json prints one document valid against the schema, and nothing else on stdout", async () => {
    const r = await calcExample(["--json"]);
    expect(r.code).toBe(0);
    const doc = json(r.stdout);
    expect(doc.rules.attribution).toBe("owner");
    expect(doc.totals).toMatchObject({ claims: 14, alerts: 24, days: 4.75, hours: 33.25 });
    expect(doc.skippedCounts["in-hours"]).toBe(10);
    // nothing lost: every row is in a claim or skipped
    expect(doc.totals.alerts + doc.skipped.length).toBe(34);
  });

  it("the zip gives the same claims as the CSV inside it", async () => {
    const a = json((await calcExample(["--json"])).stdout);
    const b = json((await runCli(["toil", "calc", EXAMPLE_ZIP, "--config", CONFIG, "--json"])).stdout);
    expect(b.claims).toEqual(a.claims);
  });

  it("--month selects claims by window start; --person keeps one person's", async () => {
    const r = await calcExample(["--json", "--month", "2026-10", "--person", "bob"]);
    const doc = json(r.stdout);
    expect(doc.period).toEqual({
      from: "2026-09-30T23:00:00.000Z",
      to: "2026-11-01T00:00:00.000Z",
      label: "2026-10",
    });
    expect(new Set(doc.claims.map((c) => c.person))).toEqual(new Set(["bob"]));
    expect(doc.skippedCounts["other-person"]).toBeGreaterThan(0);
  });

  it("--person naming nobody in the config nor the log is a usage error (a typo would otherwise look like no claims)", async () => {
    const r = await calcExample(["--json", "--person", "alcie"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^error: --person alcie: no such person in the config.* — people: alice, /);
  });

  it("--person me reads ONCALL_ME", async () => {
    const r = await calcExample(["--json", "--person", "me"], {
      env: { ONCALL_ME: "carol" },
    });
    expect(json(r.stdout).totals.byPerson.map((p) => p.person)).toEqual(["carol"]);
    const none = await calcExample(["--person", "me"]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/ONCALL_ME/);
  });

  it("--format csv and --format breathe", async () => {
    const csv = await calcExample(["--format", "csv"]);
    expect(csv.stdout.split("\n")[0]).toBe(
      "id,person,name,date,start,end,kind,kind_source,alerts,worked_minutes,worked_source,extra_minutes,base_days,extra_days,days,hours,reason",
    );
    const breathe = await calcExample(["--format", "breathe"]);
    const lines = breathe.stdout.trim().split("\n");
    expect(lines[0]).toBe("Name,Email,Date,Days,Hours,Notes");
    expect(lines[1]).toMatch(
      /^Alice Adams,alice@example.com,2026-10-02,0.5,3:30,"c-[0-9a-f]{10} · alerts 5210 03:14, 5211 03:17, 5212 03:21 and 5213 03:24, owned it · woken \(assumed: 03:14 is within sleep hours\) · time worked not given"$/,
    );
    expect(lines).toHaveLength(15);
  });

  it("marks and worked time by tiny id, alias or id; per person", async () => {
    const r = await calcExample([
      "--json",
      "--awake",
      "5240",
      "--worked",
      "alice:5240=1h35m",
      "--woken",
      "5241",
    ]);
    expect(r.code).toBe(0);
    const doc = json(r.stdout);
    const c5240 = doc.claims.find((c) => c.alerts.some((a) => a.tinyId === "5240"));
    expect(c5240).toMatchObject({
      kind: "awake",
      kindSource: "mark",
      workedMinutes: 95,
      extraMinutes: 35,
      days: 0.4375,
    });
    const c5241 = doc.claims.find((c) => c.alerts.some((a) => a.tinyId === "5241"));
    expect(c5241).toMatchObject({ kind: "woken", kindSource: "mark" });
  });

  it.each([
    [["--woken", "9999"], /--woken 9999: no alert in the log has that id, tiny id or alias/],
    [["--worked", "5240"], /--worked 5240: expected \[person:\]<alert>=<duration>/],
    [["--worked", "5240=ages"], /--worked 5240=ages: expected/],
    [["--woken", "5210", "--awake", "5211"], /conflicting marks in alice's window/],
    [["--month", "2026-13"], /--month 2026-13: there is no month 13/],
    [["--format", "xml"], /--format xml: expected one of table, json, csv, breathe/],
    [["--json", "--format", "csv"], /--json and --format csv disagree/],
    [["--bogus"], /unknown option '--bogus'/],
  ])("usage error %j exits 2 with one line", async (flags, pattern) => {
    const r = await calcExample([...flags]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(pattern);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe("");
  });

  it("a reference matching several alerts lists them (exit 2)", async () => {
    const log = writeTmp(
      "ambiguous.csv",
      "Alert ID,Alias,TinyID,CreatedAt,Owner\nx1,same,1,1762200000000,alice@example.com\nx2,same,2,1762210000000,alice@example.com\n",
    );
    const r = await runCli(["toil", "calc", log, "--config", TEAM, "--woken", "same"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--woken same: matches 2 alerts: 1 \(id x1, .*ambiguous.csv:2\); 2 \(id x2/);
  });

  it("input errors exit 4 with file, line and field", async () => {
    const bad = writeTmp("bad.csv", "Alert ID,TinyID,CreatedAt,Owner\nx,1,yesterday,alice@example.com\n");
    const r = await runCli(["toil", "calc", bad, "--config", TEAM]);
    expect(r.code).toBe(4);
    expect(r.stderr).toBe(
      `error: ${bad}:2: CreatedAt: expected epoch milliseconds, found "yesterday" — fix the row, or pass --lenient to skip unreadable rows\n`,
    );
    const missing = await runCli(["toil", "calc", join(dir, "none.csv"), "--config", TEAM]);
    expect(missing.code).toBe(4);
    expect(missing.stderr).toMatch(/none.csv: no such file/);
    const notLog = await runCli(["toil", "calc", TEAM, "--config", TEAM]);
    expect(notLog.code).toBe(4);
    expect(notLog.stderr).toMatch(/not a recognised alert log/);
  });

  it("--lenient lists bad rows as unreadable and warns", async () => {
    const bad = writeTmp(
      "lenient.csv",
      "Alert ID,TinyID,CreatedAt,Owner\nx,1,yesterday,alice@example.com\ny,2,1762200000000,alice@example.com\n",
    );
    const r = await runCli(["toil", "calc", bad, "--config", TEAM, "--json", "--lenient"]);
    expect(r.code).toBe(0);
    const doc = json(r.stdout);
    expect(doc.skipped).toEqual([expect.objectContaining({ alert: "x", reason: "unreadable" })]);
    expect(doc.claims).toHaveLength(1);
    expect(r.stderr).toMatch(/warning: unreadable: .*lenient.csv:2: CreatedAt/);
  });

  it("a filter needing a field the log lacks is an input error naming the field (exit 4)", async () => {
    const cfg = writeTmp("filter.yaml", `people: []\ntoil:\n  priorities: [P1, P2]\n`);
    const r = await runCli(["toil", "calc", EXAMPLE, "--config", cfg]);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(
      /the log lacks the priority of each alert, which the toil.priorities filter needs.*API JSON/,
    );
    const ack = writeTmp("ack.yaml", `people: []\ntoil:\n  attribution: acknowledger\n`);
    const r2 = await runCli(["toil", "calc", EXAMPLE, "--config", ack]);
    expect(r2.code).toBe(4);
    expect(r2.stderr).toMatch(/acknowledger \(Acknowledged By\)/);
  });

  it("the same alert in several files counts once; copies fill empty fields; conflicts warn", async () => {
    const a = writeTmp(
      "a.csv",
      "Alert ID,TinyID,Message,CreatedAt,Owner\nx,1,Site down,1762200000000,alice@example.com\ny,2,,1762300000000,\n",
    );
    const b = writeTmp(
      "b.csv",
      "Alert ID,TinyID,Message,CreatedAt,Owner\nx,1,Site DOWN,1762200000000,alice@example.com\ny,2,Disk,1762300000000,bob@example.com\n",
    );
    const r = await runCli(["toil", "calc", a, b, "--config", TEAM, "--json"]);
    const doc = json(r.stdout);
    expect(doc.skippedCounts.duplicate).toBe(2);
    expect(doc.skipped.filter((s) => s.reason === "duplicate").map((s) => s.alert)).toEqual(["1", "2"]);
    const y = doc.claims.find((c) => c.alerts[0]!.id === "y");
    expect(y).toMatchObject({ person: "bob" });
    expect(y!.alerts[0]!.message).toBe("Disk");
    expect(r.stderr).toMatch(
      /warning: conflicting values for message in 1 alert found in both .*a.csv and .*b.csv \(the first: alert 1\); kept .*a.csv's/,
    );
  });

  it("reads standard input with -", async () => {
    const text = readFileSync(fixture("opsgenie-current.csv"), "utf8");
    const r = await runCli(["toil", "calc", "-", "--config", TEAM, "--json"], { stdin: text });
    expect(r.code).toBe(0);
    expect(json(r.stdout).claims.length).toBeGreaterThan(0);
  });

  it("reads API JSON and the oncall CSV, with the acknowledger by default", async () => {
    const r = await runCli([
      "toil",
      "calc",
      fixture("opsgenie-api.json"),
      "--config",
      TEAM,
      "--json",
      "--infer-worked",
    ]);
    const doc = json(r.stdout);
    expect(doc.rules.attribution).toBe("acknowledger");
    expect(doc.claims[0]).toMatchObject({
      person: "alice",
      workedMinutes: 95,
      workedSource: "inferred",
      days: 0.6875,
    });
    expect(doc.skipped).toEqual([expect.objectContaining({ alert: "1792", reason: "unattributed" })]);
    const o = await runCli(["toil", "calc", fixture("oncall.csv"), "--config", TEAM, "--json"]);
    expect(json(o.stdout).claims[0]).toMatchObject({
      kind: "woken",
      kindSource: "mark",
      workedSource: "log-column",
      days: 0.6875,
    });
  });

  it("an empty result is a valid document with empty arrays", async () => {
    const r = await calcExample(["--json", "--month", "2025-01"]);
    const doc = json(r.stdout);
    expect(doc.claims).toEqual([]);
    expect(doc.totals).toEqual({
      claims: 0,
      alerts: 0,
      days: 0,
      hours: 0,
      submittedDays: 0,
      toClaimDays: 0,
      byPerson: [],
    });
  });

  it("config errors exit 3 with file, line and key", async () => {
    const cfg = writeTmp(
      "bad-config.yaml",
      "people:\n  - { id: alice, name: Alice }\ntoil:\n  windowMinute: 30\n",
    );
    const r = await runCli(["toil", "calc", EXAMPLE, "--config", cfg]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/bad-config.yaml:4: toil.windowMinute: unknown key "windowMinute"/);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("with a rota in the config, alerts are credited by the rota (first and second line)", async () => {
    const cfg = writeTmp(
      "rota.yaml",
      `people:
  - { id: alice, name: Alice Adams, email: alice@example.com }
  - { id: bob, name: Bob Brown, email: bob@example.com }
  - { id: carol, name: Carol Clark, email: carol@example.com }
  - { id: dave, name: Dave Davies, email: dave@example.com }
  - { id: erin, name: Erin Evans, email: erin@example.com }
rota:
  lines:
    - { id: first-line, start: 2026-01-07, members: [alice, bob, carol] }
    - { id: second-line, start: 2026-01-07, members: [dave, erin] }
`,
    );
    const r = await runCli(["toil", "calc", EXAMPLE, "--config", cfg, "--json"]);
    expect(r.code).toBe(0);
    const doc = json(r.stdout);
    expect(doc.rules.attribution).toBe("rota");
    // 5240 (Tue 27 Oct 02:05) was never acknowledged: escalated to second line (carol and erin that week)
    const second = doc.claims.filter((c) => c.alerts.some((a) => a.tinyId === "5240"));
    expect(second.map((c) => [c.person, c.alerts[0]!.via, c.alerts[0]!.escalated])).toEqual([
      ["carol", "first-line", true],
      ["erin", "second-line", true],
    ]);
    expect(r.stderr).toMatch(/second-line credit is approximate/);
    const none = writeTmp("rota-none.yaml", "people: []\ntoil:\n  attribution: rota\n");
    const r2 = await runCli(["toil", "calc", EXAMPLE, "--config", none]);
    expect(r2.code).toBe(3);
    expect(r2.stderr).toMatch(/toil.attribution: rota needs rota.lines in the config/);
  });

  it("--week selects the rota week containing noon on the date, or now", async () => {
    const r = await calcExample(["--json", "--week", "2026-10-23"]);
    const doc = json(r.stdout);
    expect(doc.period).toEqual({
      from: "2026-10-21T09:00:00.000Z",
      to: "2026-10-28T10:00:00.000Z",
      label: "week from 2026-10-21",
    });
    expect(doc.claims.map((c) => c.date)).toEqual(["2026-10-23", "2026-10-25", "2026-10-27"]);
    const now = await calcExample(["--json", "--week"], {
      env: { ONCALL_NOW: "2026-10-09T12:00:00Z" },
    });
    expect(json(now.stdout).period?.from).toBe("2026-10-07T09:00:00.000Z");
  });

  it("without a config it notes the defaults and credits usernames", async () => {
    const r = await runCli(["toil", "calc", EXAMPLE, "--json"], { cwd: dir, env: { HOME: dir } });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^warning: no team config found, so the defaults apply/);
    expect(json(r.stdout).claims[0]!.person).toBe("alice@example.com");
  });

  it("a bad ONCALL_NOW is a usage error", async () => {
    const r = await calcExample([], {
      env: { ONCALL_NOW: "tomorrow" },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/ONCALL_NOW is not an ISO instant/);
  });
});

describe("oncall toil export", () => {
  it("writes atomically, refuses to overwrite without --force", async () => {
    const out = join(dir, "claims.json");
    const r = await runCli(["toil", "export", EXAMPLE, "--config", CONFIG, "--out", out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/wrote 14 claims \(4.75 days\) to .*claims.json/);
    json(readFileSync(out, "utf8"));
    const exportTo = (...more: string[]) =>
      runCli(["toil", "export", EXAMPLE, "--config", CONFIG, "--out", out, ...more]);
    const again = await exportTo("--month", "2025-01");
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/claims.json already exists — pass --force/);
    expect(json(readFileSync(out, "utf8")).claims).toHaveLength(14);
    const forced = await exportTo("--month", "2025-01", "--force");
    expect(forced.code).toBe(0);
    expect(json(readFileSync(out, "utf8")).claims).toHaveLength(0);
  });

  it("picks CSV from the extension, breathe with --format, and needs a format for other names", async () => {
    const csv = join(dir, "claims.csv");
    expect((await runCli(["toil", "export", EXAMPLE, "--config", CONFIG, "--out", csv])).code).toBe(0);
    expect(readFileSync(csv, "utf8")).toMatch(/^id,person,name/);
    const br = join(dir, "breathe.txt");
    expect(
      (await runCli(["toil", "export", EXAMPLE, "--config", CONFIG, "--out", br, "--format", "breathe"]))
        .code,
    ).toBe(0);
    expect(readFileSync(br, "utf8")).toMatch(/^Name,Email,Date,Days,Hours,Notes/);
    const r = await runCli(["toil", "export", EXAMPLE, "--config", CONFIG, "--out", join(dir, "x.out")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\.out is not a known extension \(json, csv\) — pass --format/);
    expect(existsSync(join(dir, "x.out"))).toBe(false);
  });
});

describe("the program", () => {
  it("--help lists the commands built so far, with examples", async () => {
    const r = await runCli(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/toil/);
    expect(r.stdout).toMatch(/Examples:/);
    expect(r.stdout).toMatch(/^\s+rota\b/m);
    expect(r.stdout).toMatch(/^\s+config\b/m);
    expect(r.stdout).toMatch(/^\s+escalate\b/m);
    expect(r.stdout).toMatch(/^\s+alerts\b/m);
    const sub = await runCli(["toil", "calc", "--help"]);
    expect(sub.stdout).toMatch(/oncall toil calc alerts.csv --woken 6004 --worked 6004=1h35m/);
  });

  it.each([
    ["toil", "calc"],
    ["toil", "export"],
    ["rota", "show"],
    ["rota", "who"],
    ["rota", "next"],
    ["rota", "hours"],
    ["rota", "check"],
    ["rota", "export"],
    ["escalate"],
    ["config", "init"],
    ["config", "show"],
    ["config", "path"],
    ["config", "get"],
    ["config", "set"],
  ])("%s %s --help has examples", async (...cmd) => {
    const r = await runCli([...cmd.filter(Boolean), "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Examples:\n {2}\$ oncall /);
  });

  it("--version prints the version", async () => {
    const r = await runCli(["--version"]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("an unknown command is a usage error (exit 2)", async () => {
    const r = await runCli(["toll"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown command 'toll'/);
  });

  it("a missing log argument is a usage error", async () => {
    const r = await runCli(["toil", "calc"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/missing required argument 'log'/);
  });
});

describe("help without a command", () => {
  it("is shown on stderr with the usage exit code", async () => {
    const r = await runCli([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Usage: oncall/);
    expect(r.stdout).toBe("");
  });
});
