import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Ajv from "ajv";
import { describe, expect, it } from "vitest";
import { toilNotice } from "../../src/commands/toil/notice";
import type { NoticeWindow } from "../../src/core/notice";
import type { Prompter } from "../../src/runtime/prompts";
import { runCli } from "./run";

const root = join(__dirname, "..", "..");
const dir = join(root, "test", "fixtures", "chk");
const LOG = join(dir, "alerts.csv");
const validate = new Ajv({ allErrors: true }).compile(
  JSON.parse(readFileSync(join(root, "schema", "toil-notice.schema.json"), "utf8")),
);

function run(
  argv: string[],
  o: { now?: string; me?: string; tty?: boolean; ask?: Prompter; data?: string } = {},
) {
  const env = {
    ONCALL_DATA_DIR: o.data ?? mkdtempSync(join(tmpdir(), "oncall-chk-notice-")),
    ONCALL_NOW: o.now ?? "2026-11-26T07:30:00Z",
    ONCALL_ME: o.me ?? "alice",
  };
  return runCli(["toil", "notice", ...argv, "--config", join(dir, "team.yaml")], {
    env,
    tty: o.tty ?? false,
    ...(o.ask
      ? {
          invoke: async (_d, options, context) =>
            toilNotice(options as Parameters<typeof toilNotice>[0], await context(), o.ask),
        }
      : {}),
  });
}

describe("toil notice (SPEC §9): the morning after", () => {
  it("a woken night: the time, the alert, work until when, and starting later; today from ONCALL_NOW", async () => {
    const r = await run([LOG]);
    expect(r).toMatchObject({
      code: 0,
      stdout:
        "Morning — last night I was woken at 02:14 by alert a-1 (Site down) and worked until 03:49, so I'll start later than usual today.\n",
    });
  });

  it("a disrupted night while on call again tonight: the advice names both contacts with their phones", async () => {
    const r = await run([LOG, "--date", "2026-11-27"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      "Morning — last night I was woken at 00:30 by alert a-2 (Checkout errors); then woken again at 03:00 by alert a-3 (Checkout errors again), so I'll start later than usual today.\n\n" +
        "After a disrupted night you can ask for a rest from being on call tonight: talk to Dave Davies (Head of Technical Operations, +44 7700 900456) or Frank Foster (Technical Director, +44 7700 900789), who will find a replacement for tonight.\n",
    );
  });

  it("a disrupted night with no on-call tonight gives no advice (bob's turn ended on Wednesday)", async () => {
    const r = await run([LOG, "--person", "bob", "--json"]);
    const doc = JSON.parse(r.stdout);
    expect(validate(doc) ? [] : validate.errors).toEqual([]);
    expect(doc.windows.map((w: NoticeWindow) => w.kind)).toEqual(["woken", "woken"]);
    expect(doc.restAdvice).toBeNull();
    expect(doc.message).toContain("woken again at 03:30 by alert b-2");
  });

  it("a Saturday morning is not a support day, and a bank holiday morning names the holiday (exit 0)", async () => {
    const sat = await run([LOG, "--date", "2026-11-28"]);
    expect(sat).toMatchObject({
      code: 0,
      stdout: "Sat 28 Nov is not a support day: no support hours to start late, so no notice is needed.\n",
    });
    const xmas = await run([LOG, "--json"], { now: "2026-12-25T08:00:00Z" });
    const doc = JSON.parse(xmas.stdout);
    expect(validate(doc) ? [] : validate.errors).toEqual([]);
    expect(doc).toMatchObject({
      date: "2026-12-25",
      dayOff: { why: "holiday", name: "Christmas Day" },
      windows: [],
      message: null,
    });
  });

  it("a quiet night says there is nothing to report (exit 0)", async () => {
    const r = await run([LOG, "--date", "2026-11-30"]);
    expect(r).toMatchObject({
      code: 0,
      stdout:
        "Nothing to report: no out-of-hours alerts for alice from Sun 29 Nov 18:00 to Mon 30 Nov 10:00.\n",
    });
  });

  it("--json: schemaVersion, date, person, windows, message, restAdvice, valid against its schema", async () => {
    const r = await run([LOG, "--date", "2026-11-27", "--json"]);
    const doc = JSON.parse(r.stdout);
    expect(validate(doc) ? [] : validate.errors).toEqual([]);
    expect(doc).toMatchObject({ schemaVersion: 1, date: "2026-11-27", person: "alice" });
    expect(doc.windows).toHaveLength(2);
    expect(doc.windows[0]).toMatchObject({
      start: "2026-11-27T00:30:00.000Z",
      kind: "woken",
      workedUntil: null,
    });
    expect(doc.restAdvice).toMatchObject({
      reason: "woken-twice",
      contacts: [
        { id: "head-of-ops", name: "Dave Davies", phone: "+44 7700 900456" },
        { id: "technical-director", name: "Frank Foster", phone: "+44 7700 900789" },
      ],
    });
  });

  it("on a terminal, asks the review's questions for the night first, keeps them, and the message uses them; piped, asks nothing", async () => {
    const asked: string[] = [];
    const answers = ["woken", "04:30", ""];
    const ask = {
      select: async (q: { message: string }) => {
        asked.push(q.message);
        return answers.shift();
      },
      input: async (q: { message: string }) => {
        asked.push(q.message);
        return answers.shift();
      },
    } as unknown as Prompter;
    const data = mkdtempSync(join(tmpdir(), "oncall-chk-notice-"));
    const tty = await run([LOG], { tty: true, ask, data });
    expect(tty.code).toBe(0);
    expect(asked).toEqual([
      "Were you woken by it?",
      "When did you stop working on it?",
      "A note (optional):",
    ]);
    expect(tty.stdout).toContain("worked until 04:30");
    const kept = readFileSync(join(data, "journal.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(kept.map((r) => [r.alert, r.woken ?? null, r.workedUntil ?? null])).toEqual([
      ["a-1", true, null],
      ["a-1", null, "2026-11-26T04:30:00.000Z"],
    ]);
    // answered now: a second run on a terminal has nothing to ask
    await run([LOG], { tty: true, ask, data });
    expect(asked).toHaveLength(3);
    await run([LOG], { ask });
    expect(asked).toHaveLength(3);
  });

  it("a warning about the log is printed once, though the night is computed again after the questions", async () => {
    const dirW = mkdtempSync(join(tmpdir(), "oncall-chk-notice-w-"));
    const log = join(dirW, "w.csv");
    writeFileSync(
      log,
      "id,created_at,message,priority,tags,teams,acknowledged_by,acknowledged_at,closed_at,woken,worked\n" +
        "a-1,2026-11-26T02:14:00Z,Site down,P1,,Platform,alice@example.com,2026-11-26T02:16:00Z,,,\n" +
        "z-1,2026-11-26T03:14:00Z,Other,P1,,Platform,zed@example.com,2026-11-26T03:16:00Z,,,\n",
    );
    const answers = ["woken", "03:30", ""];
    const ask = {
      select: async () => answers.shift(),
      input: async () => answers.shift(),
    } as unknown as Prompter;
    const r = await run([log], { tty: true, ask });
    expect(r.code).toBe(0);
    expect(answers).toEqual([]);
    expect(r.stderr.match(/not in the config's people: zed@example.com/g)).toHaveLength(1);
  });

  it("without a log and no API set up, a usage error naming what to pass", async () => {
    const r = await run([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("toil notice needs the alert logs for the night, and no API is set up");
    expect(r.stderr).toContain("give the logs, e.g. oncall toil notice alerts.csv");
  });
});
