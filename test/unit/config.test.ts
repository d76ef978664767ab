import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findConfigFile, loadConfig, parseConfigText } from "../../src/adapters/config";
import { OncallError } from "../../src/errors";

function sandbox() {
  const home = mkdtempSync(join(tmpdir(), "oncall-home-"));
  const project = join(home, "work", "team-repo");
  const sub = join(project, "deep", "dir");
  mkdirSync(sub, { recursive: true });
  return {
    home,
    project,
    sub,
    env: { HOME: home, XDG_CONFIG_HOME: join(home, ".config") } as NodeJS.ProcessEnv,
  };
}

const MINIMAL = "people:\n  - { id: alice, name: Alice Adams, email: alice@example.com }\n";

function configError(text: string, name = "oncall.config.yaml"): string {
  try {
    parseConfigText(text, name);
  } catch (e) {
    expect(e).toBeInstanceOf(OncallError);
    expect((e as OncallError).kind).toBe("config");
    return (e as OncallError).message;
  }
  throw new Error("expected a config error");
}

describe("config discovery (SPEC §2)", () => {
  it("finds .oncallrc.yaml in a parent directory", () => {
    const s = sandbox();
    writeFileSync(join(s.project, ".oncallrc.yaml"), MINIMAL);
    expect(findConfigFile(s.sub, s.env)).toBe(join(s.project, ".oncallrc.yaml"));
  });

  it("reads the oncall key of package.json, with line numbers in errors", () => {
    const s = sandbox();
    writeFileSync(
      join(s.project, "package.json"),
      JSON.stringify(
        { name: "x", oncall: { people: [{ id: "a", name: "A" }], timezone: "Mars/Base" } },
        null,
        2,
      ),
    );
    expect(findConfigFile(s.sub, s.env)).toBe(join(s.project, "package.json"));
    expect(() => loadConfig(s.sub, s.env)).toThrow(/package.json:10: timezone: expected an IANA time zone/);
  });

  it("skips a package.json without the key and keeps searching", () => {
    const s = sandbox();
    writeFileSync(join(s.sub, "package.json"), '{"name":"x"}');
    writeFileSync(join(s.project, "oncall.config.yml"), MINIMAL);
    expect(findConfigFile(s.sub, s.env)).toBe(join(s.project, "oncall.config.yml"));
  });

  it("never runs code: a .config/config.js or oncall.config.js is ignored", () => {
    const s = sandbox();
    mkdirSync(join(s.sub, ".config"));
    const marker = join(s.home, "ran");
    writeFileSync(
      join(s.sub, ".config", "config.js"),
      `require("fs").writeFileSync(${JSON.stringify(marker)}, "x")`,
    );
    writeFileSync(
      join(s.sub, "oncall.config.js"),
      `require("fs").writeFileSync(${JSON.stringify(marker)}, "x")`,
    );
    writeFileSync(
      join(s.sub, ".oncallrc.cjs"),
      `require("fs").writeFileSync(${JSON.stringify(marker)}, "x")`,
    );
    expect(findConfigFile(s.sub, s.env)).toBeNull();
    expect(() => readFileSync(marker)).toThrow();
  });

  it("falls back to the user's config directory", () => {
    const s = sandbox();
    mkdirSync(join(s.home, ".config", "oncall"), { recursive: true });
    writeFileSync(join(s.home, ".config", "oncall", "config.yaml"), MINIMAL);
    expect(findConfigFile(s.sub, s.env)).toBe(join(s.home, ".config", "oncall", "config.yaml"));
  });

  it("--config and ONCALL_CONFIG name a file directly; a missing one is a config error", () => {
    const s = sandbox();
    writeFileSync(join(s.home, "team.yaml"), MINIMAL);
    expect(findConfigFile(s.sub, s.env, join(s.home, "team.yaml"))).toBe(join(s.home, "team.yaml"));
    expect(findConfigFile(s.sub, { ...s.env, ONCALL_CONFIG: join(s.home, "team.yaml") })).toBe(
      join(s.home, "team.yaml"),
    );
    expect(() => findConfigFile(s.sub, s.env, "missing.yaml")).toThrow(/config file not found: missing.yaml/);
  });

  it("without any config, defaults apply with no people", () => {
    const s = sandbox();
    const { config, filepath } = loadConfig(s.sub, s.env);
    expect(filepath).toBeNull();
    expect(config.timezone).toBe("Europe/London");
    expect(config.people).toEqual([]);
  });
});

describe("config schema and defaults", () => {
  it("fills every default of SPEC §2", () => {
    const c = parseConfigText(MINIMAL, "x.yaml");
    expect(c.supportHours).toEqual({
      days: ["mon", "tue", "wed", "thu", "fri"],
      start: "10:00",
      end: "18:00",
      holidays: "england-and-wales",
      extraHolidays: [],
    });
    expect(c.toil).toMatchObject({
      windowMinutes: 60,
      awakeDays: 0.25,
      wokenDays: 0.5,
      extraDaysPerHour: 0.25,
      extraRounding: "quarter-hour",
      hoursPerDay: 7,
      sleepHours: { start: "23:00", end: "07:00" },
      backToSleepMinutes: 60,
    });
    expect(c.toil.attribution).toBeUndefined();
    expect(c.escalation).toMatchObject({ afterMinutes: 5, priority: "P1" });
    expect(c.opsgenie).toEqual({
      provider: "opsgenie",
      region: "eu",
      apiKeyEnv: "OPSGENIE_API_KEY",
      apiTokenEnv: "JSM_API_TOKEN",
    });
  });

  it("reads YAML 1.2: a date stays a string", () => {
    const c = parseConfigText(`${MINIMAL}supportHours:\n  extraHolidays: [2026-12-24]\n`, "x.yaml");
    expect(c.supportHours.extraHolidays).toEqual(["2026-12-24"]);
  });

  it("accepts the example config", () => {
    const path = join(__dirname, "..", "..", "examples", "oncall.config.yaml");
    const c = parseConfigText(readFileSync(path, "utf8"), path);
    expect(c.people).toHaveLength(6);
    expect(c.rota?.lines.map((l) => l.id)).toEqual(["first-line", "second-line"]);
  });

  it.each([
    ["a missing people", "timezone: Europe/London\n", /x.yaml:1: people: is required \(expected a list\)/],
    ["an unknown key", `${MINIMAL}toill:\n  windowMinutes: 30\n`, /x.yaml:3: toill: unknown key "toill"/],
    [
      "a bad time",
      `${MINIMAL}supportHours:\n  start: "25:00"\n`,
      /x.yaml:4: supportHours.start: expected a time "HH:MM"/,
    ],
    [
      "a bad enum",
      `${MINIMAL}toil:\n  extraRounding: nearest\n`,
      /x.yaml:4: toil.extraRounding: expected one of quarter-hour, started-hour, whole-hour/,
    ],
    [
      "a duplicate person id",
      "people:\n  - { id: a, name: A }\n  - { id: a, name: B }\n",
      /x.yaml:3: people\[1\].id: duplicate person id "a"/,
    ],
    [
      "an unknown line member",
      `${MINIMAL}rota:\n  lines:\n    - id: first-line\n      start: 2026-01-07\n      members: [alice, bob]\n`,
      /x.yaml:7: rota.lines\[0\].members\[1\]: unknown person "bob" \(people: alice\)/,
    ],
    [
      "a line start that is not a handover day",
      `${MINIMAL}rota:\n  lines:\n    - id: first-line\n      start: 2026-01-08\n      members: [alice]\n`,
      /x.yaml:6: rota.lines\[0\].start: 2026-01-08 is not a wed/,
    ],
    [
      "an override for an unknown line",
      `${MINIMAL}rota:\n  overrides:\n    - { line: third, person: alice, from: "2026-11-28T18:00", to: "2026-11-29T10:00" }\n`,
      /x.yaml:5: rota.overrides\[0\].line: unknown line "third"/,
    ],
    [
      "a contact naming an unknown person",
      `${MINIMAL}escalation:\n  contacts:\n    head-of-ops: { person: dave, title: Head }\n`,
      /x.yaml:5: escalation.contacts.head-of-ops.person: unknown person "dave"/,
    ],
    [
      "an unknown time zone",
      `timezone: Europe/Londn\n${MINIMAL}`,
      /x.yaml:1: timezone: expected an IANA time zone/,
    ],
    ["invalid YAML", "people: [\n", /x.yaml:\d+: not valid YAML/],
    ["a list at the top", "- a\n- b\n", /the config must be a mapping/],
    [
      "a negative window",
      `${MINIMAL}toil:\n  windowMinutes: 0\n`,
      /toil.windowMinutes: expected a whole number from 1 to 1440/,
    ],
  ])("names file, line and key for %s", (_l, text, pattern) => {
    expect(configError(text, "x.yaml")).toMatch(pattern);
  });

  it("JSON configs get line numbers too", () => {
    const text =
      '{\n  "people": [\n    { "id": "a", "name": "A", "sleepHours": { "start": "1am", "end": "07:00" } }\n  ]\n}\n';
    expect(configError(text, ".oncallrc.json")).toMatch(
      /\.oncallrc\.json:3: people\[0\]\.sleepHours\.start: expected a time/,
    );
  });
});
