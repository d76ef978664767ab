import { describe, expect, it } from "vitest";
import { COMMANDS } from "../../src/commands/registry";
import { runCli } from "../cli/run";

/**
 * argv → the options object a command's `run` receives, for every command, without running any:
 * the run is a spy that records the command and its checked options (changesets' cli.test.ts).
 */
async function parse(argv: string[]) {
  const calls: { name: string; options: unknown }[] = [];
  const r = await runCli(argv, {
    invoke: async (declaration, options) => {
      calls.push({ name: declaration.name, options });
    },
  });
  return { ...r, calls };
}

/** What commander gives every command when no global flag is passed: --no-color and --no-input unset. */
const G = { color: true, input: true };
const TOIL = {
  woken: [],
  awake: [],
  worked: [],
  inferWorked: false,
  lenient: false,
  journal: true,
  answers: [],
  save: false,
  new: false,
  ledger: true,
};

const rows: [string, string[], string, Record<string, unknown>][] = [
  ["toil calc, defaults", ["toil", "calc", "a.csv"], "toil calc", { ...G, ...TOIL, log: ["a.csv"] }],
  [
    "toil calc, several logs and stdin",
    ["toil", "calc", "a.csv", "b.json", "-"],
    "toil calc",
    { ...G, ...TOIL, log: ["a.csv", "b.json", "-"] },
  ],
  [
    "toil calc, repeated marks in order",
    [
      "toil",
      "calc",
      "a.csv",
      "--woken",
      "6004",
      "--worked",
      "6004=1h",
      "--woken",
      "bob:6010",
      "--awake",
      "7",
    ],
    "toil calc",
    { ...G, ...TOIL, log: ["a.csv"], woken: ["6004", "bob:6010"], awake: ["7"], worked: ["6004=1h"] },
  ],
  [
    "toil calc, period and switches",
    ["toil", "calc", "a.csv", "--month", "2026-11", "--person", "me", "--infer-worked", "--lenient"],
    "toil calc",
    { ...G, ...TOIL, log: ["a.csv"], month: "2026-11", person: "me", inferWorked: true, lenient: true },
  ],
  [
    "toil calc, --week alone",
    ["toil", "calc", "a.csv", "--week"],
    "toil calc",
    { ...G, ...TOIL, log: ["a.csv"], week: true },
  ],
  [
    "toil calc, --week DATE, --from/--to",
    ["toil", "calc", "a.csv", "--week", "2026-11-25", "--from", "2026-11-01", "--to", "2026-11-30"],
    "toil calc",
    { ...G, ...TOIL, log: ["a.csv"], week: "2026-11-25", from: "2026-11-01", to: "2026-11-30" },
  ],
  [
    "toil calc, global flags before and after the command",
    ["--config", "team.yaml", "--no-color", "toil", "calc", "a.csv", "--json", "--no-input", "--verbose"],
    "toil calc",
    { ...TOIL, log: ["a.csv"], config: "team.yaml", color: false, input: false, json: true, verbose: true },
  ],
  [
    "toil calc, its own --format",
    ["toil", "calc", "a.csv", "--format", "breathe"],
    "toil calc",
    { ...G, ...TOIL, log: ["a.csv"], format: "breathe" },
  ],
  [
    "toil export",
    ["toil", "export", "a.csv", "--out", "claims.csv", "--force", "--woken", "1"],
    "toil export",
    { ...G, ...TOIL, log: ["a.csv"], out: "claims.csv", force: true, woken: ["1"] },
  ],
  [
    "toil calc, the journal's flags",
    ["toil", "calc", "a.csv", "--no-journal", "--answers", "alice.json", "--answers", "bob.json", "--save"],
    "toil calc",
    { ...G, ...TOIL, log: ["a.csv"], journal: false, answers: ["alice.json", "bob.json"], save: true },
  ],
  [
    "toil add",
    [
      "toil",
      "add",
      "--at",
      "2026-11-03T02:10",
      "--woken",
      "--until",
      "03:45",
      "--note",
      "call",
      "--person",
      "bob",
    ],
    "toil add",
    { ...G, at: "2026-11-03T02:10", woken: true, awake: false, until: "03:45", note: "call", person: "bob" },
  ],
  [
    "toil add, awake with a duration",
    ["toil", "add", "--at", "2026-11-08 21:30", "--awake", "--worked", "1h30m", "--note", "ticket"],
    "toil add",
    { ...G, at: "2026-11-08 21:30", woken: false, awake: true, worked: "1h30m", note: "ticket" },
  ],
  ["toil journal, defaults", ["toil", "journal"], "toil journal", G],
  [
    "toil journal, another person as JSON",
    ["toil", "journal", "--person", "bob", "--json"],
    "toil journal",
    { ...G, person: "bob", json: true },
  ],
  [
    "toil journal forget",
    ["toil", "journal", "forget", "6004", "--person", "bob"],
    "toil journal",
    { ...G, action: "forget", alert: "6004", person: "bob" },
  ],
  [
    "toil submit, --yes and a month",
    ["toil", "submit", "a.csv", "--yes", "--month", "2026-11"],
    "toil submit",
    { ...G, ...TOIL, log: ["a.csv"], yes: true, month: "2026-11" },
  ],
  ["toil ledger, defaults", ["toil", "ledger"], "toil ledger", G],
  [
    "toil ledger undo",
    ["toil", "ledger", "undo", "c-5f1e0a9b3c", "--json"],
    "toil ledger",
    { ...G, action: "undo", claim: "c-5f1e0a9b3c", json: true },
  ],
  [
    "toil check, a claims file and answers",
    ["toil", "check", "a.csv", "--claims", "claims.csv", "--answers", "x.json"],
    "toil check",
    { ...G, log: ["a.csv"], claims: "claims.csv", answers: ["x.json"], lenient: false },
  ],
  [
    "toil notice, a morning",
    ["toil", "notice", "a.csv", "--date", "2026-11-27"],
    "toil notice",
    { ...G, log: ["a.csv"], date: "2026-11-27", answers: [], journal: true, lenient: false },
  ],
  ["toil review, no log", ["toil", "review"], "toil review", { ...G, log: [], all: false, lenient: false }],
  [
    "toil review, logs, a period and --all",
    ["toil", "review", "a.csv", "b.json", "--from", "2026-11-01", "--all"],
    "toil review",
    { ...G, log: ["a.csv", "b.json"], from: "2026-11-01", all: true, lenient: false },
  ],
  ["rota show, defaults", ["rota", "show"], "rota show", G],
  ["rota show, --week alone", ["rota", "show", "--week"], "rota show", { ...G, week: true }],
  [
    "rota show, weeks and a line",
    ["rota", "show", "--week", "2026-12-23", "--weeks", "3", "--line", "first"],
    "rota show",
    { ...G, week: "2026-12-23", weeks: "3", line: "first" },
  ],
  ["rota show, a month", ["rota", "show", "--month", "2026-12"], "rota show", { ...G, month: "2026-12" }],
  ["rota who", ["rota", "who", "--at", "2026-12-25T03:00"], "rota who", { ...G, at: "2026-12-25T03:00" }],
  ["rota who, --json", ["rota", "who", "--json"], "rota who", { ...G, json: true }],
  [
    "rota next",
    ["rota", "next", "--person", "bob", "--count", "5"],
    "rota next",
    { ...G, person: "bob", count: "5" },
  ],
  [
    "rota hours",
    ["rota", "hours", "--month", "2026-11", "--rate", "2.50", "--currency", "EUR", "--format", "csv"],
    "rota hours",
    { ...G, month: "2026-11", rate: "2.50", currency: "EUR", format: "csv" },
  ],
  ["rota check", ["rota", "check", "--config", "t.yaml"], "rota check", { ...G, config: "t.yaml" }],
  [
    "alerts stats, defaults",
    ["alerts", "stats", "a.csv"],
    "alerts stats",
    { ...G, log: ["a.csv"], answers: [], by: "month", payPeriod: false, force: false },
  ],
  [
    "alerts stats, every flag",
    [
      "alerts",
      "stats",
      "a.csv",
      "b.json",
      "--month",
      "2026-11",
      "--person",
      "bob",
      "--by",
      "rota-week",
      "--rate",
      "2.50",
      "--pay-period",
      "--answers",
      "x.json",
      "--answers",
      "y.json",
      "--claims",
      "c.csv",
      "--format",
      "html",
      "--out",
      "s.html",
      "--force",
    ],
    "alerts stats",
    {
      ...G,
      log: ["a.csv", "b.json"],
      month: "2026-11",
      person: "bob",
      by: "rota-week",
      rate: "2.50",
      payPeriod: true,
      answers: ["x.json", "y.json"],
      claims: "c.csv",
      format: "html",
      out: "s.html",
      force: true,
    },
  ],
  [
    "rota export",
    [
      "rota",
      "export",
      "--ics",
      "--person",
      "me",
      "--from",
      "2026-12-01",
      "--weeks",
      "4",
      "--out",
      "r.ics",
      "--force",
    ],
    "rota export",
    { ...G, ics: true, person: "me", from: "2026-12-01", weeks: "4", out: "r.ics", force: true },
  ],
  [
    "escalate, long flags",
    [
      "escalate",
      "--to",
      "head-of-ops",
      "--message",
      "DB down",
      "--description",
      "more",
      "--alert",
      "6004",
      "--priority",
      "P2",
      "--note",
      "n",
      "--again",
      "--dry-run",
      "--timeout",
      "12",
    ],
    "escalate",
    {
      ...G,
      to: "head-of-ops",
      message: "DB down",
      description: "more",
      alert: "6004",
      priority: "P2",
      note: "n",
      again: true,
      dryRun: true,
      timeout: "12",
    },
  ],
  ["escalate, short -y", ["escalate", "--to", "dave", "-y"], "escalate", { ...G, to: "dave", yes: true }],
  [
    "alerts pull, every flag",
    [
      "alerts",
      "pull",
      "--from",
      "2026-10-01",
      "--to",
      "2026-10-31",
      "--out",
      "a.json",
      "--append",
      "--all-logs",
    ],
    "alerts pull",
    { ...G, from: "2026-10-01", to: "2026-10-31", out: "a.json", append: true, allLogs: true },
  ],
  [
    "alerts pull, --month --check",
    ["alerts", "pull", "--month", "2026-10", "--check"],
    "alerts pull",
    { ...G, month: "2026-10", check: true },
  ],
  [
    "config init, repeated people and contacts",
    [
      "config",
      "init",
      "--person",
      "alice:Alice",
      "--person",
      "bob:Bob",
      "--first-line",
      "alice,bob",
      "--second-line",
      "bob",
      "--contact",
      "boss=alice",
      "--support-hours",
      "09:00-17:00",
      "--handover",
      "mon 09:00",
      "--start",
      "2026-12-07",
      "--timezone",
      "Europe/Dublin",
      "--holidays",
      "none",
      "--out",
      "t.yaml",
      "--force",
    ],
    "config init",
    {
      ...G,
      person: ["alice:Alice", "bob:Bob"],
      firstLine: "alice,bob",
      secondLine: "bob",
      contact: ["boss=alice"],
      supportHours: "09:00-17:00",
      handover: "mon 09:00",
      start: "2026-12-07",
      timezone: "Europe/Dublin",
      holidays: "none",
      out: "t.yaml",
      force: true,
    },
  ],
  ["config show", ["config", "show", "--format", "json"], "config show", { ...G, format: "json" }],
  ["config path", ["config", "path"], "config path", G],
  ["config get, all", ["config", "get"], "config get", G],
  ["config get, one key", ["config", "get", "me"], "config get", { ...G, key: "me" }],
  [
    "config set, key and value",
    ["config", "set", "me", "alice"],
    "config set",
    { ...G, key: "me", value: "alice" },
  ],
  [
    "config set, a secret's key alone",
    ["config", "set", "opsgenie.apiKey"],
    "config set",
    { ...G, key: "opsgenie.apiKey" },
  ],
  ["completion bash", ["completion", "bash"], "completion", { ...G, shell: "bash" }],
  ["completion fish", ["completion", "fish"], "completion", { ...G, shell: "fish" }],
];

describe("argv → options, without running the command", () => {
  it.each(rows)("%s", async (_, argv, name, options) => {
    const r = await parse(argv);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.calls).toEqual([{ name, options }]);
  });

  it("covers every command of the registry", () => {
    expect(new Set(rows.map((r) => r[2]))).toEqual(new Set(COMMANDS.map((c) => c.name)));
  });

  it("a long run of repeated flags keeps every value, in order", async () => {
    const marks = Array.from({ length: 2000 }, (_, i) => String(i));
    const r = await parse(["toil", "calc", "a.csv", ...marks.flatMap((m) => ["--woken", m])]);
    expect((r.calls[0]!.options as { woken: string[] }).woken).toEqual(marks);
  });
});

const bad: [string, string[], RegExp][] = [
  [
    "an empty --person",
    ["toil", "calc", "a.csv", "--person", ""],
    /^error: --person: must not be empty \(see --help\)\n$/,
  ],
  [
    "a priority not among the choices",
    ["escalate", "--priority", "P9"],
    /argument 'P9' is invalid\. Allowed choices are P1, P2, P3, P4, P5/,
  ],
  ["toil export without --out", ["toil", "export", "a.csv"], /required option '--out <file>' not specified/],
  ["toil calc without a log", ["toil", "calc"], /missing required argument 'log'/],
  [
    "a shell completion does not know",
    ["completion", "tcsh"],
    /value 'tcsh' is invalid for argument 'shell'\. Allowed choices are bash, zsh, fish/,
  ],
  [
    "a misspelt flag",
    ["rota", "who", "--att", "2026-12-25"],
    /unknown option '--att' \(Did you mean --at\?\)/,
  ],
  ["a misspelt command", ["rota", "whoo"], /unknown command 'whoo' \(Did you mean who\?\)/],
  ["a flag of another command", ["rota", "who", "--woken", "1"], /unknown option '--woken'/],
  ["a flag's value missing", ["rota", "next", "--person"], /option '--person <id>' argument missing/],
];

describe("bad argv: exit 2 with one line, and nothing runs", () => {
  it.each(bad)("%s", async (_, argv, pattern) => {
    const r = await parse(argv);
    expect(r.code).toBe(2);
    expect(r.calls).toEqual([]);
    expect(r.stderr).toMatch(pattern);
    // the error line, and at most the hint of where to look next
    expect(r.stderr.trimEnd().split("\n").length).toBeLessThanOrEqual(2);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe("");
  });
});
