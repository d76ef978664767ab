import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FakeOpsgenie, fakeNet } from "../support/fake-opsgenie";
import { runCli } from "./run";

// What Opsgenie sends back is hostile until shown otherwise: scrubbed, escaped, bounded (SPEC §6, §8).
const CONFIG = join(__dirname, "..", "..", "examples", "oncall.config.yaml");
// Opsgenie's keys are 36-character ids
const KEY = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
const fake = new FakeOpsgenie();
let net = fakeNet();

async function escalate(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = await runCli(["escalate", "--config", CONFIG, ...args], {
    env: {
      ONCALL_OPSGENIE_URL: fake.url,
      OPSGENIE_API_KEY: KEY,
      ONCALL_ME: "alice",
      ONCALL_NOW: "2026-11-27T03:00:00Z",
      ...env,
    },
    net,
  });
  expect(r.stdout + r.stderr).not.toContain(KEY);
  return r;
}

/** Whether any 8 characters of the key in a row appear in the text. */
function keyPiece(text: string): string | null {
  for (let i = 0; i + 8 <= KEY.length; i++)
    if (text.includes(KEY.slice(i, i + 8))) return KEY.slice(i, i + 8);
  return null;
}

const MiB = 1024 * 1024;

beforeAll(() => fake.start());
afterAll(() => fake.stop());
beforeEach(() => {
  fake.reset();
  fake.validKey = KEY;
  net = fakeNet();
});

describe("the key is scrubbed before Opsgenie's text is cut", () => {
  // the message is cut at 500 characters; place the key across the cut, one offset at a time
  const offsets = Array.from({ length: 50 }, (_, i) => 440 + i);
  it.each(offsets)(
    "a 400 whose message holds the key after %d characters: no piece of it is shown",
    async (n) => {
      fake.postFaults = [{ kind: "status", status: 400, body: { message: `${"x".repeat(n)}${KEY} tail` } }];
      const r = await escalate(["--to", "head-of-ops", "--alert", `k${n}`]);
      expect(r.code).toBe(7);
      expect(keyPiece(r.stderr)).toBeNull();
    },
  );

  it.each([
    // not JSON: cut at 200; a redirect's Location: cut at 200, after "https://elsewhere.example/"
    ["a 202 whose answer is not JSON", 202, [170, 180, 190, 195, 199]],
    ["a redirect", 302, [150, 160, 165, 170]],
  ])("%s, with the key near the cut: no piece of it is shown", async (_what, status, at) => {
    for (const n of at) {
      fake.reset();
      fake.validKey = KEY;
      const text = `${"y".repeat(n)}${KEY}`;
      fake.postFaults =
        status === 302
          ? [{ kind: "raw", status, text: "", headers: { Location: `https://elsewhere.example/${text}` } }]
          : [{ kind: "raw", status, text }];
      const r = await escalate(["--to", "head-of-ops", "--alert", `r${n}`]);
      expect([6, 7]).toContain(r.code);
      expect(keyPiece(r.stderr)).toBeNull();
    }
  });

  it("a request status whose status text holds the key near the cut: no piece of it is shown", async () => {
    fake.statusFaults = [
      {
        kind: "status",
        status: 200,
        body: { data: { isSuccess: false, status: `${"z".repeat(280)}${KEY}` } },
      },
    ];
    const r = await escalate(["--to", "head-of-ops", "--alert", "st"]);
    expect(r.code).toBe(7);
    expect(keyPiece(r.stderr)).toBeNull();
  });
});

describe("text from Opsgenie has control characters and bidi overrides escaped", () => {
  it("an alert id with U+202E and C1 characters: escaped in the --json document", async () => {
    fake.statusFaults = [
      {
        kind: "status",
        status: 200,
        body: { data: { isSuccess: true, alertId: "abc\u202edef\u009b31m", status: "Created\u2066 alert" } },
      },
    ];
    const r = await escalate(["--to", "head-of-ops", "--alert", "bidi", "--json"]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/[\u202e\u2066\u0080-\u009f]/);
    expect(JSON.parse(r.stdout).alertId).toBe("abc\\u202edef\\x9b31m");
  });

  it("a request id with an escape sequence and U+202E: escaped in the --json document, and still polled", async () => {
    fake.nextRequestId = "req\u202e-\u001b]52;c;aGk=\u0007";
    const r = await escalate(["--to", "head-of-ops", "--alert", "rid", "--json"]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/[\u202e]|\\u001b|\\u0007/);
    expect(JSON.parse(r.stdout).requestId).toBe("req\\u202e-\\x1b]52;c;aGk=\\x07");
    expect(fake.alerts.size).toBe(1);
  });

  it("a 422's message with U+202E: escaped", async () => {
    fake.postFaults = [
      { kind: "status", status: 422, body: { message: "bad \u202e field", errors: { f: "\u202ex" } } },
    ];
    const r = await escalate(["--to", "head-of-ops", "--alert", "b422"]);
    expect(r.code).toBe(7);
    expect(r.stderr).not.toContain("\u202e");
    expect(r.stderr).toContain("bad \\u202e field (f: \\u202ex)");
  });
});

describe("answers are read with a size limit (1 MiB)", () => {
  it("a 202 of 64 MiB: stops reading past 1 MiB, exit 6 with the alias and the phone", async () => {
    fake.postFaults = [{ kind: "big", status: 202, bytes: 64 * MiB }];
    const r = await escalate(["--to", "head-of-ops", "--alert", "big"]);
    expect(r.code).toBe(6);
    expect(r.stderr).toMatch(
      /Opsgenie accepted the alert \(HTTP 202\) but its answer is larger than 1 MiB.*alias oncall-escalation:dave:big.*call Dave Davies on \+44 7700 900456/,
    );
    expect(fake.bytesProduced).toBeLessThan(16 * MiB);
  });

  it("a gzip-compressed 202 that expands to 64 MiB: exit 6, it may have been sent", async () => {
    fake.postFaults = [{ kind: "big", status: 202, bytes: 64 * MiB, gzip: true }];
    const r = await escalate(["--to", "head-of-ops", "--alert", "gz"]);
    expect(r.code).toBe(6);
    expect(r.stderr).toMatch(/its answer is larger than 1 MiB.*alias oncall-escalation:dave:gz/);
  });

  it("a 503 of 64 MiB, four times: retried, each read stopping at 1 MiB, then paged once", async () => {
    fake.postFaults = Array.from({ length: 4 }, () => ({
      kind: "big" as const,
      status: 503,
      bytes: 64 * MiB,
    }));
    const r = await escalate(["--to", "head-of-ops", "--alert", "b503"]);
    expect(r.code).toBe(0);
    expect(fake.alerts.size).toBe(1);
    expect(fake.bytesProduced).toBeLessThan(4 * 16 * MiB);
  });

  it("a 400 of 64 MiB: exit 7 saying the answer was too large to read", async () => {
    fake.postFaults = [{ kind: "big", status: 400, bytes: 64 * MiB }];
    const r = await escalate(["--to", "head-of-ops", "--alert", "b400"]);
    expect(r.code).toBe(7);
    expect(r.stderr).toContain(
      "Opsgenie rejected the alert (HTTP 400): (an answer larger than 1 MiB, not read)",
    );
  });

  it("a request status of 64 MiB, after acceptance: not read past 1 MiB, polled until the deadline, exit 6", async () => {
    fake.statusFaults = Array.from({ length: 3 }, () => ({
      kind: "big" as const,
      status: 200,
      bytes: 64 * MiB,
    }));
    fake.neverConfirm = true;
    const r = await escalate(["--to", "head-of-ops", "--alert", "bst", "--timeout", "5"]);
    expect(r.code).toBe(6);
    expect(r.stderr).toMatch(/request [0-9a-f-]{36}, alias oncall-escalation:dave:bst/);
    expect(fake.bytesProduced).toBeLessThan(3 * 16 * MiB);
  });
});

describe("ONCALL_OPSGENIE_URL is checked before anything is sent", () => {
  it.each([
    ["not a url", "is not an http:// or https:// URL"],
    ["file:///etc/passwd", "is not an http:// or https:// URL"],
    ["ftp://127.0.0.1/x", "is not an http:// or https:// URL"],
    ["http://u:p@127.0.0.1:1234", "has a user name or password in it"],
  ])("%s: exit 2 naming the variable, at once", async (url, what) => {
    const r = await escalate(["--to", "head-of-ops", "--alert", "url"], { ONCALL_OPSGENIE_URL: url });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^error: ONCALL_OPSGENIE_URL ${what.replace(/[/.()]/g, "\\$&")}`));
    expect(r.stderr).toContain("https://");
    expect(r.stderr).not.toContain("u:p@");
    expect(net.sleeps).toEqual([]);
  });

  it("a port fetch refuses to use (9): exit 2 at once, nothing was sent", async () => {
    const r = await escalate(["--to", "head-of-ops", "--alert", "p9"], {
      ONCALL_OPSGENIE_URL: "http://127.0.0.1:9",
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/port 9 .*nothing was sent/);
    expect(r.stderr).toContain("ONCALL_OPSGENIE_URL");
    expect(r.stderr).not.toMatch(/may have been sent/);
    expect(net.sleeps).toEqual([]);
  });

  it("connection refused on an ordinary port: exit 6, nothing was sent", async () => {
    const closed = new FakeOpsgenie();
    await closed.start();
    const url = closed.url;
    await closed.stop();
    const r = await escalate(["--to", "head-of-ops", "--alert", "cr", "--timeout", "2"], {
      ONCALL_OPSGENIE_URL: url,
    });
    expect(r.code).toBe(6);
    expect(r.stderr).toMatch(/\(ECONNREFUSED; alias oncall-escalation:dave:cr\): nothing was sent/);
  });
});
