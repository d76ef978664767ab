import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable, Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { parseConfigText } from "../../src/adapters/config";
import { configInit, type InitFlags } from "../../src/commands/config/init";
import { createContext } from "../../src/commands/context";
import { createIO } from "../../src/runtime/io";
import type { Prompter } from "../../src/runtime/prompts";
import { runCli } from "./run";

const NOW = "2026-11-27T12:00:00Z"; // a Friday: the last Wednesday handover was 2026-11-25

function sandbox() {
  const home = mkdtempSync(join(tmpdir(), "oncall-init-"));
  return { home, env: { HOME: home, XDG_CONFIG_HOME: join(home, ".config"), ONCALL_NOW: NOW } };
}

/**
 * One step of the wizard: the question it must be, and what the user types, in turn. Every attempt
 * but the last must be refused by the question's own validation (as the terminal would re-ask);
 * null is pressing Enter on the default.
 */
type Step = [kind: "input" | "select", message: RegExp, attempts: (string | null)[]];

interface Asked {
  message: string;
  default?: string | undefined;
  choices?: string[];
  refused: string[];
}

function scripted(steps: Step[]) {
  const asked: Asked[] = [];
  const next = (kind: string, message: string) => {
    const step = steps.shift();
    if (!step) throw new Error(`asked more than the script: ${message}`);
    expect(`${kind}: ${message}`).toMatch(new RegExp(`^${step[0]}: ${step[1].source}`));
    return step[2];
  };
  const prompter: Prompter = {
    key: () => Promise.reject(new Error("config init asks for no single key")),
    async input(q) {
      const record: Asked = { message: q.message, default: q.default, refused: [] };
      asked.push(record);
      const attempts = next("input", q.message);
      for (const [i, a] of attempts.entries()) {
        const v = a ?? q.default ?? "";
        const ok = q.validate ? q.validate(v) : true;
        if (ok === true) {
          if (i !== attempts.length - 1) throw new Error(`${q.message}: ${JSON.stringify(v)} was accepted`);
          return v;
        }
        record.refused.push(ok);
      }
      throw new Error(`${q.message}: every answer was refused: ${record.refused.join("; ")}`);
    },
    async select<T extends string>(q: {
      message: string;
      choices: { name: string; value: T }[];
      default?: T;
    }) {
      asked.push({ message: q.message, choices: q.choices.map((c) => c.name), refused: [] });
      const [answer] = next("select", q.message);
      const choice = q.choices.find((c) => c.value === answer);
      if (!choice) throw new Error(`${q.message}: ${answer} is not a choice`);
      return choice.value;
    },
    checkbox: () => Promise.reject(new Error("no checkbox expected")),
    confirm: () => Promise.reject(new Error("no confirm expected")),
    password: () => Promise.reject(new Error("no password expected")),
  };
  return { prompter, asked, left: steps };
}

function terminal(home: string, env: NodeJS.ProcessEnv) {
  let stdout = "";
  const out = Object.assign(
    new Writable({
      write: (c, _e, done) => {
        stdout += c.toString();
        done();
      },
    }),
    { isTTY: true },
  );
  const err = Object.assign(new Writable({ write: (_c, _e, done) => done() }), { isTTY: true });
  const stdin = Object.assign(Readable.from([]), { isTTY: true });
  const io = createIO({ stdout: out, stderr: err, stdin }, env, home);
  return { ctx: createContext(io, Date.parse(NOW), undefined), stdout: () => stdout };
}

const ALICE: Step[] = [
  ["input", /Time zone/, [null]],
  ["input", /First person's id/, ["alice"]],
  ["input", /alice: full name/, ["Alice Adams"]],
  ["input", /alice: email/, [null]],
  ["input", /alice: phone/, [null]],
  ["input", /Next person's id/, [""]],
  ["select", /Rota handover day/, ["wed"]],
  ["input", /Handover time/, [null]],
  ["input", /Rota start/, [null]],
  ["select", /First line: who is on first/, ["alice"]],
  ["select", /Second line: who is on first/, [""]],
  ["select", /Head of Technical Operations/, [""]],
  ["select", /Technical Director/, [""]],
  ["input", /In-hours support/, [null]],
];

describe("config init, the wizard", () => {
  it("checks each answer as it is given, asks phones and the rota start, keeps the picked order", async () => {
    const s = sandbox();
    const { prompter, asked, left } = scripted([
      ["input", /Time zone/, ["Mars/Olympus", null]],
      ["input", /First person's id/, ["", "al ice", "alice"]],
      ["input", /alice: full name/, ["  ", "Alice Adams"]],
      ["input", /alice: email/, ["alice@", "alice@example.com"]],
      ["input", /alice: phone/, ["call me", "+44 7700 900123"]],
      ["input", /Next person's id/, ["alice", "bob"]],
      ["input", /bob: full name/, ["Bob Brown"]],
      ["input", /bob: email/, [null]],
      ["input", /bob: phone/, [null]],
      ["input", /Next person's id/, ["carol"]],
      ["input", /carol: full name/, ["Carol Clark"]],
      ["input", /carol: email/, ["carol@example.com"]],
      ["input", /carol: phone/, [null]],
      ["input", /Next person's id/, [""]],
      ["select", /Rota handover day/, ["wed"]],
      ["input", /Handover time/, ["25:00", "9.30", "09:30"]],
      ["input", /Rota start/, ["2026-12-03", "2026-02-30", "9999-12-01", null]],
      ["select", /First line: who is on first/, ["carol"]],
      ["select", /First line so far: carol\. Who is next/, ["alice"]],
      ["select", /First line so far: carol, alice\. Who is next/, [""]],
      ["select", /Second line: who is on first/, ["bob"]],
      ["select", /Second line so far: bob\. Who is next/, [""]],
      ["select", /Head of Technical Operations/, ["bob"]],
      ["select", /Technical Director/, [""]],
      ["input", /In-hours support/, ["10-18", "18:00-10:00", "09:00-17:30"]],
    ]);
    await configInit({}, terminal(s.home, s.env).ctx, prompter);
    expect(left).toEqual([]);
    const refused = Object.fromEntries(
      asked.filter((a) => a.refused.length).map((a) => [a.message, a.refused]),
    );
    expect(refused).toEqual({
      "Time zone of the team": ["an IANA time zone, such as Europe/London"],
      "First person's id (short, e.g. alice)": [
        "the team needs at least one person",
        "expected an id of letters, digits, '.', '_' or '-'",
      ],
      "alice: full name": ["a name"],
      "alice: email (their Opsgenie username; empty: none)": ["expected an email address"],
      "alice: phone, shown when a page is not confirmed (optional)": [
        "expected a phone number such as +44 7700 900123",
      ],
      "Next person's id (empty when done)": ["alice is already in the team: ids must be unique"],
      "Handover time (HH:MM)": ['expected a time "HH:MM" (24-hour)', 'expected a time "HH:MM" (24-hour)'],
      "Rota start: the first handover (a wed)": [
        "2026-12-03 is a thu: the rota starts on a handover day (wed)",
        "2026-02-30 is not a calendar date",
        "the year 9999 is outside 2000-01-01 to 2099-12-31",
      ],
      "In-hours support (HH:MM-HH:MM)": [
        'expected "HH:MM-HH:MM", such as 10:00-18:00',
        "support hours must start before they end",
      ],
    });
    // the rota start defaults to the handover in effect now; the first line cannot be left empty
    expect(asked.find((a) => a.message.startsWith("Rota start"))?.default).toBe("2026-11-25");
    expect(asked.find((a) => a.message.startsWith("First line: who"))?.choices).not.toContain("(nobody)");
    expect(asked.find((a) => a.message.startsWith("Second line: who"))?.choices?.[0]).toBe("(nobody)");

    const config = parseConfigText(readFileSync(join(s.home, ".oncallrc.yaml"), "utf8"), "x.yaml");
    expect(config.people).toEqual([
      { id: "alice", name: "Alice Adams", email: "alice@example.com", phone: "+44 7700 900123" },
      { id: "bob", name: "Bob Brown" },
      { id: "carol", name: "Carol Clark", email: "carol@example.com" },
    ]);
    expect(config.rota?.handover).toEqual({ day: "wed", time: "09:30" });
    expect(config.rota?.lines.map((l) => [l.id, l.start, l.members])).toEqual([
      ["first-line", "2026-11-25", ["carol", "alice"]],
      ["second-line", "2026-11-25", ["bob"]],
    ]);
    expect(config.supportHours).toMatchObject({ start: "09:00", end: "17:30" });
    expect(config.escalation.contacts).toEqual({
      "head-of-ops": { person: "bob", title: "Head of Technical Operations" },
    });
  });

  it("a second line that would put someone on both lines in one week is asked again", async () => {
    const s = sandbox();
    const { prompter, asked, left } = scripted([
      ["input", /Time zone/, [null]],
      ["input", /First person's id/, ["alice"]],
      ["input", /alice: full name/, ["Alice Adams"]],
      ["input", /alice: email/, [null]],
      ["input", /alice: phone/, [null]],
      ["input", /Next person's id/, ["bob"]],
      ["input", /bob: full name/, ["Bob Brown"]],
      ["input", /bob: email/, [null]],
      ["input", /bob: phone/, [null]],
      ["input", /Next person's id/, [""]],
      ["select", /Rota handover day/, ["wed"]],
      ["input", /Handover time/, [null]],
      ["input", /Rota start/, [null]],
      ["select", /First line: who is on first/, ["alice"]],
      ["select", /First line so far: alice\. Who is next/, [""]],
      ["select", /Second line: who is on first/, ["alice"]],
      ["select", /Second line so far: alice\. Who is next/, [""]],
      ["select", /Second line: who is on first/, ["bob"]],
      ["select", /Second line so far: bob\. Who is next/, [""]],
      ["select", /Head of Technical Operations/, [""]],
      ["select", /Technical Director/, [""]],
      ["input", /In-hours support/, [null]],
    ]);
    await configInit({}, terminal(s.home, s.env).ctx, prompter);
    expect(left).toEqual([]);
    expect(asked.filter((a) => a.message.startsWith("Second line: who")).length).toBe(2);
    const config = parseConfigText(readFileSync(join(s.home, ".oncallrc.yaml"), "utf8"), "x.yaml");
    expect(config.rota?.lines.map((l) => [l.id, l.members])).toEqual([
      ["first-line", ["alice"]],
      ["second-line", ["bob"]],
    ]);
  });

  it("an existing file is refused before the first question", async () => {
    const s = sandbox();
    writeFileSync(join(s.home, ".oncallrc.yaml"), "people: []\n");
    const { prompter, asked } = scripted([]);
    await expect(configInit({}, terminal(s.home, s.env).ctx, prompter)).rejects.toMatchObject({
      kind: "usage",
      message: ".oncallrc.yaml already exists",
      hint: expect.stringMatching(/pass --force/),
    });
    expect(asked).toEqual([]);
    expect(readFileSync(join(s.home, ".oncallrc.yaml"), "utf8")).toBe("people: []\n");
  });

  it("a bad flag is refused before the first question too", async () => {
    const s = sandbox();
    const { prompter, asked } = scripted([]);
    await expect(
      configInit({ supportHours: "9-5" }, terminal(s.home, s.env).ctx, prompter),
    ).rejects.toMatchObject({ kind: "usage", message: expect.stringMatching(/^--support-hours 9-5: /) });
    expect(asked).toEqual([]);
  });

  it("a late error keeps the answers: written to <out>.draft, and the error says so", async () => {
    const s = sandbox();
    const { prompter, left } = scripted([...ALICE]);
    const flags: InitFlags = { contact: ["head-of-ops=zed:Head of Ops"] }; // zed is not among the people
    const err = await configInit(flags, terminal(s.home, s.env).ctx, prompter).catch((e) => e);
    expect(left).toEqual([]);
    expect(err).toMatchObject({
      kind: "usage",
      message: expect.stringMatching(
        /^the config would not be valid: escalation\.contacts\.head-of-ops\.person/,
      ),
      hint: "your answers are in .oncallrc.yaml.draft: fix it, then rename it to .oncallrc.yaml",
    });
    expect(existsSync(join(s.home, ".oncallrc.yaml"))).toBe(false);
    const draft = readFileSync(join(s.home, ".oncallrc.yaml.draft"), "utf8");
    expect(draft).toMatch(/id: alice\n\s+name: Alice Adams/);
    expect(draft).toMatch(/person: zed/);
  });

  it("when not even the draft can be written, the answers are printed on stdout", async () => {
    const s = sandbox();
    const { prompter } = scripted([...ALICE]);
    const term = terminal(s.home, s.env);
    const err = await configInit({ out: "no-such-dir/team.yaml" }, term.ctx, prompter).catch((e) => e);
    expect(err).toMatchObject({
      kind: "usage",
      message: expect.stringMatching(/^cannot write no-such-dir\/team\.yaml/),
      hint: "your answers are printed above as YAML: save and fix them",
    });
    expect(parseConfigText(term.stdout(), "printed.yaml").people.map((p) => p.id)).toEqual(["alice"]);
  });
});

describe("config init, the flags (no terminal)", () => {
  const init = (args: string[], s = sandbox()) =>
    runCli(["config", "init", ...args], { cwd: s.home, env: s.env });

  it.each([
    [["--person", "a:A", "--person", "a:B"], /--person a:B: a is already in the team: ids must be unique/],
    [["--person", "a:A:not-an-email"], /--person a:A:not-an-email: expected an email address/],
    [["--person", "a:A::12"], /--person a:A::12: expected a phone number/],
    [["--person", "a b:A"], /--person a b:A: expected an id of letters/],
    [["--person", "a:A", "--handover", "wed 25:00"], /--handover wed 25:00: expected a time "HH:MM"/],
    [["--person", "a:A", "--support-hours", "9-5"], /--support-hours 9-5: expected "HH:MM-HH:MM"/],
    [["--person", "a:A", "--support-hours", "18:00-10:00"], /support hours must start before they end/],
    [["--person", "a:A", "--first-line", " , "], /--first-line " , ": a line needs at least one member/],
    [["--person", "a:A", "--first-line", "a,b"], /--first-line a,b: b is not one of the people — people: a/],
    [
      ["--person", "a:A", "--first-line", "a", "--start", "2026-12-03"],
      /--start 2026-12-03: 2026-12-03 is a thu: the rota starts on a handover day \(wed\)/,
    ],
    [["--person", "a:A", "--first-line", "a", "--start", "9999-12-01"], /--start 9999-12-01: the year 9999/],
    [["--person", "a:A", "--timezone", "Mars/Olympus"], /--timezone Mars\/Olympus: not an IANA time zone/],
  ])("%j is a usage error, and nothing is written", async (args, message) => {
    const s = sandbox();
    const r = await init(args, s);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(existsSync(join(s.home, ".oncallrc.yaml"))).toBe(false);
  });

  it("keeps the members' order as given, and --json says what was written where", async () => {
    const s = sandbox();
    const r = await init(
      [
        "--person",
        "alice:Alice Adams:alice@example.com:+44 7700 900123",
        "--person",
        "bob:Bob Brown",
        "--first-line",
        "bob,alice",
        "--start",
        "2026-12-09",
        "--json",
      ],
      s,
    );
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.file).toBe(join(s.home, ".oncallrc.yaml"));
    expect(doc.config.rota.lines[0]).toMatchObject({ start: "2026-12-09", members: ["bob", "alice"] });
    const config = parseConfigText(readFileSync(doc.file, "utf8"), ".oncallrc.yaml");
    expect(config.rota?.lines[0]?.members).toEqual(["bob", "alice"]);
    expect(config.people[0]?.phone).toBe("+44 7700 900123");
  });
});
