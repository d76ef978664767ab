import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Ajv from "ajv";
import { describe, expect, it } from "vitest";
import { runCli } from "./run";

const root = join(__dirname, "..", "..");
const dir = mkdtempSync(join(tmpdir(), "oncall-cfg-check-"));
const NOW = { ONCALL_NOW: "2026-11-27T12:00:00Z" };

const PEOPLE = `people:
  - { id: alice, name: Alice }
  - { id: bob, name: Bob }
  - { id: carol, name: Carol }
`;
const LINES = `rota:
  lines:
    - { id: first-line, start: 2026-01-07, members: [alice, bob] }
`;

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe("oncall rota check: every problem of a file in one run", () => {
  it("shape, reference and rota problems together, one line each; exit 3", async () => {
    const cfg = file(
      "mixed.yaml",
      `people:
  - { id: alice, name: Alice }
  - { id: bob }
rota:
  lines:
    - { id: first-line, start: 2026-01-07, members: [alice, zoe] }
  overrides:
    - { line: first-line, person: bob, from: "2026-03-10T18:00", to: "2026-03-10T09:00" }
    - { line: first-line, person: yves, from: "2026-13-45T99:99", to: "2026-03-11T09:00" }
escalation:
  contacts:
    head-of-ops: { person: xavier, title: Head }
toil:
  hoursPerDay: 0
`,
    );
    const r = await runCli(["rota", "check", "--config", cfg], { env: NOW });
    expect(r.code).toBe(3);
    expect(r.stdout.trim().split("\n")).toEqual([
      expect.stringMatching(/mixed.yaml:3: people\[1\]\.name: is required/),
      expect.stringMatching(/mixed.yaml:6: rota.lines\[0\]\.members\[1\]: unknown person "zoe"/),
      expect.stringMatching(
        /mixed.yaml:8: rota.overrides\[0\]\.to: ends \(2026-03-10T09:00\) before or when it starts/,
      ),
      expect.stringMatching(/mixed.yaml:9: rota.overrides\[1\]\.from: expected a real local date-time/),
      expect.stringMatching(/mixed.yaml:9: rota.overrides\[1\]\.person: unknown person "yves"/),
      expect.stringMatching(/mixed.yaml:12: escalation.contacts.head-of-ops.person: unknown person "xavier"/),
      expect.stringMatching(
        /mixed.yaml:14: toil.hoursPerDay: expected a number of hours more than 0 and at most 24/,
      ),
    ]);
    expect(r.stderr).toMatch(/error: 7 problems in .*mixed.yaml/);
  });

  it("overlapping overrides alone are a warning line, not a failure", async () => {
    const cfg = file(
      "overlap.yaml",
      `${PEOPLE}${LINES}  overrides:
    - { line: first-line, person: bob, from: "2026-11-25T10:00", to: "2026-11-28T10:00", reason: swap }
    - { line: first-line, person: carol, from: "2026-11-26T18:00", to: "2026-11-27T08:00", reason: cover }
`,
    );
    const r = await runCli(["rota", "check", "--config", cfg], { env: NOW });
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split("\n")).toEqual([
      expect.stringMatching(
        /overlap.yaml:10: rota.overrides\[1\]: warning: overlaps rota.overrides\[0\] on first-line from Thu 26 Nov 18:00 to Fri 27 Nov 08:00: the later one in the file holds the line then \(carol\)/,
      ),
      expect.stringMatching(/overlap.yaml: no problems found \(1 warning\)/),
    ]);
    const json = await runCli(["rota", "check", "--config", cfg, "--json"], { env: NOW });
    const doc = JSON.parse(json.stdout);
    const schema = JSON.parse(readFileSync(join(root, "schema", "rota-check.schema.json"), "utf8"));
    const ajv = new Ajv({ allErrors: true });
    expect(ajv.validate(schema, doc), JSON.stringify(ajv.errors)).toBe(true);
    expect(doc.problems).toEqual([]);
    expect(doc.warnings).toEqual([
      { line: 10, path: "rota.overrides[1]", message: expect.stringMatching(/^overlaps/) },
    ]);
  });

  it("an alias bomb is one problem, found quickly", async () => {
    let bomb = `${PEOPLE}a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n`;
    let previous = "a";
    for (const name of "bcdefghi") {
      bomb += `${name}: &${name} [${Array(9).fill(`*${previous}`).join(", ")}]\n`;
      previous = name;
    }
    const cfg = file("bomb.yaml", bomb);
    const started = performance.now();
    const r = await runCli(["rota", "check", "--config", cfg], { env: NOW });
    expect(performance.now() - started).toBeLessThan(3000);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/bomb.yaml:6: YAML aliases \(\*name\) here expand to more than 100 copies/);
    const who = await runCli(["rota", "who", "--config", cfg], { env: NOW });
    expect(who.code).toBe(3);
    expect(who.stderr).toMatch(/bomb.yaml:6: YAML aliases/);
  });
});

describe("loading the config for any command", () => {
  it("overlapping overrides: the later wins, with one warning per pair on stderr", async () => {
    const cfg = file(
      "overlap-who.yaml",
      `${PEOPLE}${LINES}  overrides:
    - { line: first-line, person: bob, from: "2026-11-25T10:00", to: "2026-11-28T10:00", reason: swap }
    - { line: first-line, person: carol, from: "2026-11-26T18:00", to: "2026-11-27T08:00", reason: cover }
`,
    );
    const r = await runCli(["rota", "who", "--at", "2026-11-26T20:00", "--json", "--config", cfg], {
      env: NOW,
    });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).lines[0]).toMatchObject({ person: "carol", override: true });
    const warnings = r.stderr.split("\n").filter((l) => l.startsWith("warning:"));
    expect(warnings).toEqual([
      expect.stringMatching(
        /^warning: .*overlap-who.yaml:10: rota.overrides\[1\]: overlaps rota.overrides\[0\]/,
      ),
    ]);
  });

  it("an override that ends before it starts is a config error naming the line", async () => {
    const cfg = file(
      "inverted.yaml",
      `${PEOPLE}${LINES}  overrides:
    - { line: first-line, person: carol, from: "2026-11-28T18:00", to: "2026-11-28T10:00" }
`,
    );
    const r = await runCli(["rota", "who", "--config", cfg], { env: NOW });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(
      /inverted.yaml:9: rota.overrides\[0\]\.to: ends \(2026-11-28T10:00\) before or when it starts \(2026-11-28T18:00\)/,
    );
  });

  it.each([
    ["toil:\n  windowMinutes: 1e12\n", /:\d+: toil.windowMinutes: expected a whole number from 1 to 1440/],
    ['supportHours:\n  start: "18:00"\n  end: "10:00"\n', /:\d+: supportHours.end: 10:00 is not after/],
  ])("an out-of-range value is exit 3 naming file, line and key: %s", async (section, pattern) => {
    const cfg = file("range.yaml", `${PEOPLE}${section}`);
    const r = await runCli(["rota", "who", "--config", cfg], { env: NOW });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(pattern);
    expect(r.stderr).toMatch(/range.yaml/);
  });

  it("a package.json on the search path that is not JSON is exit 3 naming it", async () => {
    const home = mkdtempSync(join(tmpdir(), "oncall-cfg-home-"));
    const project = join(home, "repo");
    mkdirSync(project);
    writeFileSync(join(project, "package.json"), '{\n  "name": "x",\n  "oncall": {,\n}\n');
    const r = await runCli(["rota", "who"], { env: { ...NOW, HOME: home }, cwd: project });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/repo\/package.json:3: not valid JSON/);
  });
});
