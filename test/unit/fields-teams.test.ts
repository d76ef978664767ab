import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { openLog } from "../../src/adapters/logs";
import { isTeamId, teamFilterMismatch } from "../../src/core/teams";

const ID = "8418d193-2dab-4490-b331-8c02cdd196b7";
const dir = mkdtempSync(join(tmpdir(), "oncall-fields-teams-"));
let n = 0;
const tmp = (ext: string, content: string) => {
  const p = join(dir, `log-${++n}.${ext}`);
  writeFileSync(p, content);
  return p;
};
const teamsAre = async (path: string) =>
  (await openLog(path, { lenient: false, stdin: Readable.from([]) })).teamsAre;

describe("team ids and names", () => {
  it.each([
    [ID, true],
    [ID.toUpperCase(), true],
    [` ${ID} `, true],
    ["Platform", false],
    ["8418d193", false],
    [`${ID}-x`, false],
    ["platform-team-2026-01-07-abcdef", false],
  ])("%j is a team id: %s", (entry, expected) => {
    expect(isTeamId(entry)).toBe(expected);
  });

  it.each([
    [["Platform"], "ids", "names-over-ids"],
    [["Platform", "Web"], "ids", "names-over-ids"],
    [["Platform", ID], "ids", null],
    [[ID], "ids", null],
    [[ID], "names", "ids-over-names"],
    [["Platform", ID], "names", null],
    [["Platform"], "names", null],
    [["Platform"], undefined, null],
    [[], "ids", null],
  ] as const)("filter %j over a log of team %s: %s", (teams, log, kind) => {
    expect(teamFilterMismatch(teams, log)?.kind ?? null).toBe(kind);
  });
});

describe("what a log's teams are, judged per file", () => {
  const api = (...teams: unknown[]) =>
    tmp(
      "json",
      JSON.stringify(teams.map((t, i) => ({ id: `a${i}`, createdAt: "2026-03-08T01:00:00Z", teams: t }))),
    );

  it.each([
    ["ids only, as GET /v2/alerts gives them", [[{ id: ID }], []], "ids"],
    ["names", [[{ name: "Platform" }], [{ id: ID }]], undefined],
    ["names and ids on each team", [[{ id: ID, name: "Platform" }]], undefined],
    ["names only", [[{ name: "Platform" }]], "names"],
    ["strings", [["Platform"]], "names"],
    ["no teams at all", [[], []], undefined],
  ])("API JSON with %s", async (_l, teams, expected) => {
    expect(await teamsAre(api(...teams))).toBe(expected);
  });

  it("the Opsgenie CSV gives names; the oncall CSV may hold either", async () => {
    expect(await teamsAre(tmp("csv", "Alert ID,TinyID,CreatedAt,Teams\nx,1,1793442016184,Platform\n"))).toBe(
      "names",
    );
    expect(await teamsAre(tmp("csv", `id,created_at,teams\nx,2026-03-08T01:00:00Z,${ID}\n`))).toBeUndefined();
  });
});
