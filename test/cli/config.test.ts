import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable, Writable } from "node:stream";
import Ajv from "ajv";
import { describe, expect, it } from "vitest";
import { parseConfigText } from "../../src/adapters/config";
import { configInit } from "../../src/commands/config/init";
import { createContext } from "../../src/commands/context";
import { createIO } from "../../src/runtime/io";
import type { Prompter } from "../../src/runtime/prompts";
import { runCli } from "./run";

const NOW = "2026-11-27T12:00:00Z";

function sandbox() {
  const home = mkdtempSync(join(tmpdir(), "oncall-config-"));
  return { home, env: { HOME: home, XDG_CONFIG_HOME: join(home, ".config"), ONCALL_NOW: NOW } };
}

describe("oncall config init", () => {
  it("through flags: writes a valid config that the rota commands read", async () => {
    const s = sandbox();
    const r = await runCli(
      [
        "config",
        "init",
        "--person",
        "alice:Alice Adams:alice@example.com",
        "--person",
        "bob:Bob Brown:bob@example.com:+44 7700 900999",
        "--person",
        "carol:Carol Cole",
        "--first-line",
        "alice,bob",
        // bob on both lines would be on both at once every other week: init refuses it
        "--second-line",
        "carol",
        "--contact",
        "head-of-ops=bob:Head of Technical Operations",
        "--handover",
        "mon 09:30",
      ],
      { cwd: s.home, env: s.env },
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/wrote .*\.oncallrc\.yaml/);
    const text = readFileSync(join(s.home, ".oncallrc.yaml"), "utf8");
    const config = parseConfigText(text, ".oncallrc.yaml");
    expect(config.rota?.handover).toEqual({ day: "mon", time: "09:30" });
    expect(config.rota?.lines.map((l) => [l.id, l.start, l.members])).toEqual([
      // the handover in effect now (issue 8: the next one left nobody on call until then)
      ["first-line", "2026-11-23", ["alice", "bob"]],
      ["second-line", "2026-11-23", ["carol"]],
    ]);
    expect(text).toMatch(/start: "10:00"/);
    const who = await runCli(["rota", "who", "--at", "2026-11-23T12:00", "--json"], {
      cwd: s.home,
      env: s.env,
    });
    expect(JSON.parse(who.stdout).lines.map((l: { person: string }) => l.person)).toEqual(["alice", "carol"]);
    // never over an existing file without --force
    const again = await runCli(["config", "init", "--person", "x:X"], { cwd: s.home, env: s.env });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists — pass --force/);
  });

  it("without people and without a terminal: a usage error naming the flag", async () => {
    const s = sandbox();
    const r = await runCli(["config", "init"], { cwd: s.home, env: s.env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/config init needs the team's people — pass --person/);
  });

  it("through its prompts", async () => {
    const s = sandbox();
    const answers: Record<string, unknown[]> = {
      input: [
        "Europe/London",
        "alice",
        "Alice Adams",
        "alice@example.com",
        "",
        "dave",
        "Dave Davies",
        "",
        "",
        "",
        "10:00",
        "2026-12-02",
        "10:00-18:00",
      ],
      // line members are picked one at a time, in rota order; "" is (done)/(nobody)/(none)
      select: ["wed", "alice", "", "dave", "", "dave", ""],
    };
    const asked: string[] = [];
    const next = (kind: string, message: string) => {
      asked.push(message);
      const list = answers[kind]!;
      if (list.length === 0) throw new Error(`no answer left for ${kind}: ${message}`);
      return Promise.resolve(list.shift());
    };
    const prompter = {
      input: (q: { message: string }) => next("input", q.message),
      select: (q: { message: string }) => next("select", q.message),
      checkbox: (q: { message: string }) => next("checkbox", q.message),
      confirm: (q: { message: string }) => next("confirm", q.message),
      password: (q: { message: string }) => next("password", q.message),
    } as unknown as Prompter;
    const tty = Object.assign(new Writable({ write: (_c, _e, done) => done() }), { isTTY: true });
    const stdin = Object.assign(Readable.from([]), { isTTY: true });
    const io = createIO({ stdout: tty, stderr: tty, stdin }, s.env, s.home);
    await configInit({}, createContext(io, Date.parse(NOW), undefined), prompter);
    const config = parseConfigText(readFileSync(join(s.home, ".oncallrc.yaml"), "utf8"), "x.yaml");
    expect(config.people.map((p) => p.id)).toEqual(["alice", "dave"]);
    expect(config.rota?.lines.map((l) => [l.id, l.start, l.members])).toEqual([
      ["first-line", "2026-12-02", ["alice"]],
      ["second-line", "2026-12-02", ["dave"]],
    ]);
    expect(config.escalation.contacts).toEqual({
      "head-of-ops": { person: "dave", title: "Head of Technical Operations" },
    });
    expect(asked[0]).toBe("Time zone of the team");
    expect(Object.values(answers).every((l) => l.length === 0)).toBe(true);
  });
});

describe("oncall config show, path, get and set", () => {
  const root = join(__dirname, "..", "..");
  const CONFIG = join(root, "examples", "oncall.config.yaml");

  it("show: the resolved config with defaults, and where it came from", async () => {
    const r = await runCli(["config", "show", "--config", CONFIG]);
    expect(r.stdout).toMatch(/^# .*examples\/oncall.config.yaml \(with every default filled in\)/);
    expect(r.stdout).toMatch(/windowMinutes: 60/);
    const j = JSON.parse((await runCli(["config", "show", "--config", CONFIG, "--json"])).stdout);
    expect(j.config.toil.hoursPerDay).toBe(7);
  });

  it("path: the team config, the personal settings, the journal and the ledger", async () => {
    const s = sandbox();
    const r = await runCli(["config", "path"], { cwd: s.home, env: s.env });
    expect(r.stdout).toBe(
      `team config: (none found; oncall config init writes one)\npersonal settings: ${join(s.home, ".config", "oncall", "settings.json")}\njournal: ${join(s.home, ".local", "share", "oncall", "journal.jsonl")}\nledger: ${join(s.home, ".local", "share", "oncall", "ledger.jsonl")}\n`,
    );
  });

  it("set and get me; the settings file has mode 0600", async () => {
    const s = sandbox();
    expect((await runCli(["config", "set", "me", "alice"], { cwd: s.home, env: s.env })).code).toBe(0);
    expect((await runCli(["config", "get", "me"], { cwd: s.home, env: s.env })).stdout).toBe("alice\n");
    const file = join(s.home, ".config", "oncall", "settings.json");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const next = await runCli(["rota", "next", "--config", CONFIG], { cwd: s.home, env: s.env });
    expect(next.stdout).toMatch(/^Alice Adams \(alice\) is on call:/);
  });

  it("a secret is never taken from the command line, is read from stdin, and is never printed", async () => {
    const s = sandbox();
    const key = "abcd1234-secret-key-5678";
    const argv = await runCli(["config", "set", "opsgenie.apiKey", key], { cwd: s.home, env: s.env });
    expect(argv.code).toBe(2);
    expect(argv.stderr).toMatch(/never taken from the command line/);
    expect(argv.stderr).not.toContain(key);
    const piped = await runCli(["config", "set", "opsgenie.apiKey", "--verbose"], {
      cwd: s.home,
      env: s.env,
      stdin: `${key}\n`,
    });
    expect(piped.code).toBe(0);
    expect(piped.stdout + piped.stderr).not.toContain(key);
    const get = await runCli(["config", "get", "--verbose"], { cwd: s.home, env: s.env });
    expect(get.stdout).toMatch(/opsgenie.apiKey: \(set\)/);
    expect(get.stdout + get.stderr).not.toContain(key);
    const stored = JSON.parse(readFileSync(join(s.home, ".config", "oncall", "settings.json"), "utf8"));
    expect(stored.opsgenie.apiKey).toBe(key);
  });

  it("unknown settings and bad values are usage errors", async () => {
    const s = sandbox();
    expect((await runCli(["config", "set", "colour", "red"], { cwd: s.home, env: s.env })).stderr).toMatch(
      /unknown setting "colour"/,
    );
    expect(
      (await runCli(["config", "set", "opsgenie.region", "mars"], { cwd: s.home, env: s.env })).code,
    ).toBe(2);
  });
});

describe("--no-input", () => {
  it("a secret with prompting off on a terminal is a usage error, not a silent wait", async () => {
    const home = mkdtempSync(join(tmpdir(), "oncall-noinput-"));
    const r = await runCli(["config", "set", "opsgenie.apiKey", "--no-input"], {
      tty: true,
      env: { HOME: home, XDG_CONFIG_HOME: join(home, ".config") },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/prompting is off \(--no-input\) — pipe it/);
  });

  it("config init with --no-input on a terminal asks nothing: a usage error naming the flag", async () => {
    const home = mkdtempSync(join(tmpdir(), "oncall-noinput-"));
    const r = await runCli(["config", "init", "--no-input"], { tty: true, cwd: home, env: { HOME: home } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/pass --person/);
  });
});

describe("config init and config set JSON documents match their schemas", () => {
  const root = join(__dirname, "..", "..");
  const validator = (name: string) =>
    new Ajv({ allErrors: true }).compile(
      JSON.parse(readFileSync(join(root, "schema", `${name}.schema.json`), "utf8")),
    );

  it("config init --json", async () => {
    const { env, home: dir } = sandbox();
    const r = await runCli(
      [
        "config",
        "init",
        "--person",
        "a:Ann:a@example.com",
        "--first-line",
        "a",
        "--json",
        "--out",
        join(dir, "t.yaml"),
      ],
      { env },
    );
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    const validate = validator("config-init");
    expect(validate(doc) ? [] : validate.errors).toEqual([]);
    expect(doc.file).toBe(join(dir, "t.yaml"));
  });

  it.each([
    ["config-show", ["show", "--config", join(root, "examples", "oncall.config.yaml")]],
    ["config-show", ["show"]],
    ["config-path", ["path"]],
    ["config-get", ["get"]],
    ["config-get", ["get", "me"]],
  ])("%s %j", async (name, args) => {
    const { env } = sandbox();
    await runCli(["config", "set", "me", "alice"], { env });
    const r = await runCli(["config", ...args, "--json"], { env, cwd: env.HOME });
    expect(r.code).toBe(0);
    const validate = validator(name);
    const doc = JSON.parse(r.stdout);
    expect(validate(doc) ? [] : validate.errors).toEqual([]);
  });

  it.each([
    [["me", "alice"], ""],
    [["opsgenie.apiKey"], "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"],
  ])("config set %j --json", async (args, stdin) => {
    const { env } = sandbox();
    const r = await runCli(["config", "set", ...args, "--json"], { env, stdin });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    const validate = validator("config-set");
    expect(validate(doc) ? [] : validate.errors).toEqual([]);
    expect(r.stdout).not.toContain("0f1e2d3c");
  });
});
