import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FakeAlertsApi, OPSGENIE_KEY } from "../support/fake-alerts-api";
import { onPty } from "../support/pty";

// The one end-to-end run of toil review on a real pseudo-terminal (util-linux `script`): the real
// @inquirer/prompts reading keystrokes, the bundle in dist/ (built by npm test), the journal on disk.
const root = join(__dirname, "..", "..");
const FIXTURE = join(root, "test", "fixtures", "rev-night.csv");
const CONFIG = join(root, "examples", "acknowledger.config.yaml");

/** A user's terminal: alice, on 10 November, with her own data directory. */
const terminalEnv = (data: string): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH,
  HOME: data,
  ONCALL_NO_COMPILE_CACHE: "1",
  ONCALL_NOW: "2026-11-10T12:00:00Z",
  ONCALL_DATA_DIR: data,
  ONCALL_ME: "alice",
  TERM: "xterm",
});

const DOWN = "\u001b[B";

describe("toil review on a terminal, end to end", () => {
  it("asks window by window, reads arrows and Enter, and keeps each answer in journal.jsonl", async () => {
    const data = mkdtempSync(join(tmpdir(), "oncall-rev-pty-"));
    const pty = onPty(
      `node bin/oncall.js toil review ${FIXTURE} --config ${CONFIG}`,
      terminalEnv(data),
      root,
    );
    // 02:14 (A, B): the guess, woken, is the default: Enter; work for an hour; a note.
    await pty.until("Were you woken by it?");
    pty.type("\r");
    await pty.until("When did you stop working on it?");
    pty.type("1h\r");
    await pty.until("A note (optional):");
    pty.type("paged twice\r");
    // 05:00 (C): down twice to "Not mine to claim", then down to "someone else handled it".
    await pty.until("Disk full");
    await pty.until("Were you woken by it?");
    pty.type(`${DOWN}${DOWN}\r`);
    await pty.until("Why is it not yours to claim?");
    pty.type(`${DOWN}\r`);
    await pty.until("A note (optional):");
    pty.type("\r");
    expect(await pty.exited).toBe(0);
    expect(pty.output()).toContain("Reviewed 2 windows.");
    const journal = readFileSync(join(data, "journal.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => {
        const { v, at, person, ...rest } = JSON.parse(l);
        expect({ v, at, person }).toEqual({ v: 1, at: "2026-11-10T12:00:00.000Z", person: "alice" });
        return rest;
      });
    expect(journal).toEqual([
      { alert: "A", woken: true },
      { alert: "B", woken: true },
      { alert: "A", workedUntil: "2026-11-03T03:14:00.000Z" },
      { alert: "B", workedUntil: "2026-11-03T03:14:00.000Z" },
      { alert: "A", note: "paged twice" },
      { alert: "B", note: "paged twice" },
      { alert: "C", declined: "someone else handled it" },
    ]);
  }, 60_000);

  it("killed at a prompt, it shows the cursor the prompt hid before it dies of the signal", async () => {
    const data = mkdtempSync(join(tmpdir(), "oncall-rev-pty-"));
    const pty = onPty(
      `exec node bin/oncall.js toil review ${FIXTURE} --config ${CONFIG}`,
      terminalEnv(data),
      root,
    );
    await pty.until("Were you woken by it?");
    const node = execFileSync("pgrep", ["-P", String(pty.pid)], { encoding: "utf8" }).trim();
    process.kill(Number(node), "SIGTERM");
    expect(await pty.exited).toBe(143);
    const out = pty.output();
    expect(out.lastIndexOf("\u001b[?25h")).toBeGreaterThan(out.lastIndexOf("\u001b[?25l"));
  }, 30_000);

  it("--no-color: the questions and the windows in plain text", async () => {
    const data = mkdtempSync(join(tmpdir(), "oncall-rev-pty-"));
    const pty = onPty(
      `node bin/oncall.js toil review ${FIXTURE} --config ${CONFIG} --no-color`,
      terminalEnv(data),
      root,
    );
    await pty.until("Were you woken by it?");
    pty.type("\u0003");
    expect(await pty.exited).toBe(130);
    // cursor movement and clearing, but no colour or weight (SGR)
    expect(pty.output()).not.toMatch(/\u001b\[[0-9;]*m/);
  }, 30_000);

  it("pulling for the review: Ctrl-D or a kill at a prompt ends it (130, 143) and leaves no pulled file", async () => {
    const fake = new FakeAlertsApi({
      provider: "opsgenie",
      total: 20,
      start: Date.parse("2026-11-03T02:00:00Z"),
      step: 3600_000,
    });
    await fake.start();
    try {
      for (const [stop, code] of [
        ["\u0004", 130],
        ["SIGTERM", 143],
      ] as const) {
        const data = mkdtempSync(join(tmpdir(), "oncall-rev-pty-"));
        const tmp = mkdtempSync(join(tmpdir(), "oncall-rev-pty-tmp-"));
        const pty = onPty(
          `exec node bin/oncall.js toil review --config ${CONFIG}`,
          {
            ...terminalEnv(data),
            TMPDIR: tmp,
            ONCALL_OPSGENIE_URL: fake.url,
            OPSGENIE_API_KEY: OPSGENIE_KEY,
          },
          root,
        );
        await pty.until("Were you woken by it?");
        expect(readdirSync(tmp).filter((f) => f.startsWith("oncall-pull-"))).toHaveLength(1);
        if (stop === "SIGTERM") {
          const node = execFileSync("pgrep", ["-P", String(pty.pid)], { encoding: "utf8" }).trim();
          process.kill(Number(node), "SIGTERM");
        } else pty.type(stop);
        expect(await pty.exited).toBe(code);
        expect(readdirSync(tmp)).toEqual([]);
      }
    } finally {
      await fake.stop();
    }
  }, 30_000);
});
