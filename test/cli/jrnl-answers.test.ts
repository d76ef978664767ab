import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { journalDirs, journalRecord } from "../support/journal-dir";
import { oncallLogs } from "../support/oncall-log";
import { runCli } from "./run";

const root = join(__dirname, "..", "..");
const ACK = join(root, "examples", "acknowledger.config.yaml");
const dir = mkdtempSync(join(tmpdir(), "oncall-jrnl-answers-"));
const log = oncallLogs("oncall-jrnl-answers-logs-");
/** A fresh data directory holding these journal lines. */
const journal = journalDirs("oncall-jrnl-answers-data-");
const rec = journalRecord;
async function calc(file: string, data: string, flags: string[] = []) {
  const r = await runCli(["toil", "calc", file, "--config", ACK, "--json", ...flags], {
    env: { ONCALL_DATA_DIR: data },
  });
  return { ...r, doc: r.code === 0 ? JSON.parse(r.stdout) : null };
}

// 02:14 and 02:20 on a Tuesday night: one window, alice's (she acknowledged both).
const COLUMN_WOKEN = log("column-woken.csv", [
  "A,2026-11-03T02:14:00Z,m,P1,,,alice@example.com,,,true,30m",
  "B,2026-11-03T02:20:00Z,m,P1,,,alice@example.com,,,,",
]);

describe("answers from the journal: flag > journal > log column (SPEC §9, §4.5, §4.6)", () => {
  const data = journal([rec("B", { woken: false, workedUntil: "2026-11-03T03:49:00.000Z" })]);

  it("the journal decides over the log's column, as source review", async () => {
    const r = await calc(COLUMN_WOKEN, data);
    expect(r.stderr).toBe("");
    expect(r.doc.claims[0]).toMatchObject({
      kind: "awake",
      kindSource: "review",
      workedMinutes: 95,
      workedSource: "review",
    });
    expect(r.doc.claims[0].reason).toMatch(/awake \(confirmed\); worked 1h35m/);
  });

  it("flags decide over the journal", async () => {
    const r = await calc(COLUMN_WOKEN, data, ["--woken", "A", "--worked", "A=45m"]);
    expect(r.doc.claims[0]).toMatchObject({
      kind: "woken",
      kindSource: "mark",
      workedMinutes: 45,
      workedSource: "flag",
    });
  });

  it("--no-journal ignores it: the column decides again", async () => {
    const r = await calc(COLUMN_WOKEN, data, ["--no-journal"]);
    expect(r.doc.claims[0]).toMatchObject({
      kind: "woken",
      kindSource: "mark",
      workedMinutes: 30,
      workedSource: "log-column",
    });
  });

  it("another person's answers do not apply to alice's window", async () => {
    const r = await calc(COLUMN_WOKEN, journal([{ ...rec("B", { woken: false }), person: "bob" }]));
    expect(r.doc.claims[0]).toMatchObject({ kind: "woken", kindSource: "mark" });
  });

  it("answers that disagree within one window: the latest wins, with a warning", async () => {
    const quiet = log("quiet.csv", [
      "A,2026-11-03T02:14:00Z,m,P1,,,alice@example.com,,,,",
      "B,2026-11-03T02:20:00Z,m,P1,,,alice@example.com,,,,",
    ]);
    const r = await calc(quiet, journal([rec("B", { woken: true }), rec("A", { woken: false })]));
    expect(r.code).toBe(0);
    expect(r.doc.claims[0]).toMatchObject({ kind: "awake", kindSource: "review" });
    expect(r.stderr).toBe(
      "warning: the journal's answers disagree within alice's window from Tue 3 Nov 02:14: the latest (A: awake) is used\n",
    );
  });

  it("a torn line in the journal is skipped with a warning naming the file and line", async () => {
    const data2 = journal([rec("B", { woken: false })]);
    appendFileSync(join(data2, "journal.jsonl"), '{"v":1,"at":');
    const r = await calc(COLUMN_WOKEN, data2);
    expect(r.code).toBe(0);
    expect(r.doc.claims[0]).toMatchObject({ kind: "awake", kindSource: "review" });
    expect(r.stderr).toBe(
      `warning: ${join(data2, "journal.jsonl")}:2: unreadable line skipped (a torn write?)\n`,
    );
  });
});

describe("--answers FILE: someone else's export", () => {
  it("applies the records of a toil journal --json export, beside an empty journal of one's own", async () => {
    const exported = join(dir, "alice-export.json");
    writeFileSync(
      exported,
      JSON.stringify({
        schemaVersion: 1,
        entries: [rec("A", { woken: false, workedUntil: "2026-11-03T03:14:00.000Z" })],
      }),
    );
    const mine = journal();
    const without = await calc(COLUMN_WOKEN, mine);
    expect(without.doc.claims[0]).toMatchObject({ kind: "woken", kindSource: "mark" });
    const r = await calc(COLUMN_WOKEN, mine, ["--answers", exported]);
    expect(r.stderr).toBe("");
    expect(r.doc.claims[0]).toMatchObject({ kind: "awake", kindSource: "review", workedMinutes: 60 });
  });

  it("an export that cannot be read is an input error naming it", async () => {
    const r = await calc(COLUMN_WOKEN, journal(), ["--answers", join(dir, "nope.json")]);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(new RegExp(`^error: cannot read ${join(dir, "nope.json")}: no such file — `));
  });
});

describe("--save keeps the flags' answers; they survive windows re-forming", () => {
  it("saves woken and worked (as window start + duration) and the next run applies them", async () => {
    const late = log("late.csv", ["B,2026-11-03T02:30:00Z,m,P1,,,alice@example.com,,,,"]);
    const data = journal();
    const saved = await runCli(
      [
        "toil",
        "export",
        late,
        "--config",
        ACK,
        "--json",
        "--out",
        join(dir, "out.json"),
        "--save",
        "--awake",
        "B",
        "--worked",
        "B=1h10m",
      ],
      { env: { ONCALL_DATA_DIR: data } },
    );
    expect(saved.code).toBe(0);
    const lines = readFileSync(join(data, "journal.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines).toEqual([
      {
        v: 1,
        at: "2026-11-27T12:00:00.000Z",
        person: "alice",
        alert: "B",
        woken: false,
        workedUntil: "2026-11-03T03:40:00.000Z",
      },
    ]);
    const again = await calc(late, data);
    expect(again.doc.claims[0]).toMatchObject({ kind: "awake", kindSource: "review", workedMinutes: 70 });

    // An earlier alert arrives in a later export: the window now starts at 02:14 and holds both.
    const both = log("both.csv", [
      "A,2026-11-03T02:14:00Z,m,P1,,,alice@example.com,,,,",
      "B,2026-11-03T02:30:00Z,m,P1,,,alice@example.com,,,,",
    ]);
    const r = await calc(both, data);
    expect(r.doc.claims).toHaveLength(1);
    expect(r.doc.claims[0]).toMatchObject({
      start: "2026-11-03T02:14:00.000Z",
      kind: "awake",
      kindSource: "review",
      workedMinutes: 86,
      workedSource: "review",
    });
  });

  it("an answer is saved for every alert of its window, so an older one on another alert no longer decides it", async () => {
    const both = log("two-in-one.csv", [
      "A,2026-11-03T02:14:00Z,m,P1,,,alice@example.com,,,,",
      "B,2026-11-03T02:30:00Z,m,P1,,,alice@example.com,,,,",
    ]);
    const data = journal();
    // an earlier review said work ran to 05:29 (kept on B only)
    writeFileSync(
      join(data, "journal.jsonl"),
      `${JSON.stringify(rec("B", { woken: true, workedUntil: "2026-11-03T05:29:00.000Z" }))}\n`,
    );
    const saved = await calc(both, data, ["--worked", "A=1h11m", "--save"]);
    expect(saved.doc.claims[0]).toMatchObject({ workedMinutes: 71 });
    const lines = readFileSync(join(data, "journal.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.slice(1).map((l) => [l.alert, l.workedUntil])).toEqual([
      ["A", "2026-11-03T03:25:00.000Z"],
      ["B", "2026-11-03T03:25:00.000Z"],
    ]);
    // the next run shows what was saved, not the older answer
    const again = await calc(both, data);
    expect(again.doc.claims[0]).toMatchObject({ workedMinutes: 71, workedSource: "review" });
  });

  it("without --save nothing is written", async () => {
    const data = journal();
    await calc(COLUMN_WOKEN, data, ["--woken", "A"]);
    expect(readFileSync(join(data, "journal.jsonl"), "utf8")).toBe("");
  });
});

describe("answers that cannot be right", () => {
  it("an --answers file from which no record can be read is an input error, not a run that applies nothing", async () => {
    const bad = join(dir, "not-an-export.json");
    writeFileSync(bad, JSON.stringify({ schemaVersion: 1, entries: "x" }));
    const r = await calc(COLUMN_WOKEN, journal(), ["--answers", bad]);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(`${bad}: not a journal export: no journal record could be read from it`);
  });

  it("a kept end of work before its window began is not believed, with a warning", async () => {
    const data = journal([rec("A", { woken: true, workedUntil: "2026-11-03T01:00:00.000Z" })]);
    const r = await calc(COLUMN_WOKEN, data);
    expect(r.code).toBe(0);
    expect(r.doc.claims[0]).toMatchObject({ workedMinutes: 30 });
    expect(r.stderr).toMatch(/say work ran until .*, before its window began .*: ignored/);
  });

  it("a kept end of work more than a day after its window began is not believed, with a warning", async () => {
    const data = journal();
    writeFileSync(
      join(data, "journal.jsonl"),
      `${JSON.stringify(rec("A", { woken: true, workedUntil: "2099-12-31T23:00:00.000Z" }))}\n`,
    );
    const r = await calc(COLUMN_WOKEN, data);
    expect(r.code).toBe(0);
    // the log's own 30 minutes stand
    expect(r.doc.claims[0]).toMatchObject({ kind: "woken", kindSource: "review", workedMinutes: 30 });
    expect(r.doc.claims[0].days).toBeLessThan(1);
    expect(r.stderr).toMatch(/say work ran until .*, more than 24 hours after its window began .*: ignored/);
  });
});
