import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkConfigText, findConfigFile, parseConfigText } from "../../src/adapters/config";
import { OncallError } from "../../src/errors";

const MINIMAL = "people:\n  - { id: alice, name: Alice Adams, email: alice@example.com }\n";

function configError(text: string, name = "team.yaml"): string {
  try {
    parseConfigText(text, name);
  } catch (e) {
    expect(e).toBeInstanceOf(OncallError);
    expect((e as OncallError).kind).toBe("config");
    return (e as OncallError).message;
  }
  throw new Error("expected a config error");
}

/** A "billion laughs": nine levels of nine aliases each, 9^9 strings if expanded. */
function aliasBomb(): string {
  let text = 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n';
  let previous = "a";
  for (const name of "bcdefghi") {
    text += `${name}: &${name} [${Array(9).fill(`*${previous}`).join(", ")}]\n`;
    previous = name;
  }
  return `${MINIMAL}${text}`;
}

describe("a YAML alias bomb", () => {
  it("is refused quickly as a config error naming the file", () => {
    const started = performance.now();
    const message = configError(aliasBomb(), "bomb.yaml");
    expect(performance.now() - started).toBeLessThan(2000);
    expect(message).toMatch(/^bomb\.yaml:\d+: YAML aliases .* more than 100 copies/);
  });

  it("is one problem for rota check, not a crash", () => {
    const problems = checkConfigText(aliasBomb(), "bomb.yaml", () => []);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(/aliases/);
  });

  it("a few aliases are still fine", () => {
    const c = parseConfigText(
      `${MINIMAL}supportHours:\n  extraHolidays: &closed [2026-12-24]\ntoil:\n  requireTags: *closed\n`,
      "x.yaml",
    );
    expect(c.toil.requireTags).toEqual(["2026-12-24"]);
  });
});

describe("text shaped to exhaust the YAML parser", () => {
  it("brackets nested 200,000 deep are refused before parsing, naming the file and line", () => {
    const text = `${MINIMAL}toil:\n  requireTags: ${"[".repeat(200_000)}\n`;
    const message = configError(text, "deep.yaml");
    expect(message).toMatch(/^deep\.yaml:\d+: \[ and \{ are nested more than 64 levels deep/);
  });

  it("a file far larger than any team config is refused, naming it", () => {
    const text = `${MINIMAL}# ${"x".repeat(2 * 1024 * 1024)}\n`;
    expect(configError(text, "big.yaml")).toMatch(/^big\.yaml: the file is \d+ KiB/);
  });

  it("ordinary flow collections are fine", () => {
    const c = parseConfigText(`${MINIMAL}toil:\n  requireTags: [OOH, "[x]"]\n`, "x.yaml");
    expect(c.toil.requireTags).toEqual(["OOH", "[x]"]);
  });
});

describe("numeric limits (documented in docs/config.md)", () => {
  it.each([
    ["toil.windowMinutes", "toil:\n  windowMinutes: 1e12\n", /from 1 to 1440/],
    ["toil.windowMinutes", "toil:\n  windowMinutes: 0\n", /from 1 to 1440/],
    ["toil.backToSleepMinutes", "toil:\n  backToSleepMinutes: 99999999\n", /from 0 to 1440/],
    ["toil.hoursPerDay", "toil:\n  hoursPerDay: 0\n", /more than 0 and at most 24/],
    ["toil.hoursPerDay", "toil:\n  hoursPerDay: 25\n", /more than 0 and at most 24/],
    ["toil.awakeDays", "toil:\n  awakeDays: 1e308\n", /from 0 to 5/],
    ["toil.wokenDays", "toil:\n  wokenDays: .inf\n", /from 0 to 5/],
    ["toil.extraDaysPerHour", "toil:\n  extraDaysPerHour: 6\n", /from 0 to 5/],
    ["escalation.afterMinutes", "escalation:\n  afterMinutes: 1e9\n", /from 0 to 1440/],
    [
      "rota.lines[0].weeksPerTurn",
      "rota:\n  lines:\n    - { id: l, start: 2026-01-07, weeksPerTurn: 1e15, members: [alice] }\n",
      /from 1 to 52/,
    ],
  ])("%s out of range: %s", (path, section, expected) => {
    const message = configError(`${MINIMAL}${section}`);
    expect(message).toMatch(/^team\.yaml:[3-5]: /);
    expect(message).toContain(`: ${path}: `);
    expect(message).toMatch(expected);
    expect(message).not.toMatch(/at least 0/);
  });

  it("accepts the bounds themselves", () => {
    const c = parseConfigText(
      `${MINIMAL}toil:\n  windowMinutes: 1440\n  hoursPerDay: 24\n  awakeDays: 5\n  wokenDays: 0\n  backToSleepMinutes: 0\nescalation:\n  afterMinutes: 1440\n`,
      "x.yaml",
    );
    expect(c.toil).toMatchObject({ windowMinutes: 1440, hoursPerDay: 24, awakeDays: 5, wokenDays: 0 });
  });
});

describe("support hours and sleep hours", () => {
  it.each([['start: "18:00"\n  end: "10:00"'], ['start: "10:00"\n  end: "10:00"']])(
    "support hours that end before or when they start are an error (%s)",
    (hours) => {
      expect(configError(`${MINIMAL}supportHours:\n  ${hours}\n`)).toMatch(
        /^team\.yaml:5: supportHours\.end: .*after supportHours\.start/,
      );
    },
  );

  it("sleep hours may cross midnight", () => {
    const c = parseConfigText(`${MINIMAL}toil:\n  sleepHours: { start: "22:00", end: "06:00" }\n`, "x.yaml");
    expect(c.toil.sleepHours).toEqual({ start: "22:00", end: "06:00" });
  });
});

describe("dates that do not exist", () => {
  const rota = (override: string) =>
    `${MINIMAL}rota:\n  lines:\n    - { id: l, start: 2026-01-07, members: [alice] }\n  overrides:\n    - ${override}\n`;

  it.each([
    ["2026-13-45T99:99", "from"],
    ["2026-02-30T10:00", "from"],
    ["2026-03-01T24:00", "from"],
    ["2026-03-01T10:00+25:00", "from"],
  ])("an override time %s is an error naming the line", (bad) => {
    expect(configError(rota(`{ line: l, person: alice, from: "${bad}", to: "2026-12-01T10:00" }`))).toMatch(
      /^team\.yaml:7: rota\.overrides\[0\]\.from: expected a real local date-time/,
    );
  });

  it("a line start that does not exist is an error naming the line", () => {
    expect(
      configError(`${MINIMAL}rota:\n  lines:\n    - { id: l, start: 2026-02-30, members: [alice] }\n`),
    ).toMatch(/^team\.yaml:5: rota\.lines\[0\]\.start: expected a real calendar date/);
  });
});

describe("every problem in one run (rota check)", () => {
  it("shape errors and reference errors are reported together", () => {
    const text = `people:
  - { id: alice }
  - { id: bob, name: Bob }
rota:
  lines:
    - { id: first-line, start: 2026-01-07, members: [alice, zoe] }
  overrides:
    - { line: first-line, person: yves, from: "2026-03-01T10:00", to: "2026-03-02T10:00" }
escalation:
  contacts:
    head-of-ops: { person: xavier, title: Head }
toil:
  windowMinutes: 1e12
`;
    const problems = checkConfigText(text, "team.yaml", () => []);
    expect(problems.map((p) => `${p.line}: ${p.path}`)).toEqual([
      "2: people[0].name",
      "13: toil.windowMinutes",
      "6: rota.lines[0].members[1]",
      "8: rota.overrides[0].person",
      "11: escalation.contacts.head-of-ops.person",
    ]);
    expect(problems[2]!.message).toMatch(/unknown person "zoe" \(people: alice, bob\)/);
  });

  it("the first problem is the error when loading, with how many more", () => {
    expect(
      configError(
        "people:\n  - { id: alice }\nescalation:\n  contacts:\n    x: { person: nobody, title: T }\n",
      ),
    ).toMatch(/^team\.yaml:2: people\[0\]\.name: is required .*\(and 1 more problem:/);
  });

  it("user text reaches the message as it is, for the printer to escape once", () => {
    const message = configError(`${MINIMAL}"to\\u001b[31mil": {}\n`);
    expect(message).toContain('unknown key "to\u001b[31mil"');
  });
});

describe("a package.json on the discovery path", () => {
  it("that is not valid JSON is a config error naming it and the line", () => {
    const home = mkdtempSync(join(tmpdir(), "oncall-cfg-"));
    const project = join(home, "repo");
    mkdirSync(project);
    writeFileSync(join(project, "package.json"), '{\n  "name": "x",\n  "oncall": {,\n}\n');
    const env = { HOME: home, XDG_CONFIG_HOME: join(home, ".config") };
    let error: unknown;
    try {
      findConfigFile(project, env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(OncallError);
    expect((error as OncallError).kind).toBe("config");
    expect((error as OncallError).message).toMatch(
      new RegExp(`^${join(project, "package.json").replace(/[.\\]/g, "\\$&")}:3: not valid JSON`),
    );
  });
});

describe("a directory where a config file belongs", () => {
  it("is a config error naming it, not a bare EISDIR", () => {
    const home = mkdtempSync(join(tmpdir(), "oncall-cfg-"));
    const project = join(home, "repo");
    mkdirSync(join(project, ".oncallrc"), { recursive: true });
    const env = { HOME: home, XDG_CONFIG_HOME: join(home, ".config") };
    expect(() => findConfigFile(project, env)).toThrow(
      `cannot read ${join(project, ".oncallrc")}: a directory, not a file`,
    );
  });
});
