import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable, Writable } from "node:stream";
import Ajv from "ajv";
import { describe, expect, it } from "vitest";
import { createContext } from "../../src/commands/context";
import { toilSubmit } from "../../src/commands/toil/submit";
import { OncallError } from "../../src/errors";
import { createIO } from "../../src/runtime/io";
import type { Prompter } from "../../src/runtime/prompts";
import { FakeAlertsApi, OPSGENIE_KEY } from "../support/fake-alerts-api";
import { oncallLogs } from "../support/oncall-log";
import { runCli } from "./run";

const root = join(__dirname, "..", "..");
const ACK = join(root, "examples", "acknowledger.config.yaml");
const NOW = "2026-12-01T09:00:00Z";
const ajv = new Ajv({ allErrors: true });
const schema = (name: string) =>
  ajv.compile(JSON.parse(readFileSync(join(root, "schema", `${name}.schema.json`), "utf8")));
const validCalc = schema("toil-calc");
const validLedger = schema("toil-ledger");

// alice: woken at 02:14 on the 3rd (closed 03:10), and at 03:00 on the 10th
const A1 =
  "a1,2026-11-03T02:14:00Z,Site down,P1,,,alice@example.com,2026-11-03T02:16:00Z,2026-11-03T03:10:00Z,,";
const A2 = "a2,2026-11-10T03:00:00Z,Disk full,P2,,,alice@example.com,,,,";
// arrives in the log later: 25 minutes before a1, worked two hours, so a1's window re-forms
const A0 = "a0,2026-11-03T01:49:00Z,Latency,P2,,,alice@example.com,,,,2h";

function setup() {
  const d = mkdtempSync(join(tmpdir(), "oncall-led-"));
  const env = { ONCALL_DATA_DIR: d, ONCALL_ME: "alice", ONCALL_NOW: NOW };
  const log = oncallLogs("oncall-led-log-");
  const run = (argv: string[], o: { tty?: boolean } = {}) =>
    runCli([...argv, "--config", ACK], { env, ...o });
  const calc = async (file: string, ...more: string[]) => {
    const r = await run(["toil", "calc", file, "--json", ...more]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(validCalc(doc) ? [] : validCalc.errors).toEqual([]);
    return doc;
  };
  return { d, env, log, run, calc };
}

describe("the ledger round trip (SPEC §9)", () => {
  it("config path lists the ledger beside the journal", async () => {
    const { d, run } = setup();
    const r = await run(["config", "path", "--json"]);
    expect(JSON.parse(r.stdout)).toMatchObject({
      journal: join(d, "journal.jsonl"),
      ledger: join(d, "ledger.jsonl"),
    });
  });

  it("submit --yes records; calc shows submitted; a re-formed window is changed; undo makes it new again", async () => {
    const { d, log, run, calc } = setup();
    const first = log("nov.csv", [A1, A2]);
    const before = await calc(first);
    expect(before.claims.map((c: { status: string }) => c.status)).toEqual(["new", "new"]);
    expect(before.totals).toMatchObject({ days: 1, submittedDays: 0, toClaimDays: 1 });

    const s = await run(["toil", "submit", first, "--yes", "--json"]);
    expect(s.code, s.stderr).toBe(0);
    const recorded = JSON.parse(s.stdout);
    expect(validLedger(recorded) ? [] : validLedger.errors).toEqual([]);
    expect(recorded.records).toEqual([
      {
        v: 1,
        at: "2026-12-01T09:00:00.000Z",
        person: "alice",
        claim: before.claims[0].id,
        date: "2026-11-03",
        days: 0.5,
        hours: 3.5,
        alerts: ["a1"],
        config: expect.stringMatching(/^[0-9a-f]{12}$/),
      },
      expect.objectContaining({ claim: before.claims[1].id, date: "2026-11-10", alerts: ["a2"] }),
    ]);
    const lines = readFileSync(join(d, "ledger.jsonl"), "utf8").trim().split("\n");
    expect(lines.map((l) => JSON.parse(l))).toEqual(recorded.records);

    const after = await calc(first);
    expect(after.claims.map((c: { status: string }) => c.status)).toEqual(["submitted", "submitted"]);
    expect(after.claims[0].submitted).toEqual({ days: 0.5, at: "2026-12-01T09:00:00.000Z" });
    expect(after.totals).toMatchObject({ days: 1, submittedDays: 1, toClaimDays: 0 });
    const onlyNew = await calc(first, "--new");
    expect(onlyNew.claims).toEqual([]);
    expect(onlyNew.hiddenSubmitted).toBe(2);
    expect(onlyNew.totals).toMatchObject({ claims: 0, days: 0, submittedDays: 0, toClaimDays: 0 });
    // nothing left: submit says so and records nothing
    const again = await run(["toil", "submit", first, "--yes"]);
    expect(again).toMatchObject({ code: 0, stdout: "Nothing new or changed to submit.\n" });

    // a0 arrives: the window starts earlier (a new id) and has two hours' work
    const second = log("nov2.csv", [A0, A1, A2]);
    const reformed = await calc(second);
    expect(reformed.claims[0].id).not.toBe(before.claims[0].id);
    expect(reformed.claims[0]).toMatchObject({
      status: "changed",
      submitted: { days: 0.5, at: "2026-12-01T09:00:00.000Z" },
      difference: reformed.claims[0].days - 0.5,
    });
    expect(reformed.claims[0].difference).toBeGreaterThan(0);
    expect(reformed.withdrawn).toEqual([]);
    const changedOnly = await calc(second, "--new");
    expect(changedOnly.claims.map((c: { status: string }) => c.status)).toEqual(["changed"]);
    expect(changedOnly.totals.toClaimDays).toBe(reformed.claims[0].difference);

    // the correction recorded, the claim is submitted under its new id
    const fix = await run(["toil", "submit", second, "--yes", "--json"]);
    expect(JSON.parse(fix.stdout).records).toEqual([
      expect.objectContaining({ claim: reformed.claims[0].id, days: reformed.claims[0].difference }),
    ]);
    expect((await calc(second)).claims.map((c: { status: string }) => c.status)).toEqual([
      "submitted",
      "submitted",
    ]);

    // undo: the claim on the 10th counts as not logged again
    const u = await run(["toil", "ledger", "undo", before.claims[1].id]);
    expect(u.code, u.stderr).toBe(0);
    expect(u.stdout).toMatch(
      /^Undid c-[0-9a-f]{10} \(alice, 2026-11-10, 0\.5 days\): it counts as not logged again\.\n$/,
    );
    expect((await calc(second)).claims.map((c: { status: string }) => c.status)).toEqual([
      "submitted",
      "new",
    ]);
    const unknown = await run(["toil", "ledger", "undo", "c-0000000000"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no claim c-0000000000 recorded as logged/);
    expect(unknown.stderr).toMatch(/oncall toil ledger lists the claim ids recorded/);

    const listed = await run(["toil", "ledger", "--json"]);
    const doc = JSON.parse(listed.stdout);
    expect(validLedger(doc) ? [] : validLedger.errors).toEqual([]);
    expect(doc.records).toHaveLength(4);
    expect(doc.records[3]).toMatchObject({ claim: before.claims[1].id, undo: true });
    const table = await run(["toil", "ledger"]);
    expect(table.stdout.split("\n")[0]).toBe(
      `2026-11-03\t${before.claims[0].id}\talice\t0.5\t3:30\t1\tTue 1 Dec 09:00`,
    );
    expect(table.stdout.split("\n")[3]).toMatch(/\tundo\t\t1\t/);
  });

  it("a record whose alerts no longer make a claim is withdrawn; --no-ledger ignores the ledger", async () => {
    const { log, run, calc } = setup();
    const file = log("nov.csv", [A1, A2]);
    await run(["toil", "submit", file, "--yes"]);
    // a2 is now in hours for the team (say the log was corrected to 14:00): withdrawn
    const corrected = log("fixed.csv", [A1, A2.replace("03:00:00Z", "14:00:00Z")]);
    const doc = await calc(corrected);
    expect(doc.withdrawn).toEqual([
      expect.objectContaining({ person: "alice", date: "2026-11-10", days: 0.5, alerts: ["a2"] }),
    ]);
    const none = await calc(corrected, "--no-ledger");
    expect(none.claims[0].status).toBeUndefined();
    expect(none.withdrawn).toBeUndefined();
    // toil export shares the flags: --new leaves out the submitted claim on the 3rd
    const exported = await run(["toil", "export", corrected, "--new", "--out", "-", "--json"]);
    expect(JSON.parse(exported.stdout)).toMatchObject({ claims: [], hiddenSubmitted: 1 });
    const both = await run(["toil", "calc", corrected, "--new", "--no-ledger"]);
    expect(both.code).toBe(2);
  });

  it("a logged claim whose window is then declined is withdrawn, not silently gone", async () => {
    const { d, log, run, calc } = setup();
    const file = log("nov.csv", [A1, A2]);
    await run(["toil", "submit", file, "--yes"]);
    appendFileSync(
      join(d, "journal.jsonl"),
      `${JSON.stringify({ v: 1, at: "2026-12-01T10:00:00.000Z", person: "alice", alert: "a2", declined: "someone else handled it" })}\n`,
    );
    const doc = await calc(file);
    expect(doc.declined).toEqual([
      expect.objectContaining({ person: "alice", reason: "someone else handled it" }),
    ]);
    expect(doc.withdrawn).toEqual([
      expect.objectContaining({ person: "alice", date: "2026-11-10", days: 0.5, alerts: ["a2"] }),
    ]);
  });

  it("without logs, last month's alerts are pulled from the API when one is set up, and submitted", async () => {
    const { env } = setup();
    const fake = new FakeAlertsApi({
      provider: "opsgenie",
      total: 20,
      start: Date.parse("2026-11-03T02:00:00Z"),
      step: 3600_000,
    });
    await fake.start();
    try {
      const r = await runCli(["toil", "submit", "--yes", "--json", "--config", ACK], {
        env: { ...env, ONCALL_OPSGENIE_URL: fake.url, OPSGENIE_API_KEY: OPSGENIE_KEY },
      });
      expect(r.code, r.stderr).toBe(0);
      // November: the month before ONCALL_NOW (1 Dec), London's midnights
      expect(fake.requests[0]!.query.get("query")).toBe(
        `createdAt >= ${Date.parse("2026-11-01T00:00:00Z")} AND createdAt < ${Date.parse("2026-12-01T00:00:00Z")}`,
      );
      expect(r.stderr).toContain("pulled 20 alerts from Opsgenie for the claims (2026-11-01 to 2026-11-30)");
      const recorded = JSON.parse(r.stdout).records;
      expect(recorded.length).toBeGreaterThan(0);
      expect(recorded[0]).toMatchObject({ person: "alice", alerts: [fake.id(0)] });
    } finally {
      await fake.stop();
    }
  });

  it("without logs and no API set up, a usage error saying what to pass", async () => {
    const { run } = setup();
    const r = await run(["toil", "submit", "--yes"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("give the logs, e.g. oncall toil submit alerts.csv; or set up alerts pull");
  });

  it("a torn last line in the ledger is skipped with a warning; the next record lands on a line of its own", async () => {
    const { d, log, run, calc } = setup();
    const file = log("nov.csv", [A1]);
    writeFileSync(join(d, "ledger.jsonl"), "");
    appendFileSync(join(d, "ledger.jsonl"), '{"v":1,"at":"2026-11-04T09:0');
    const r = await run(["toil", "submit", file, "--yes"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`${join(d, "ledger.jsonl")}:1: unreadable line skipped (a torn write?)`);
    const doc = await calc(file);
    expect(doc.claims[0].status).toBe("submitted");
  });

  it("piped without --yes is a usage error naming --yes", async () => {
    const { log, run } = setup();
    const r = await run(["toil", "submit", log("nov.csv", [A1])]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/toil submit asks before recording each claim/);
    expect(r.stderr).toMatch(/pass --yes/);
  });

  it("a claim changed because the rules did says so in the table", async () => {
    const { d, env, log, run } = setup();
    const file = log("nov.csv", [A1]);
    await run(["toil", "submit", file, "--yes"]);
    const richer = join(d, "richer.yaml");
    writeFileSync(richer, `${readFileSync(ACK, "utf8")}  wokenDays: 0.75\n`);
    const r = await runCli(["toil", "calc", file, "--config", richer], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split("\n")[0]).toMatch(/\tchanged \+0\.25, rules changed$/);
  });

  it("the table shows each claim's status and the totals what is submitted and left to claim", async () => {
    const { log, run } = setup();
    const file = log("nov.csv", [A1, A2]);
    await run(["toil", "submit", file, "--yes"]);
    await run([
      "toil",
      "ledger",
      "undo",
      JSON.parse((await run(["toil", "calc", file, "--json"])).stdout).claims[1].id,
    ]);
    const r = await run(["toil", "calc", file], { tty: true });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Status/);
    expect(r.stdout).toMatch(/submitted/);
    expect(r.stdout).toMatch(/Submitted.*To claim/s);
    const piped = await run(["toil", "calc", file]);
    expect(piped.stdout.split("\n")[0]).toMatch(/\tsubmitted$/);
    expect(piped.stdout.split("\n")[1]).toMatch(/\tnew$/);
  });
});

/** A terminal for a command run in-process, and a prompter answering from a script. */
function terminal(env: NodeJS.ProcessEnv) {
  const text = { out: "", err: "" };
  const sink = (key: "out" | "err") =>
    Object.assign(
      new Writable({
        write: (c, _e, done) => {
          text[key] += c.toString();
          done();
        },
      }),
      { isTTY: true },
    );
  const stdin = Object.assign(Readable.from([]), { isTTY: true });
  const io = createIO({ stdout: sink("out"), stderr: sink("err"), stdin }, env, process.cwd());
  return { ctx: createContext(io, Date.parse(NOW), undefined), text };
}
/** Presses the scripted keys ("enter", "s", "q") at toil submit's one-key prompt. */
function keys(answers: string[]) {
  const asked: string[] = [];
  const refuse = () => Promise.reject(new Error("not expected"));
  const prompter: Prompter = {
    input: refuse,
    select: refuse,
    checkbox: refuse,
    confirm: refuse,
    password: refuse,
    async key<T extends string>(q: { message: string; keys: Readonly<Record<string, T>> }) {
      asked.push(q.message);
      expect(Object.keys(q.keys).sort()).toEqual(["enter", "q", "s"]);
      const a = answers.shift();
      if (a === undefined) throw new Error("asked more than the script");
      return q.keys[a]!;
    },
  };
  return { prompter, asked, left: answers };
}

describe("toil submit on a terminal, one claim at a time", () => {
  it("Enter records, s skips, q stops; each claim shows its date, days, hours and the note to paste", async () => {
    const { env, log } = setup();
    const A3 = "a3,2026-11-17T02:30:00Z,Queue stuck,P1,,,alice@example.com,,,,";
    const file = log("nov.csv", [A1, A2, A3]);
    const t = terminal(env);
    const k = keys(["enter", "s", "q"]);
    await toilSubmit([file], { config: ACK }, t.ctx, k.prompter);
    expect(k.asked).toEqual([
      "Press Enter when it is logged in BreatheHR, s to skip, q to stop:",
      "Press Enter when it is logged in BreatheHR, s to skip, q to stop:",
      "Press Enter when it is logged in BreatheHR, s to skip, q to stop:",
    ]);
    expect(t.text.err).toContain("[1/3] Tue 3 Nov 02:14, new: Alice Adams (alice)");
    expect(t.text.err).toContain("  Date:  2026-11-03\n  Days:  0.5\n  Hours: 3:30\n");
    expect(t.text.err).toMatch(
      / {2}Notes: c-[0-9a-f]{10} · alert a1 02:14, acknowledged it · woken \(assumed: 02:14 is within sleep hours\) · time worked not given \(alert closed 03:10\)\n/,
    );
    expect(t.text.out).toBe(
      "Recorded 1 of 3 claims as logged (0.5 days), skipped 1; oncall toil ledger lists them.\n",
    );
    const ledger = readFileSync(join(env.ONCALL_DATA_DIR!, "ledger.jsonl"), "utf8").trim().split("\n");
    expect(ledger.map((l) => JSON.parse(l).date)).toEqual(["2026-11-03"]);
  });

  it("Ctrl-C at the second claim keeps the first recorded (exit 130 through the prompt)", async () => {
    const { env, log } = setup();
    const file = log("nov.csv", [A1, A2]);
    const t = terminal(env);
    let asked = 0;
    const refuse = () => Promise.reject(new Error("not expected"));
    const prompter: Prompter = {
      input: refuse,
      select: refuse,
      checkbox: refuse,
      confirm: refuse,
      password: refuse,
      key: async <T extends string>(q: { keys: Readonly<Record<string, T>> }) => {
        if (++asked === 2) throw new OncallError("interrupted", "cancelled at a prompt");
        return q.keys.enter!;
      },
    };
    await expect(toilSubmit([file], { config: ACK }, t.ctx, prompter)).rejects.toMatchObject({
      kind: "interrupted",
    });
    const ledger = readFileSync(join(env.ONCALL_DATA_DIR!, "ledger.jsonl"), "utf8").trim().split("\n");
    expect(ledger.map((l) => JSON.parse(l).date)).toEqual(["2026-11-03"]);
  });

  it("a changed claim shows its correction: more to log, or an adjustment to ask HR for", async () => {
    const { env, log, run } = setup();
    // logged as woken with two hours' work; then the answer changes to awake with none: it shrank
    const file = log("nov.csv", [A1.replace(/,,$/, ",,2h")]);
    await run(["toil", "submit", file, "--yes"]);
    const shrunk = log("nov2.csv", [A0.replace(/,2h$/, ","), A1.replace(/,,$/, ",false,")]);
    const t = terminal(env);
    const k = keys(["enter"]);
    await toilSubmit([shrunk], { config: ACK }, t.ctx, k.prompter);
    expect(t.text.err).toMatch(
      /, changed: Alice Adams \(alice\)\n {2}logged 0\.75 day on 2026-12-01; now 0\.25 day\n/,
    );
    expect(t.text.err).toContain(
      "  Correction: \u22120.5 day: approved TOIL cannot be deleted in BreatheHR; ask HR or your line manager for an adjustment\n",
    );
    // nothing to type into the form: no Date/Days/Hours lines, only the note
    expect(t.text.err).not.toContain("  Days:");

    const grown = log("nov3.csv", [A0, A1.replace(/,,$/, ",,2h")]);
    const t2 = terminal(env);
    await toilSubmit([grown], { config: ACK }, t2.ctx, keys(["enter"]).prompter);
    expect(t2.text.err).toMatch(/ {2}Correction: \+\d+(\.\d+)? day\n/);
    expect(t2.text.err).toMatch(/ {2}Days: {2}\d/);
  });
});
