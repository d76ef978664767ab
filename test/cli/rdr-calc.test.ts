import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ToilResult } from "../../src/core/toil";
import { runCli } from "./run";

const fixture = (n: string) => join(__dirname, "..", "fixtures", "logs", n);
const JSM_PULLED = fixture("jsm-pulled.json");
const JSM_API = fixture("jsm-api.json");
const PD_CSV = fixture("pagerduty-incidents.csv");
const PD_JSON = fixture("pagerduty-api.json");
const PD_INCIDENTS = fixture("pagerduty-api-incidents-only.json");

const dir = mkdtempSync(join(tmpdir(), "oncall-rdr-calc-"));
let n = 0;
const writeTmp = (name: string, text: string) => {
  const p = join(dir, `${++n}-${name}`);
  writeFileSync(p, text);
  return p;
};

/**
 * Alice is matched by her JSM account id and PagerDuty user id, Bob by PagerDuty id and JSM
 * display name, Carol by her name alone.
 */
const PEOPLE = `people:
  - { id: alice, name: Alice Adams, email: alice@example.com, pagerduty: PALICE1, jsm: 5b10ac8d82e05b22cc7d4ef5 }
  - { id: bob, name: Bob Brown, email: bob@example.com, pagerduty: PBOB222, jsm: Bob Brown }
  - { id: carol, name: Carol Clark, email: carol@example.com, pagerduty: PCAROL3 }
`;
// 2025-10-29 is a Wednesday: alice holds the week to 5 November 10:00, bob the next
const ROTA = `rota:
  handover: { day: wed, time: "10:00" }
  lines:
    - { id: first-line, start: 2025-10-29, members: [alice, bob, carol] }
`;

const config = (attribution: string | null, extra = "") =>
  writeTmp(
    "team.yaml",
    `${PEOPLE}${attribution === "rota" ? ROTA : ""}${attribution && attribution !== "rota" ? `toil:\n  attribution: ${attribution}\n` : ""}${extra}`,
  );

const run = (files: string[], attribution: string | null, extra = "") =>
  runCli(["toil", "calc", ...files, "--month", "2025-11", "--config", config(attribution, extra), "--json"], {
    env: { ONCALL_DATA_DIR: dir },
  });

/** who is credited with which alert: "person:tinyId" */
const credits = (stdout: string) =>
  (JSON.parse(stdout) as ToilResult).claims
    .flatMap((c) => c.alerts.map((a) => `${c.person}:${a.tinyId}`))
    .sort();

describe("toil calc over JSM and PagerDuty logs, with each attribution", () => {
  it.each([
    [JSM_PULLED, ["alice:101", "bob:102"]],
    [PD_CSV, ["alice:1001", "bob:1002"]],
    [PD_JSON, ["alice:1001", "bob:1002"]],
  ])("acknowledger: %s credits whoever acknowledged first, matched to people", async (file, expected) => {
    const r = await run([file], "acknowledger");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(credits(r.stdout)).toEqual(expected);
  });

  it.each([
    [JSM_PULLED, ["alice:101", "bob:102", "carol:103"]],
    [JSM_API, ["alice:101", "bob:102", "carol:103"]],
    [PD_CSV, ["alice:1001", "bob:1002", "carol:1003"]],
    [PD_JSON, ["alice:1001", "bob:1002", "carol:1003"]],
    [PD_INCIDENTS, ["alice:1001", "bob:1002", "carol:1003"]],
  ])("owner: %s credits the owner or first assignee", async (file, expected) => {
    const r = await run([file], "owner");
    expect(r.code).toBe(0);
    expect(credits(r.stdout)).toEqual(expected);
  });

  it.each([
    [JSM_API, ["alice:101", "alice:102", "bob:103"]],
    [PD_CSV, ["alice:1001", "alice:1002", "bob:1003"]],
    [PD_INCIDENTS, ["alice:1001", "alice:1002", "bob:1003"]],
  ])("rota: %s credits who was on call, whatever the log says", async (file, expected) => {
    const r = await run([file], "rota");
    expect(r.code).toBe(0);
    expect(credits(r.stdout)).toEqual(expected);
  });
});

describe("the default attribution over the new logs (no rota): acknowledger where a log has acknowledgers, else owner", () => {
  const TEAM = fixture("team.yaml");
  it.each([
    [JSM_PULLED, "acknowledger", ["alice:101", "bob:102"]],
    [JSM_API, "owner", ["alice:101", "bob:102", "carol:103"]],
    [PD_JSON, "acknowledger", ["alice:1001", "bob:1002"]],
    [PD_INCIDENTS, "owner", ["alice:1001", "bob:1002", "carol:1003"]],
  ])("%s is credited by %s", async (file, attribution, expected) => {
    const r = await runCli(["toil", "calc", file, "--month", "2025-11", "--config", TEAM, "--json"], {
      env: { ONCALL_DATA_DIR: dir },
    });
    expect(r.code).toBe(0);
    const d = JSON.parse(r.stdout) as ToilResult;
    expect(d.rules.attribution).toBe(attribution);
    expect(credits(r.stdout)).toEqual(expected);
    expect(r.stderr).toBe("");
  });
});

describe("someone a new log names who is not in people", () => {
  it("is credited by the log's handle, with a warning naming every field people are matched by", async () => {
    // bob without his PagerDuty id: the log entries name him by it
    const team = writeTmp(
      "team.yaml",
      "people:\n  - { id: alice, name: Alice Adams, pagerduty: PALICE1 }\n  - { id: bob, name: Robert Brown }\n",
    );
    const r = await runCli(["toil", "calc", PD_JSON, "--month", "2025-11", "--config", team, "--json"], {
      env: { ONCALL_DATA_DIR: dir },
    });
    expect(r.code).toBe(0);
    expect(credits(r.stdout)).toEqual(["PBOB222:1002", "alice:1001"]);
    expect(r.stderr).toMatch(
      /not in the config's people: PBOB222 \(add them to people with an email, opsgenie, pagerduty, jsm or name that matches\)/,
    );
  });
});

describe("what a JSM or PagerDuty log lacks", () => {
  it("JSM's own API JSON has no acknowledger: acknowledger attribution is an input error saying how to get one", async () => {
    const r = await run([JSM_API], "acknowledger");
    expect(r.code).toBe(4);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain(
      `${JSM_API}: the log lacks the acknowledger (Acknowledged By) of each alert, which toil.attribution: acknowledger needs`,
    );
    expect(r.stderr).toMatch(/this jsm-json log has no such field/);
    expect(r.stderr).toMatch(/oncall alerts pull/);
  });

  it("PagerDuty's incidents without log entries: acknowledger attribution is an input error naming log_entries", async () => {
    const r = await run([PD_INCIDENTS], "acknowledger");
    expect(r.code).toBe(4);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain(
      `${PD_INCIDENTS}: the log lacks the acknowledger (Acknowledged By) of each alert, which toil.attribution: acknowledger needs`,
    );
    expect(r.stderr).toMatch(/log_entries/);
  });

  it("PagerDuty's incidents without log entries under a rota with a second line: an input error, not every alert escalated", async () => {
    const twoLines = `${PEOPLE}rota:
  handover: { day: wed, time: "10:00" }
  lines:
    - { id: first-line, start: 2025-10-29, members: [alice, bob] }
    - { id: second-line, start: 2025-10-29, members: [carol] }
`;
    const r = await runCli(
      [
        "toil",
        "calc",
        PD_INCIDENTS,
        "--month",
        "2025-11",
        "--config",
        writeTmp("team.yaml", twoLines),
        "--json",
      ],
      {
        env: { ONCALL_DATA_DIR: dir },
      },
    );
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/this pagerduty-json log has no "log_entries" to read acknowledgements from/);
    // with them, the second line (carol) is credited only with 1003, which nobody acknowledged
    const ok = await runCli(
      ["toil", "calc", PD_JSON, "--month", "2025-11", "--config", writeTmp("team.yaml", twoLines), "--json"],
      {
        env: { ONCALL_DATA_DIR: dir },
      },
    );
    expect(ok.code).toBe(0);
    expect(credits(ok.stdout)).toEqual(["alice:1001", "alice:1002", "bob:1003", "carol:1003"]);
  });

  it("JSM's alert has no teams: a toil.teams filter is an input error; its priority filters", async () => {
    const withTeams = await runCli(
      [
        "toil",
        "calc",
        JSM_PULLED,
        "--month",
        "2025-11",
        "--config",
        writeTmp("team.yaml", `${PEOPLE}toil:\n  teams: [Platform]\n`),
        "--json",
      ],
      { env: { ONCALL_DATA_DIR: dir } },
    );
    expect(withTeams.code).toBe(4);
    expect(withTeams.stderr).toMatch(
      /the log lacks the teams of each alert, which .* needs: this jsm-json log has no such field on all its alerts/,
    );
    const p1 = await runCli(
      [
        "toil",
        "calc",
        JSM_PULLED,
        "--month",
        "2025-11",
        "--config",
        writeTmp("team.yaml", `${PEOPLE}toil:\n  priorities: [P1]\n`),
        "--json",
      ],
      { env: { ONCALL_DATA_DIR: dir } },
    );
    expect(p1.code).toBe(0);
    expect(credits(p1.stdout)).toEqual(["alice:101"]);
  });

  it("a priority filter over the PagerDuty CSV, which has no priority, is an input error; by urgency tag it works", async () => {
    const r = await runCli(
      [
        "toil",
        "calc",
        PD_CSV,
        "--month",
        "2025-11",
        "--config",
        writeTmp("team.yaml", `${PEOPLE}toil:\n  attribution: owner\n  priorities: [P1]\n`),
        "--json",
      ],
      { env: { ONCALL_DATA_DIR: dir } },
    );
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(
      /the log lacks the priority of each alert, which .* needs: this pagerduty-csv log has no such column/,
    );
    const tagged = await runCli(
      [
        "toil",
        "calc",
        PD_CSV,
        "--month",
        "2025-11",
        "--config",
        writeTmp("team.yaml", `${PEOPLE}toil:\n  attribution: owner\n  requireTags: ["urgency:high"]\n`),
        "--json",
      ],
      { env: { ONCALL_DATA_DIR: dir } },
    );
    expect(tagged.code).toBe(0);
    expect(credits(tagged.stdout)).toEqual(["alice:1001", "bob:1002"]);
  });
});

describe("one alert across formats", () => {
  it("the same incident in PagerDuty's CSV and REST JSON counts once (duplicate), the fields merged", async () => {
    const r = await run([PD_CSV, PD_INCIDENTS], "owner");
    expect(r.code).toBe(0);
    const d = JSON.parse(r.stdout) as ToilResult;
    expect(d.totals.alerts).toBe(3);
    expect(
      d.skipped
        .filter((s) => s.reason === "duplicate")
        .map((s) => s.alert)
        .sort(),
    ).toEqual(["1001", "1002", "1003"]);
  });
});
