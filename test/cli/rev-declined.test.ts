import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Ajv from "ajv";
import { describe, expect, it } from "vitest";
import schema from "../../schema/toil-calc.schema.json";
import { journalDirs, journalRecord } from "../support/journal-dir";
import { oncallLogs } from "../support/oncall-log";
import { runCli } from "./run";

const root = join(__dirname, "..", "..");
const ACK = join(root, "examples", "acknowledger.config.yaml");
const _dir = mkdtempSync(join(tmpdir(), "oncall-rev-declined-"));
const log = oncallLogs("oncall-rev-declined-logs-");
const validate = new Ajv({ allErrors: true }).compile(schema);
/** A fresh data directory holding these journal lines. */
const journal = journalDirs("oncall-rev-declined-data-");
const rec = journalRecord;
async function calc(file: string, data: string, flags: string[] = []) {
  const r = await runCli(["toil", "calc", file, "--config", ACK, ...flags], {
    env: { ONCALL_DATA_DIR: data, NO_COLOR: "1" },
  });
  const doc = r.code === 0 && flags.includes("--json") ? JSON.parse(r.stdout) : null;
  if (doc !== null && !validate(doc)) throw new Error(`schema: ${JSON.stringify(validate.errors)}`);
  return { ...r, doc };
}

// Two windows of alice's on a Tuesday night: 02:14 (A, B) and 04:00 (C).
const NIGHT = log("night.csv", [
  "A,2026-11-03T02:14:00Z,Site down,P1,,,alice@example.com,,,,",
  "B,2026-11-03T02:20:00Z,Still down,P1,,,alice@example.com,,,,",
  "C,2026-11-03T04:00:00Z,Disk,P1,,,alice@example.com,,,,",
]);

describe("declined windows (SPEC §9)", () => {
  it("a declined window has no claim: it is listed with its reason, outside the totals", async () => {
    const r = await calc(NIGHT, journal([rec("B", { declined: "slept through", note: "phone on silent" })]), [
      "--json",
    ]);
    expect(r.code).toBe(0);
    expect(r.doc.claims.map((c: { alerts: { id: string }[] }) => c.alerts.map((a) => a.id))).toEqual([["C"]]);
    expect(r.doc.declined).toHaveLength(1);
    expect(r.doc.declined[0]).toMatchObject({
      person: "alice",
      date: "2026-11-03",
      start: "2026-11-03T02:14:00.000Z",
      status: "declined",
      reason: "slept through",
      note: "phone on silent",
    });
    expect(r.doc.declined[0].alerts.map((a: { id: string }) => a.id)).toEqual(["A", "B"]);
    expect(r.doc.totals).toMatchObject({ claims: 1, alerts: 1, days: 0.5 });
    // nothing lost: every alert read is in a claim or a declined window
    expect(r.doc.skipped).toEqual([]);
  });

  it("the declined window does not keep its person up: the next window is judged on its own", async () => {
    const r = await calc(NIGHT, journal([rec("A", { declined: "someone else handled it" })]), ["--json"]);
    // 04:00 is within sleep hours: woken, not "already up" from the declined 02:14
    expect(r.doc.claims[0]).toMatchObject({ kind: "woken", kindSource: "sleep-hours" });
  });

  it("forget clears it: the window is claimed again", async () => {
    const data = journal([rec("B", { declined: "slept through" }), rec("B", { forget: true })]);
    const r = await calc(NIGHT, data, ["--json"]);
    expect(r.doc.declined).toEqual([]);
    expect(r.doc.claims).toHaveLength(2);
    expect(r.doc.totals.days).toBe(1);
  });

  it("a later woken answer on the window wins over an earlier decline (latest record wins)", async () => {
    const data = journal([rec("A", { declined: "slept through" }), rec("B", { woken: true })]);
    const r = await calc(NIGHT, data, ["--json"]);
    expect(r.doc.declined).toEqual([]);
    expect(r.doc.claims[0]).toMatchObject({ kind: "woken", kindSource: "review" });
  });

  it("a decline given after a woken answer wins (latest record wins)", async () => {
    const data = journal([rec("A", { woken: true }), rec("B", { declined: "slept through" })]);
    const r = await calc(NIGHT, data, ["--json"]);
    expect(r.doc.declined.map((d: { reason: string }) => d.reason)).toEqual(["slept through"]);
    expect(r.doc.claims).toHaveLength(1);
  });

  it("a --woken flag on a declined window claims it after all (flags are above the journal)", async () => {
    const r = await calc(NIGHT, journal([rec("A", { declined: "slept through" })]), [
      "--json",
      "--woken",
      "B",
    ]);
    expect(r.doc.declined).toEqual([]);
    expect(r.doc.claims[0]).toMatchObject({ kind: "woken", kindSource: "mark" });
  });

  it("a declined window outside the period is skipped as out-of-period, like any window", async () => {
    const r = await calc(NIGHT, journal([rec("A", { declined: "slept through" })]), [
      "--json",
      "--from",
      "2026-11-04",
    ]);
    expect(r.doc.declined).toEqual([]);
    expect(r.doc.skippedCounts["out-of-period"]).toBe(3);
  });

  it("a window re-forming around an earlier alert stays declined", async () => {
    const more = log("more.csv", [
      "Z,2026-11-03T01:50:00Z,Earlier,P1,,,alice@example.com,,,,",
      "A,2026-11-03T02:14:00Z,Site down,P1,,,alice@example.com,,,,",
      "C,2026-11-03T04:00:00Z,Disk,P1,,,alice@example.com,,,,",
    ]);
    const r = await calc(more, journal([rec("A", { declined: "slept through" })]), ["--json"]);
    expect(r.doc.declined).toHaveLength(1);
    expect(r.doc.declined[0].start).toBe("2026-11-03T01:50:00.000Z");
    expect(r.doc.declined[0].alerts.map((a: { id: string }) => a.id)).toEqual(["Z", "A"]);
    expect(r.doc.claims).toHaveLength(1);
  });

  it("the table lists it after the claims, with its reason", async () => {
    const r = await calc(NIGHT, journal([rec("A", { declined: "slept through" })]), []);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("2026-11-03\talice\t04:00–05:00");
    expect(r.stderr).toContain(
      "Declined (no claim): 2026-11-03 02:14–03:14 alice, alerts A, B: slept through\n",
    );
  });
});

describe("guess: claims whose kind or work's end was supposed, not answered (SPEC §4.5)", () => {
  it("sleep hours and unknown work are guesses; an answered review is not", async () => {
    const r = await calc(
      NIGHT,
      journal([rec("C", { woken: true, workedUntil: "2026-11-03T04:40:00.000Z" })]),
      ["--json"],
    );
    expect(r.doc.claims.map((c: { guess: boolean; kindSource: string }) => [c.kindSource, c.guess])).toEqual([
      ["sleep-hours", true],
      ["review", false],
    ]);
  });

  it("a kind answered in review with no time worked was answered 'within the hour': no guess", async () => {
    const r = await calc(NIGHT, journal([rec("A", { woken: true })]), ["--json"]);
    expect(r.doc.claims[0]).toMatchObject({ kindSource: "review", workedSource: null, guess: false });
  });

  it("a flag mark without a time worked leaves the work's end a guess; the log's columns are not", async () => {
    const r = await calc(NIGHT, journal(), ["--json", "--woken", "A"]);
    expect(r.doc.claims[0]).toMatchObject({ kindSource: "mark", guess: true });
    const columns = log("columns.csv", ["A,2026-11-03T02:14:00Z,m,P1,,,alice@example.com,,,true,30m"]);
    const c = await calc(columns, journal(), ["--json"]);
    expect(c.doc.claims[0]).toMatchObject({ kindSource: "mark", workedSource: "log-column", guess: false });
  });

  it("the table marks a guessed figure with ? on a terminal, with a legend on stderr", async () => {
    const data = journal([rec("C", { woken: false, workedUntil: "2026-11-03T04:30:00.000Z" })]);
    const r = await runCli(["toil", "calc", NIGHT, "--config", ACK], {
      tty: true,
      env: { ONCALL_DATA_DIR: data, NO_COLOR: "1", COLUMNS: "120" },
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/│ +0\.5\? │/);
    expect(r.stdout).toMatch(/│ +0\.25 │/);
    expect(r.stderr).toContain(
      "? a guess: woken or awake, or the time worked, was not answered; oncall toil review asks\n",
    );
  });

  it("when every claim is a guess, one line says so and no row is marked", async () => {
    const r = await runCli(["toil", "calc", NIGHT, "--config", ACK], {
      tty: true,
      env: { ONCALL_DATA_DIR: journal(), NO_COLOR: "1", COLUMNS: "120" },
    });
    expect(r.stdout).not.toContain("?");
    expect(r.stderr).toContain(
      "every claim is a guess: woken or awake, or the time worked, was not answered",
    );
  });

  it("piped, the rows stay plain for scripts", async () => {
    const r = await calc(NIGHT, journal(), []);
    expect(r.stdout).not.toContain("?");
    expect(r.stdout).toContain("\twoken\t");
  });
});
