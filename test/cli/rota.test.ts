import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Ajv from "ajv";
import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { runCli } from "./run";

const root = join(__dirname, "..", "..");
const CONFIG = join(root, "examples", "oncall.config.yaml");
const dir = mkdtempSync(join(tmpdir(), "oncall-rota-"));
const NOW = { ONCALL_NOW: "2026-11-27T12:00:00Z" };
const rota = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  runCli(["rota", ...args, "--config", CONFIG], { env: { ...NOW, ...env } });

describe("oncall rota who", () => {
  it("names each line's person, until when, the contacts, and whether it is support hours", async () => {
    const r = await rota(["who"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /On call at Fri 27 Nov 12:00 +In support hours now; on call from Fri 27 Nov 18:00\./,
    );
    expect(r.stdout).toMatch(/^First line\tBob Brown\t\tuntil Sat 28 Nov 18:00\t$/m);
    expect(r.stdout).toMatch(/^Second line\tDave Davies\t\+44 7700 900456\tuntil Wed 2 Dec 10:00\t$/m);
    // piped, stdout is the lines' rows only; the contacts are for a person, on stderr
    expect(r.stderr).toMatch(/^Head of Technical Operations\tDave Davies\t/m);
    for (const line of r.stdout.replace(/\n$/, "").split("\n")) expect(line.split("\t")).toHaveLength(5);
  });

  it("--at a local time, --json per SPEC §5", async () => {
    const r = await rota(["who", "--at", "2026-11-28T20:00", "--json"]);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ schemaVersion: 1, at: "2026-11-28T20:00:00.000Z", inSupportHours: false });
    expect(doc.lines[0]).toEqual({
      line: "first-line",
      person: "carol",
      name: "Carol Clark",
      from: "2026-11-28T18:00:00.000Z",
      until: "2026-11-29T10:00:00.000Z",
      override: true,
      reason: "swap: covering Bob on Saturday night",
      phone: null,
    });
    expect(doc.contacts[0]).toMatchObject({
      id: "head-of-ops",
      person: "dave",
      name: "Dave Davies",
      title: "Head of Technical Operations",
    });
  });

  it("a bad --at is a usage error", async () => {
    const r = await rota(["who", "--at", "tomorrow"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--at tomorrow: expected a date or date-time/);
  });
});

describe("oncall rota show", () => {
  it("the week containing now, per line, with the override marked and the current shift highlighted", async () => {
    const r = await rota(["show"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/Rota +Wed 25 Nov 10:00 – Wed 2 Dec 10:00/);
    // piped, each row names its line and the cell is the name alone: the marker is the terminal's
    expect(r.stdout).toMatch(/^First line\tBob Brown\tWed 25 Nov 10:00\tSat 28 Nov 18:00\t$/m);
    expect(r.stdout).toMatch(/^First line\tCarol Clark\tSat 28 Nov 18:00\tSun 29 Nov 10:00\toverride: swap/m);
    expect(r.stdout).not.toContain("◀");
    const tty = await runCli(["rota", "show", "--config", CONFIG, "--no-color"], { tty: true });
    expect(tty.stdout).toMatch(/^│ Bob Brown ◀ now +│ Wed 25 Nov 10:00 │ Sat 28 Nov 18:00 │/m);
  });

  it("--weeks, --line and --json: shifts in time order per line", async () => {
    const r = await rota(["show", "--week", "2026-12-02", "--weeks", "3", "--line", "first-line", "--json"]);
    const doc = JSON.parse(r.stdout);
    expect(doc.from).toBe("2026-12-02T10:00:00.000Z");
    expect(doc.to).toBe("2026-12-23T10:00:00.000Z");
    expect(doc.shifts.map((s: { person: string }) => s.person)).toEqual(["carol", "alice", "bob"]);
  });

  it("--month", async () => {
    const doc = JSON.parse((await rota(["show", "--month", "2026-12", "--json"])).stdout);
    expect(doc.from).toBe("2026-12-01T00:00:00.000Z");
    expect(doc.to).toBe("2027-01-01T00:00:00.000Z");
  });

  it("without a rota in the config: a config error saying what to add (exit 3)", async () => {
    const cfg = join(dir, "no-rota.yaml");
    writeFileSync(cfg, "people: []\n");
    const r = await runCli(["rota", "show", "--config", cfg], { env: NOW });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/no-rota.yaml has no rota lines — add rota.lines/);
    const none = await runCli(["rota", "who"], { env: { ...NOW, HOME: dir }, cwd: dir });
    expect(none.code).toBe(3);
    expect(none.stderr).toMatch(/no team config found, so there is no rota — run oncall config init/);
  });

  it("--week with a date that does not exist is a usage error", async () => {
    const r = await rota(["show", "--week", "2026-02-30"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--week 2026-02-30: 2026-02-30 is not a calendar date/);
  });
});

describe("oncall rota next", () => {
  it("a person's current and next shifts; me from the settings", async () => {
    const r = await rota(["next", "--person", "carol", "--json"]);
    const doc = JSON.parse(r.stdout);
    expect(doc.shifts.map((s: { start: string; now: boolean }) => [s.start, s.now])).toEqual([
      ["2026-11-28T18:00:00.000Z", false],
      ["2026-12-02T10:00:00.000Z", false],
      ["2026-12-23T10:00:00.000Z", false],
    ]);
    const me = await rota(["next"], { ONCALL_ME: "bob" });
    expect(me.stdout).toMatch(
      /Bob Brown \(bob\) is on call:\n {2}First line: Wed 25 Nov 10:00 – Sat 28 Nov 18:00 \(now\)/,
    );
    const nobody = await rota(["next"]);
    expect(nobody.code).toBe(2);
    expect(nobody.stderr).toMatch(/who you are is not set — run: oncall config set me/);
  });
});

describe("oncall rota hours", () => {
  it("per person and line in the handover-month, pay at --rate", async () => {
    const r = await rota(["hours", "--month", "2026-11", "--rate", "2.5", "--json"]);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({
      payPeriod: "handover-month",
      from: "2026-11-04T10:00:00.000Z",
      to: "2026-12-02T10:00:00.000Z",
    });
    const bob = doc.people.find((p: { person: string }) => p.person === "bob");
    // two weeks (336 h) less carol's 16-hour override; each week has 40 in-hours hours
    expect(bob).toMatchObject({ shiftHours: 320, outOfHoursHours: 240, pay: 600 });
    const csv = await rota(["hours", "--month", "2026-11", "--format", "csv"]);
    expect(csv.stdout.split("\n")[0]).toBe("person,name,shift_hours,out_of_hours_hours,pay,currency");
  });

  it("needs --month", async () => {
    expect((await rota(["hours"])).code).toBe(2);
  });
});

describe("oncall rota check", () => {
  it("a good config: no problems, exit 0", async () => {
    const r = await rota(["check"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/no problems found/);
  });

  it("every problem, one line each with its line number; exit 3", async () => {
    const cfg = join(dir, "bad-rota.yaml");
    writeFileSync(
      cfg,
      `people:
  - { id: alice, name: Alice }
  - { id: bob, name: Bob }
rota:
  lines:
    - { id: first-line, start: 2026-01-07, members: [alice, bob] }
    - { id: second-line, start: 2026-01-07, members: [bob, alice] }
  overrides:
    - { line: first-line, person: alice, from: "2026-03-10T18:00", to: "2026-03-10T09:00" }
    - { line: first-line, person: bob, from: "2026-10-25T01:30", to: "2026-10-26T10:00" }
    - { line: first-line, person: alice, from: "2026-10-25T12:00", to: "2026-10-27T10:00" }
`,
    );
    const r = await runCli(["rota", "check", "--config", cfg], { env: NOW });
    expect(r.code).toBe(3);
    const lines = r.stdout.trim().split("\n");
    expect(lines).toEqual([
      expect.stringMatching(
        /bad-rota.yaml:6: rota.lines: a person is on two lines at once: alice on first-line and second-line/,
      ),
      expect.stringMatching(
        /bad-rota.yaml:9: rota.overrides\[0\].to: ends \(2026-03-10T09:00\) before or when it starts/,
      ),
      expect.stringMatching(
        /bad-rota.yaml:10: rota.overrides\[1\].from: 2026-10-25T01:30 is in the hour the clocks repeat/,
      ),
      expect.stringMatching(
        /bad-rota.yaml:11: rota.overrides\[2\]: warning: overlaps rota.overrides\[1\] on first-line .*: the later one in the file holds the line then \(alice\)/,
      ),
    ]);
    expect(r.stderr).toMatch(/error: 3 problems in .*bad-rota.yaml/);
  });

  it("schema problems are all listed too", async () => {
    const cfg = join(dir, "bad-schema.yaml");
    writeFileSync(cfg, "people:\n  - { id: alice }\n  - { id: bob, name: Bob, email: nope }\n");
    const r = await runCli(["rota", "check", "--config", cfg], { env: NOW });
    expect(r.code).toBe(3);
    expect(r.stdout.trim().split("\n")).toEqual([
      expect.stringMatching(/bad-schema.yaml:2: people\[0\].name: is required/),
      expect.stringMatching(/bad-schema.yaml:3: people\[1\].email: expected an email address/),
    ]);
  });
});

describe("oncall rota export --ics", () => {
  it("an iCalendar feed that a real parser reads back: one event per shift, UTC times, stable UIDs", async () => {
    const r = await rota(["export", "--ics", "--weeks", "2"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(r.stdout.split("\r\n").every((l) => Buffer.byteLength(l) <= 75)).toBe(true);
    const cal = new ICAL.Component(ICAL.parse(r.stdout));
    const events = cal.getAllSubcomponents("vevent").map((v) => new ICAL.Event(v));
    expect(
      events.map((e) => [
        e.summary,
        e.startDate.toJSDate().toISOString(),
        e.endDate.toJSDate().toISOString(),
      ]),
    ).toEqual([
      ["First line: Bob Brown", "2026-11-25T10:00:00.000Z", "2026-11-28T18:00:00.000Z"],
      ["First line: Carol Clark", "2026-11-28T18:00:00.000Z", "2026-11-29T10:00:00.000Z"],
      ["First line: Bob Brown", "2026-11-29T10:00:00.000Z", "2026-12-02T10:00:00.000Z"],
      ["First line: Carol Clark", "2026-12-02T10:00:00.000Z", "2026-12-09T10:00:00.000Z"],
      ["Second line: Dave Davies", "2026-11-25T10:00:00.000Z", "2026-12-02T10:00:00.000Z"],
      ["Second line: Erin Evans", "2026-12-02T10:00:00.000Z", "2026-12-09T10:00:00.000Z"],
    ]);
    expect(events[1]!.description).toMatch(/override: swap: covering Bob on Saturday night/);
    const again = await rota(["export", "--ics", "--weeks", "2"], { ONCALL_NOW: "2026-11-28T12:00:00Z" });
    const uids = (text: string) => [...text.matchAll(/^UID:(.*)$/gm)].map((m) => m[1]);
    expect(uids(again.stdout)).toEqual(uids(r.stdout));
  });

  it("--person and --out", async () => {
    const out = join(dir, "carol.ics");
    const r = await rota(["export", "--ics", "--person", "carol", "--out", out]);
    expect(r.code).toBe(0);
    const text = readFileSync(out, "utf8");
    expect(text.match(/BEGIN:VEVENT/g)?.length).toBeGreaterThan(3);
    expect(text).not.toMatch(/Bob Brown/);
    expect(statSync(out).size).toBeGreaterThan(0);
  });
});

describe("rota JSON documents match their schemas", () => {
  it.each([
    ["rota-who", ["who", "--json"]],
    ["rota-who", ["who", "--json", "--at", "2025-01-01T00:00"]],
    ["rota-show", ["show", "--json", "--weeks", "4"]],
    ["rota-next", ["next", "--person", "alice", "--json"]],
    ["rota-hours", ["hours", "--month", "2026-11", "--json"]],
    ["rota-hours", ["hours", "--month", "2026-11", "--rate", "3", "--json"]],
    ["rota-check", ["check", "--json"]],
    ["rota-export", ["export", "--json", "--weeks", "2"]],
  ])("%s %j", async (name, args) => {
    const schema = JSON.parse(readFileSync(join(root, "schema", `${name}.schema.json`), "utf8"));
    const validate = new Ajv({ allErrors: true }).compile(schema);
    const doc = JSON.parse((await rota(args)).stdout);
    expect(validate(doc) ? [] : validate.errors).toEqual([]);
  });
});
