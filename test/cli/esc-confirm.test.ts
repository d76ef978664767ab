import { join } from "node:path";
import { Readable, Writable } from "node:stream";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createContext } from "../../src/commands/context";
import { type EscalateFlags, escalate } from "../../src/commands/escalate";
import { OncallError } from "../../src/errors";
import { createIO } from "../../src/runtime/io";
import type { Prompter } from "../../src/runtime/prompts";
import { FakeOpsgenie, fakeNet } from "../support/fake-opsgenie";

// On a terminal (stdin and stdout TTYs), escalate shows who will be paged and asks first.
const CONFIG = join(__dirname, "..", "..", "examples", "oncall.config.yaml");
const KEY = "test-default-api-key-0000";
const fake = new FakeOpsgenie();

function terminal(o: { stderrTTY?: boolean; input?: boolean } = {}) {
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
  const stderr = capture(o.stderrTTY ?? true);
  const stdin = Object.assign(Readable.from([]), { isTTY: true });
  const env = {
    HOME: "/nonexistent-home",
    ONCALL_OPSGENIE_URL: fake.url,
    OPSGENIE_API_KEY: KEY,
    ONCALL_ME: "alice",
    NO_COLOR: "1",
  };
  const io = createIO({ stdout, stderr, stdin }, env, process.cwd(), { input: o.input });
  const net = fakeNet();
  return { ctx: createContext(io, Date.parse("2026-11-27T03:00:00Z"), undefined, net), stdout, stderr, net };
}

function prompter(confirm: boolean) {
  const asked: { kind: string; message: string; default?: unknown }[] = [];
  const p = {
    input: (q: { message: string; default?: string }) => {
      asked.push({ kind: "input", ...q });
      return Promise.resolve(q.default ?? "");
    },
    confirm: (q: { message: string; default?: boolean }) => {
      asked.push({ kind: "confirm", ...q });
      return Promise.resolve(confirm);
    },
  } as unknown as Prompter;
  return { p, asked };
}

const flags = (more: Partial<EscalateFlags> = {}): EscalateFlags => ({
  config: CONFIG,
  to: "head-of-ops",
  alert: "6004",
  message: "DB down",
  ...more,
});

beforeAll(() => fake.start());
afterAll(() => fake.stop());
beforeEach(() => fake.reset());

describe("escalate on a terminal", () => {
  it("shows who will be paged and asks, default yes; yes pages", async () => {
    const t = terminal();
    const { p, asked } = prompter(true);
    await escalate(flags(), t.ctx, p);
    expect(asked).toEqual([{ kind: "confirm", message: "Page them now?", default: true }]);
    expect(t.stderr.text).toContain(
      "About to page Dave Davies (dave@example.com, Head of Technical Operations) through Opsgenie, P1: DB down [alert 6004]\n",
    );
    expect(t.stdout.text).toMatch(/^Paged Dave Davies/);
    expect(fake.alerts.size).toBe(1);
  });

  it("answering no sends nothing and is a cancellation (exit 130), never 0", async () => {
    const t = terminal();
    const { p } = prompter(false);
    const e = await escalate(flags(), t.ctx, p).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(OncallError);
    expect(e).toMatchObject({
      kind: "interrupted",
      message: "not paged: you answered no, and nothing was sent",
    });
    expect(fake.requests).toHaveLength(0);
  });

  it("--yes skips the question", async () => {
    const t = terminal();
    const { p, asked } = prompter(false);
    await escalate(flags({ yes: true }), t.ctx, p);
    expect(asked).toEqual([]);
    expect(fake.alerts.size).toBe(1);
  });

  it("--no-input does not ask", async () => {
    const t = terminal({ input: false });
    const { p, asked } = prompter(false);
    await escalate(flags(), t.ctx, p);
    expect(asked).toEqual([]);
    expect(fake.alerts.size).toBe(1);
  });

  it("a status line on stderr says what it waits for and how long is left, then is cleared", async () => {
    const t = terminal();
    fake.pendingPolls = 3;
    await escalate(flags({ yes: true, timeout: "12" }), t.ctx, prompter(true).p);
    expect(t.stderr.text).toContain("\r\x1b[2KSending the alert to Opsgenie… (12 s left)");
    expect(t.stderr.text).toContain("\r\x1b[2KWaiting for Opsgenie to confirm… (12 s left)");
    expect(t.stderr.text).toContain("\r\x1b[2KWaiting for Opsgenie to confirm… (11 s left)");
    expect(t.stderr.text.endsWith("\r\x1b[2K")).toBe(true);
  });

  it("no status line when stderr is not a terminal", async () => {
    const t = terminal({ stderrTTY: false });
    await escalate(flags({ yes: true }), t.ctx, prompter(true).p);
    expect(t.stderr.text).not.toContain("Waiting for Opsgenie");
  });
});
