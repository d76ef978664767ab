import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable, Writable } from "node:stream";
import Ajv from "ajv";
import { describe, expect, it } from "vitest";
import schema from "../../schema/toil-review.schema.json";
import { createContext } from "../../src/commands/context";
import { type ReviewFlags, toilReview } from "../../src/commands/toil/review";
import { OncallError } from "../../src/errors";
import { createIO } from "../../src/runtime/io";
import type { Prompter } from "../../src/runtime/prompts";
import { FakeAlertsApi, OPSGENIE_KEY } from "../support/fake-alerts-api";
import { oncallLogs } from "../support/oncall-log";
import { runCli } from "./run";

const ACK = join(__dirname, "..", "..", "examples", "acknowledger.config.yaml");
const NOW = Date.parse("2026-11-10T12:00:00Z");
const log = oncallLogs("oncall-rev-review-logs-");

// A Tuesday night in November (GMT: local time is UTC). alice's windows: 02:14 (A, B; B closed
// 03:49) and 03:40 (C), which is 80 minutes after B: asleep again unless her work ran on.
const NIGHT = log("night.csv", [
  "A,2026-11-03T02:14:00Z,Site down,P1,,,alice@example.com,,,,",
  "B,2026-11-03T02:20:00Z,Still down,P1,,,alice@example.com,,2026-11-03T03:49:00Z,,",
  "C,2026-11-03T03:40:00Z,Disk \u001b[31mfull,P1,,,alice@example.com,,,,",
]);
const ONE = log("one.csv", ["A,2026-11-03T02:14:00Z,Site down,P1,,,alice@example.com,,,,"]);

type Step = string | ((q: Question) => string);
interface Question {
  kind: "select" | "input";
  message: string;
  default?: string;
  choices?: string[];
}
const DEFAULT = (q: Question) => q.default ?? "";
const INTERRUPT = () => {
  throw new OncallError("interrupted", "cancelled at a prompt");
};

/** Answers each question in turn from the script; an input's validate is applied as inquirer does. */
function scripted(steps: Step[]) {
  const asked: Question[] = [];
  const rejected: string[] = [];
  const next = (q: Question) => {
    asked.push(q);
    const s = steps.shift();
    if (s === undefined) throw new Error(`no answer scripted for: ${q.message}`);
    return typeof s === "string" ? s : s(q);
  };
  const p = {
    select: async (q: { message: string; default?: string; choices: { value: string }[] }) =>
      next({
        kind: "select",
        message: q.message,
        default: q.default,
        choices: q.choices.map((c) => c.value),
      }),
    input: async (q: { message: string; default?: string; validate?: (v: string) => true | string }) => {
      for (;;) {
        const v = next({ kind: "input", message: q.message, default: q.default });
        const ok = q.validate ? q.validate(v) : true;
        if (ok === true) return v === "" && q.default !== undefined ? q.default : v;
        rejected.push(ok);
      }
    },
  } as unknown as Prompter;
  return { p, asked, rejected, left: () => steps.length };
}

function terminal(data: string, format?: string, more: NodeJS.ProcessEnv = {}) {
  const capture = (isTTY: boolean) => {
    const w = Object.assign(
      new Writable({
        write: (c, _e, done) => {
          w.text += c.toString();
          done();
        },
      }),
      { isTTY, text: "" },
    );
    return w;
  };
  const stdout = capture(true);
  const stderr = capture(true);
  const stdin = Object.assign(Readable.from([]), { isTTY: true });
  const env = {
    HOME: "/nonexistent-home",
    ONCALL_ME: "alice",
    ONCALL_DATA_DIR: data,
    NO_COLOR: "1",
    ...more,
  };
  const io = createIO({ stdout, stderr, stdin }, env, process.cwd(), {});
  return { ctx: createContext(io, NOW, format), stdout, stderr };
}

const flags = (logs: string[], more: Partial<ReviewFlags> = {}): ReviewFlags =>
  ({ config: ACK, log: logs, all: false, lenient: false, ...more }) as ReviewFlags;

function records(data: string): Record<string, unknown>[] {
  const f = join(data, "journal.jsonl");
  if (!existsSync(f)) return [];
  return readFileSync(f, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
}
const fields = (data: string) =>
  records(data).map(({ v: _v, at: _at, person: _p, ...rest }) => rest as Record<string, unknown>);

async function review(logs: string[], steps: Step[], more: Partial<ReviewFlags> = {}, data = newData()) {
  const t = terminal(data, more.json === true ? "json" : undefined);
  const s = scripted(steps);
  await toilReview(flags(logs, more), t.ctx, s.p);
  return { ...t, ...s, data };
}
const newData = () => mkdtempSync(join(tmpdir(), "oncall-rev-review-data-"));

async function claims(data: string, file: string) {
  const r = await runCli(["toil", "calc", file, "--config", ACK, "--json"], {
    env: { ONCALL_DATA_DIR: data, ONCALL_NOW: "2026-11-10T12:00:00Z" },
  });
  return JSON.parse(r.stdout);
}

describe("toil review: one window at a time, answers kept as given (SPEC §9)", () => {
  it("woken with a stop time: the window, its alerts (escaped) and the guess with its reason, then the journal", async () => {
    const r = await review([ONE], ["woken", "03:49", ""]);
    expect(r.stderr.text).toContain(
      "Tue 3 Nov 02:14–03:14\n  A  02:14  Site down\n  Guess: woken: 02:14 is within your sleep hours (23:00–07:00)\n",
    );
    expect(r.asked.map((q) => q.message)).toEqual([
      "Were you woken by it?",
      "When did you stop working on it?",
      "A note (optional):",
    ]);
    expect(r.asked[0]).toMatchObject({ default: "woken", choices: ["woken", "awake", "declined"] });
    expect(r.asked[1]!.default).toBe("within the hour");
    expect(fields(r.data)).toEqual([
      { alert: "A", woken: true },
      { alert: "A", workedUntil: "2026-11-03T03:49:00.000Z" },
    ]);
    expect(r.stdout.text).toBe(
      "Reviewed 1 window.\nClaims now for alice in the period 2026-10-28 to 2026-11-10: 1 claim, 0.6875 days (4:49).\n",
    );
    const doc = await claims(r.data, ONE);
    expect(doc.claims[0]).toMatchObject({
      kindSource: "review",
      workedMinutes: 95,
      workedSource: "review",
      guess: false,
    });
  });

  it("woken with a duration: 1h35m from the window's start", async () => {
    const r = await review([ONE], ["woken", "1h35m", ""]);
    expect(fields(r.data)[1]).toEqual({ alert: "A", workedUntil: "2026-11-03T03:49:00.000Z" });
  });

  it("awake, with a note: the note is kept on the window's alerts", async () => {
    const r = await review([ONE], ["awake", "within the hour", "  was watching a film  "]);
    expect(fields(r.data)).toEqual([
      { alert: "A", woken: false },
      { alert: "A", note: "was watching a film" },
    ]);
  });

  it.each([["slept through"], ["someone else handled it"]])(
    "declined (%s): no time asked, the reason kept, no claim",
    async (reason) => {
      const r = await review([ONE], ["declined", reason, ""]);
      expect(r.asked.map((q) => q.message)).toEqual([
        "Were you woken by it?",
        "Why is it not yours to claim?",
        "A note (optional):",
      ]);
      expect(fields(r.data)).toEqual([{ alert: "A", declined: reason }]);
      expect(r.stdout.text).toContain(": 0 claims, 0 days (0:00); 1 declined.\n");
      const doc = await claims(r.data, ONE);
      expect(doc.claims).toEqual([]);
      expect(doc.declined[0]).toMatchObject({ reason, status: "declined" });
    },
  );

  it("defaults accepted: the guess, and the last close time of the window's alerts", async () => {
    const r = await review([NIGHT], [DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT]);
    expect(r.asked.map((q) => q.default)).toEqual(["woken", "03:49", "", "awake", "within the hour", ""]);
    expect(fields(r.data)).toEqual([
      { alert: "A", woken: true },
      { alert: "B", woken: true },
      { alert: "A", workedUntil: "2026-11-03T03:49:00.000Z" },
      { alert: "B", workedUntil: "2026-11-03T03:49:00.000Z" },
      { alert: "C", woken: false },
    ]);
  });

  it("a close the next morning is not offered as the end of work: 'within the hour' is", async () => {
    const tidied = log("tidied.csv", [
      "T,2026-11-03T02:14:00Z,Site down,P1,,,alice@example.com,,2026-11-03T10:40:00Z,,",
    ]);
    const r = await review([tidied], ["woken", DEFAULT, ""]);
    expect(r.asked[1]!.default).toBe("within the hour");
    expect(fields(r.data)).toEqual([{ alert: "T", woken: true }]);
  });

  it("an invalid or ambiguous time is asked again: not a time, before the window's start, a bare number, too long", async () => {
    const r = await review([ONE], ["woken", "25:00", "01:00", "3.25", "2", "90", "30h", "soon", "03:05", ""]);
    expect(r.rejected).toEqual([
      "25:00 is not a time of day: give one like 03:49",
      "01:00 is before the window's start at 02:14: give when you stopped, after it",
      "3.25 could be a time or a number of hours: write the time as 03:25, or the duration with its units (3h15m)",
      "2 could be a time or a number of hours: write the time as 02:00, or the duration with its units (2h)",
      "90 could be a time or a number of hours: write a duration with its units (90m)",
      expect.stringMatching(/^30h: .*more than 24 hours.*; give a time like 03:49 or a duration like 1h35m$/),
      expect.stringMatching(/^soon: .*give a time like 03:49 or a duration like 1h35m$/),
    ]);
    expect(fields(r.data)[1]).toEqual({ alert: "A", workedUntil: "2026-11-03T03:05:00.000Z" });
    // what was kept is said in words
    expect(r.stderr.text).toContain("  kept: worked until 03:05\n");
  });

  it("a duration typed is kept as the time it ends, and said so", async () => {
    const r = await review([ONE], ["woken", "1h35m", ""]);
    expect(fields(r.data)[1]).toEqual({ alert: "A", workedUntil: "2026-11-03T03:49:00.000Z" });
    expect(r.stderr.text).toContain("  kept: worked until 03:49\n");
  });

  it("an evening window's stop time after midnight is the next morning", async () => {
    const evening = log("evening.csv", ["E,2026-11-03T23:30:00Z,Late,P1,,,alice@example.com,,,,"]);
    const r = await review([evening], ["woken", "00:40", ""]);
    expect(fields(r.data)[1]).toEqual({ alert: "E", workedUntil: "2026-11-04T00:40:00.000Z" });
  });

  it("answered windows are not asked again; --all revisits them", async () => {
    const first = await review([ONE], ["woken", "03:00", ""]);
    const again = await review([ONE], [], {}, first.data);
    expect(again.asked).toEqual([]);
    expect(again.stdout.text).toMatch(
      /^Nothing to review: alice's out-of-hours windows in the period 2026-10-28 to 2026-11-10 are all answered \(--all revisits them\)\.\n/,
    );
    const all = await review([ONE], ["awake", DEFAULT, ""], { all: true }, first.data);
    expect(all.stderr.text).toContain("Tue 3 Nov 02:14–03:14 (answered before)\n");
    expect(all.asked[0]!.default).toBe("woken");
    // the work's end answered before is offered again
    expect(all.asked[1]!.default).toBe("03:00");
    const doc = await claims(first.data, ONE);
    expect(doc.claims[0]).toMatchObject({ kind: "awake", kindSource: "review" });
  });

  it("nothing in the period: says so, asks nothing", async () => {
    const r = await review([ONE], [], { from: "2026-11-05" });
    expect(r.asked).toEqual([]);
    expect(r.stdout.text).toContain(
      "Nothing to review: alice has no out-of-hours windows in the period from 2026-11-05.\n",
    );
    expect(r.stdout.text).toContain("0 claims");
  });

  it("later guesses are recomputed: work to 03:30 on the first window makes 03:40 'already up'", async () => {
    const r = await review([NIGHT], ["woken", "03:30", "", DEFAULT, "within the hour", ""]);
    // C at 03:40 was 80 minutes after B: guessed woken until the first answer came in
    expect(r.stderr.text).toContain(
      "Tue 3 Nov 03:40–04:40\n  C  03:40  Disk \\x1b[31mfull\n  Guess: awake: you were up until 03:30 from an earlier call-out\n",
    );
    expect(r.asked[3]!.default).toBe("awake");
    expect(fields(r.data)).toContainEqual({ alert: "C", woken: false });
  });

  it("Ctrl-C on the second window: exit 130's interruption, the first window's answers kept", async () => {
    const data = newData();
    const t = terminal(data);
    const s = scripted(["woken", "03:30", "fixed it", INTERRUPT]);
    const e = await toilReview(flags([NIGHT]), t.ctx, s.p).catch((x) => x);
    expect(e).toBeInstanceOf(OncallError);
    expect((e as OncallError).kind).toBe("interrupted");
    expect(fields(data).map((r) => r.alert)).toEqual(["A", "B", "A", "B", "A", "B"]);
    expect(fields(data)).toContainEqual({ alert: "B", note: "fixed it" });
    expect(fields(data).some((r) => r.alert === "C")).toBe(false);
  });
});

describe("toil review through the whole program", () => {
  it("Ctrl-C mid-way exits 130 with one line and no stack, the earlier window kept", async () => {
    const data = newData();
    const s = scripted(["declined", "slept through", "", INTERRUPT]);
    const r = await runCli(["toil", "review", NIGHT, "--config", ACK], {
      tty: true,
      env: { ONCALL_ME: "alice", ONCALL_DATA_DIR: data, ONCALL_NOW: "2026-11-10T12:00:00Z" },
      invoke: async (_d, options, context) => toilReview(options as ReviewFlags, await context(), s.p),
    });
    expect(r.code).toBe(130);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stderr).toContain("the answers given before it are kept in your journal");
    expect(fields(data)).toEqual([
      { alert: "A", declined: "slept through" },
      { alert: "B", declined: "slept through" },
    ]);
  });
});

describe("toil review --json", () => {
  it("prints what the review came to, valid against its schema, after the questions", async () => {
    const r = await review([NIGHT], ["woken", "03:30", "", "declined", "slept through", ""], { json: true });
    const doc = JSON.parse(r.stdout.text);
    const validate = new Ajv({ allErrors: true }).compile(schema);
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    expect(doc).toEqual({
      schemaVersion: 1,
      person: "alice",
      period: {
        from: "2026-10-28T00:00:00.000Z",
        to: "2026-11-11T00:00:00.000Z",
        label: "2026-10-28 to 2026-11-10",
      },
      asked: 2,
      windows: 2,
      unanswered: 0,
      claims: 1,
      // woken until 03:30: 76 minutes, 16 of them extra, a half-hour's rounding
      days: 0.625,
      hours: 4.375,
      declined: 1,
    });
  });
});

describe("toil review: in-hours overruns and refusals", () => {
  it("an in-hours alert whose work ran past support hours is shown, not asked", async () => {
    const day = log("day.csv", [
      "D,2026-11-04T17:10:00Z,Deploy broke,P1,,,alice@example.com,,2026-11-04T18:40:00Z,,",
    ]);
    const r = await review([day], []);
    expect(r.asked).toEqual([]);
    expect(r.stderr.text).toContain(
      "For information, not asked: D at Wed 4 Nov 17:10 (Deploy broke) came in support hours and its work ran to 18:40, past their end: it earns nothing under the policy\n",
    );
  });

  it("not on a terminal: a usage error pointing at --save and toil add", async () => {
    const r = await runCli(["toil", "review", ONE, "--config", ACK], {
      env: { ONCALL_ME: "alice", ONCALL_DATA_DIR: newData() },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/toil review asks its questions on a terminal/);
    expect(r.stderr).toMatch(/--save/);
    expect(r.stderr).toMatch(/oncall toil add/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("without logs and no API set up: a usage error naming what to pass", async () => {
    const r = await runCli(["toil", "review", "--config", ACK], {
      tty: true,
      env: { ONCALL_ME: "alice", ONCALL_DATA_DIR: newData(), HOME: "/nonexistent-home" },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("toil review needs the alert logs for the review, and no API is set up");
    expect(r.stderr).toContain("give the logs, e.g. oncall toil review alerts.csv; or set up alerts pull");
  });

  it("without logs and with the API set up: pulls the last 14 days from it and reviews them", async () => {
    const fake = new FakeAlertsApi({
      provider: "opsgenie",
      total: 20,
      start: Date.parse("2026-11-03T02:00:00Z"),
      step: 3600_000,
    });
    await fake.start();
    try {
      const data = newData();
      const t = terminal(data, undefined, { ONCALL_OPSGENIE_URL: fake.url, OPSGENIE_API_KEY: OPSGENIE_KEY });
      const s = scripted(Array.from({ length: 12 }, () => DEFAULT));
      await toilReview(flags([]), t.ctx, s.p);
      const query = fake.requests[0]!.query.get("query");
      // the review's period: 28 Oct to 10 Nov, London (GMT from 25 Oct)
      expect(query).toBe(
        `createdAt >= ${Date.parse("2026-10-28T00:00:00Z")} AND createdAt < ${Date.parse("2026-11-11T00:00:00Z")}`,
      );
      expect(t.stderr.text).toContain(
        "pulled 20 alerts from Opsgenie for the review (2026-10-28 to 2026-11-10)",
      );
      // alert 0 (02:00, acknowledged by alice) is her window: asked, answered with the defaults
      expect(s.asked[0]!.message).toBe("Were you woken by it?");
      expect(fields(data)[0]).toMatchObject({ alert: fake.id(0), woken: true });
      expect(t.stdout.text).not.toBe("");
      expect(t.stderr.text).not.toContain(OPSGENIE_KEY);
    } finally {
      await fake.stop();
    }
  });
});

describe("toil review: its period", () => {
  it("takes the period flags as toil calc does: a --week swallowing a log file is named", async () => {
    const r = await runCli(["toil", "review", "--week", ONE, "--config", ACK], {
      tty: true,
      env: { ONCALL_ME: "alice", ONCALL_DATA_DIR: newData() },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--week");
    expect(r.stderr).toContain(ONE);
  });

  it("--month instead of the last 14 days", async () => {
    const r = await review([ONE], [], { month: "2026-10" });
    expect(r.asked).toEqual([]);
    expect(r.stdout.text).toContain("in the period 2026-10:");
  });
});
