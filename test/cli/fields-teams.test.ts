import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ToilResult } from "../../src/core/toil";
import { runCli } from "./run";

const fixture = (n: string) => join(__dirname, "..", "fixtures", n);
/** Opsgenie API JSON whose alerts carry teams as ids only, as GET /v2/alerts gives them. */
const API = fixture("fields-api-teams.json");
/** An Opsgenie CSV export, whose Teams column holds names. */
const CSV = fixture("opsgenie-current.csv");
const PLATFORM = "8418d193-2dab-4490-b331-8c02cdd196b7";
const WEB = "c4b1e9a2-5f3d-4e8b-9a61-2d7e0f3b8c15";

const dir = mkdtempSync(join(tmpdir(), "oncall-fields-teams-"));
let n = 0;
const writeTmp = (name: string, text: string) => {
  const p = join(dir, `${++n}-${name}`);
  writeFileSync(p, text);
  return p;
};

function config(teams: string[]): string {
  return writeTmp(
    "team.yaml",
    `people:
  - { id: alice, name: Alice Adams, email: alice@example.com }
  - { id: bob, name: Bob Brown, email: bob@example.com }
toil:
  attribution: owner
  teams: [${teams.map((t) => JSON.stringify(t)).join(", ")}]
`,
  );
}

const calc = (files: string[], teams: string[]) =>
  runCli(["toil", "calc", ...files, "--config", config(teams), "--json"]);
const doc = (stdout: string) => JSON.parse(stdout) as ToilResult;
const claimed = (d: ToilResult) => d.claims.flatMap((c) => c.alerts.map((a) => a.tinyId)).sort();

describe("toil.teams over a log with team ids only", () => {
  it("a filter by name is an input error naming the field and the file, suggesting ids", async () => {
    const r = await calc([API], ["Platform"]);
    expect(r.code).toBe(4);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain(`${API}: toil.teams`);
    expect(r.stderr).toMatch(/team names \(Platform\).*team ids only.*ids in toil\.teams/);
  });

  it("a filter by id keeps that team's alerts, in any case", async () => {
    for (const id of [PLATFORM, PLATFORM.toUpperCase()]) {
      const r = await calc([API], [id]);
      expect(r.code).toBe(0);
      const d = doc(r.stdout);
      expect(claimed(d)).toEqual(["2101", "2102"]);
      expect(d.skipped.filter((s) => s.reason === "team").map((s) => s.alert)).toEqual(["2103", "2104"]);
    }
  });

  it("names and ids listed together serve the CSV export and the API JSON in one run", async () => {
    const r = await calc([API, CSV], ["Web", WEB]);
    expect(r.code).toBe(0);
    const d = doc(r.stdout);
    // 2102, 2103: Web by id in the JSON; 6005: "Platform, Web" by name in the CSV
    expect(claimed(d)).toEqual(["2102", "2103", "6005"]);
  });

  it("is judged per file: the JSON file among CSV exports is the one named", async () => {
    const r = await calc([CSV, API], ["Platform"]);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(`${API}: toil.teams`);
    expect(r.stderr).not.toContain(CSV);
  });

  it("a JSON log that gives team names as well is filtered by name or id", async () => {
    const named = JSON.parse(readFileSync(API, "utf8")) as {
      data: { teams: { id: string; name?: string }[] }[];
    };
    for (const a of named.data) for (const t of a.teams) t.name = t.id === PLATFORM ? "Platform" : "Web";
    const file = writeTmp("named.json", JSON.stringify(named));
    for (const filter of [["platform"], [PLATFORM]]) {
      const r = await calc([file], filter);
      expect(r.code).toBe(0);
      expect(claimed(doc(r.stdout))).toEqual(["2101", "2102"]);
    }
  });
});

describe("toil.teams over a log with team names", () => {
  it("a filter by name works as before", async () => {
    const r = await calc([CSV], ["platform"]);
    expect(r.code).toBe(0);
    expect(claimed(doc(r.stdout))).toEqual(["6004", "6005"]);
  });

  it("a filter of ids only is an input error, not a silent no claims", async () => {
    const r = await calc([CSV], [PLATFORM]);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(`${CSV}: toil.teams`);
    expect(r.stderr).toMatch(/only team ids.*team names/);
  });
});
