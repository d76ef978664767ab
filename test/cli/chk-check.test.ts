import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Ajv from "ajv";
import { describe, expect, it } from "vitest";
import { runCli } from "./run";

const root = join(__dirname, "..", "..");
const dir = join(root, "test", "fixtures", "chk");
const LOG = join(dir, "alerts.csv");
const CLAIMS = join(dir, "claims.csv");
const validate = new Ajv({ allErrors: true }).compile(
  JSON.parse(readFileSync(join(root, "schema", "toil-check.schema.json"), "utf8")),
);

function run(argv: string[], stdin?: string) {
  const env = {
    ONCALL_DATA_DIR: mkdtempSync(join(tmpdir(), "oncall-chk-")),
    ONCALL_NOW: "2026-12-30T12:00:00Z",
  };
  return runCli(["toil", "check", LOG, ...argv, "--config", join(dir, "team.yaml")], {
    env,
    ...(stdin === undefined ? {} : { stdin }),
  });
}

async function entries(argv: string[], stdin?: string) {
  const r = await run([...argv, "--json"], stdin);
  expect(r.code).toBe(0);
  const doc = JSON.parse(r.stdout);
  expect(validate(doc) ? [] : validate.errors).toEqual([]);
  return doc.people.flatMap((p: { entries: unknown[] }) => p.entries);
}

describe("toil check --claims (SPEC §9)", () => {
  it("matches by claim id, by night on either of its dates, and reports differs, no-alert and not-claimed", async () => {
    const list = await entries(["--claims", CLAIMS]);
    const by = (person: string, night: string) =>
      list.find((e: { person: string; night: string }) => e.person === person && e.night === night);
    // row 2 carries the claim id in its note: matched by id, UK date
    expect(by("alice", "2026-11-25")).toMatchObject({
      status: "ok",
      matchedBy: "id",
      claims: ["c-395f1a83ff"],
      lines: [2],
    });
    // a night of two windows logged as one entry on its second date
    expect(by("alice", "2026-11-26")).toMatchObject({
      status: "ok",
      matchedBy: "night",
      claimedDays: 1,
      computedDays: 1,
    });
    // bob's night logged on its first date, the claims dated the day after
    expect(by("bob", "2026-11-25")).toMatchObject({
      status: "ok",
      claimedDays: 1,
      computedDays: 1,
      lines: [7],
    });
    // the log marks a-6 awake (a log column, not the person's word): both figures, no note
    expect(by("alice", "2026-11-16")).toMatchObject({
      status: "differs",
      claimedDays: 0.5,
      computedDays: 0.25,
      note: null,
    });
    expect(by("alice", "2026-11-20")).toMatchObject({
      status: "no-alert",
      claimedDays: 0.5,
      computedDays: null,
    });
    expect(by("alice", "2026-12-24")).toMatchObject({
      status: "not-claimed",
      claimedDays: null,
      computedDays: 0.5,
    });
  });

  it("a claim the log can only guess at is unconfirmed without their answers, and matches with --answers", async () => {
    const without = await entries(["--claims", CLAIMS]);
    expect(without.find((e: { night: string }) => e.night === "2026-11-27")).toMatchObject({
      status: "differs",
      claimedDays: 0.75,
      computedDays: 0.5,
      note: "self-reported: ask for their journal export",
    });
    const withAnswers = await entries(["--claims", CLAIMS, "--answers", join(dir, "alice-answers.json")]);
    expect(withAnswers.find((e: { night: string }) => e.night === "2026-11-27")).toMatchObject({
      status: "ok",
      claimedDays: 0.75,
      computedDays: 0.75,
      note: null,
    });
  });

  it("a note saying the claim rests on the person's word is unconfirmed even when the figures agree", async () => {
    const list = await entries(
      ["--claims", "-"],
      "Email,Date,Days,Notes\nbob@example.com,2026-11-26,1,woken (confirmed by employee)\n",
    );
    expect(list.filter((e: { person: string }) => e.person === "bob")).toEqual([
      expect.objectContaining({
        person: "bob",
        status: "differs",
        note: "self-reported: ask for their journal export",
      }),
    ]);
  });

  it("a claim id typed anywhere in the note matches by id", async () => {
    const pasted =
      "Name,Email,Date,Days,Notes\nAlice Adams,alice@example.com,2026-11-27,0.6875,Night call (c-395f1a83ff)\n";
    const got = await entries(["--claims", "-"], pasted);
    expect(got.find((e: { claims: string[] }) => e.claims.includes("c-395f1a83ff"))).toMatchObject({
      status: "ok",
      matchedBy: "id",
    });
  });

  it("a claim id cited from weeks away is context, not the row's claim: the row is matched by its night", async () => {
    const pasted =
      "Name,Email,Date,Days,Notes\nAlice Adams,alice@example.com,2026-12-25,0.5,same cause as c-395f1a83ff\n";
    const got = await entries(["--claims", "-"], pasted);
    expect(got.find((e: { night: string }) => e.night === "2026-12-24")).toMatchObject({
      matchedBy: "night",
    });
    expect(got.find((e: { claims: string[] }) => e.claims.includes("c-395f1a83ff"))).toMatchObject({
      status: "not-claimed",
    });
  });

  it("a callout with no alert (toil add) is no-alert, and says it is in their journal, without their export", async () => {
    const pasted =
      "Name,Email,Date,Days,Notes\n" +
      'Alice Adams,alice@example.com,2026-11-21,0.25,"c-35a8fdf745 · callout with no alert 22:10 · awake (confirmed by employee)"\n';
    const got = await entries(["--claims", "-"], pasted);
    expect(got.find((e: { night: string }) => e.night === "2026-11-21")).toMatchObject({
      status: "no-alert",
      note: "a callout with no alert: it is in their journal; ask for their journal export",
    });
  });

  it("reads a list pasted on standard input, with Hours instead of Days", async () => {
    const list = await entries(["--claims", "-"], "Name,Date,Hours\nBob Brown,26/11/2026,7:00\n");
    expect(list.filter((e: { person: string }) => e.person === "bob")).toEqual([
      expect.objectContaining({
        person: "bob",
        night: "2026-11-25",
        status: "ok",
        claimedDays: 1,
        lines: [2],
      }),
    ]);
  });

  it("prints a per-person table, piped as tab-separated rows, and exits 0 with differences", async () => {
    const r = await run(["--claims", CLAIMS]);
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n")).toContain(
      "alice\t2026-11-16\t0.5\t0.25\tdiffers\tc-50ec5c3492\tclaimed 0.5, supported 0.25",
    );
    expect(r.stdout).toContain("alice\t2026-11-20\t0.5\t–\tno alert found\t\t");
    expect(r.stderr).toContain("bob: claimed 1, supported 1; 1 matching");
  });

  it("a malformed claims file is exit 4 naming file, line and column, and what is expected", async () => {
    const d = mkdtempSync(join(tmpdir(), "oncall-chk-bad-"));
    const bad = join(d, "claims.csv");
    writeFileSync(
      bad,
      "Name,Email,Date,Days\nAlice Adams,alice@example.com,2026-11-26,0.5\nBob Brown,bob@example.com,11/31/2026,1\n",
    );
    const r = await run(["--claims", bad]);
    expect(r.code).toBe(4);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(`${bad}:3:3: Date "11/31/2026" is not a date`);
    expect(r.stderr).toContain("26/11/2026 (day first)");
    writeFileSync(bad, "Who,When\nalice,2026-11-26\n");
    const h = await run(["--claims", bad]);
    expect(h.code).toBe(4);
    expect(h.stderr).toContain(`${bad}:1: the header has no Name or Email, no Date, no Days or Hours column`);
    writeFileSync(bad, "Email,Date,Days\nalice@example.com,2026-11-26,half\n");
    expect((await run(["--claims", bad])).stderr).toContain(
      `${bad}:2:3: Days "half" is not a number of days`,
    );
  });

  it("without --claims or --person, says what to pass (exit 2)", async () => {
    const r = await run([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("toil check needs the claims made");
  });
});

describe("toil check --person --date: the evidence for one request", () => {
  it("is a paragraph: windows, alerts, role, how each answer is known, computed against requested", async () => {
    const r = await run(["--person", "alice", "--date", "2026-11-27", "--days", "1"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      'Alice Adams (alice) asks for 1 day for the night of Thu 26 Nov. The alert logs show 2 out-of-hours windows: Fri 27 Nov 00:30–01:30: alert a-2 at 00:30 "Checkout errors" (acknowledged by them); woken (guessed: within sleep hours); time worked not known; 0.5 days (claim c-489da4211d); Fri 27 Nov 03:00–04:00: alert a-3 at 03:00 "Checkout errors again" (acknowledged by them); woken (guessed: within sleep hours); time worked not known; 0.5 days (claim c-411ef50c34). Supported: 1 day (7:00). That matches the request. Where the kind is guessed, only the person knows: ask for their journal export (oncall toil journal --json).\n',
    );
  });

  it("names work the log records and a request that differs; --json carries the same", async () => {
    const r = await run(["--person", "alice", "--date", "26/11/2026", "--days", "1", "--json"]);
    const doc = JSON.parse(r.stdout);
    expect(validate(doc) ? [] : validate.errors).toEqual([]);
    expect(doc).toMatchObject({
      night: "2026-11-25",
      requestedDays: 1,
      computedDays: 0.6875,
      status: "differs",
    });
    expect(doc.text).toContain("worked 1h35m, to 03:49 (the log's worked column)");
    expect(doc.text).toContain("The request is for 1: it differs by 0.3125.");
  });
});
