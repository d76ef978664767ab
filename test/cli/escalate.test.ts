import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Ajv from "ajv";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FakeOpsgenie, fakeNet, validatePayload } from "../support/fake-opsgenie";
import { runCli } from "./run";

const root = join(__dirname, "..", "..");
const CONFIG = join(root, "examples", "oncall.config.yaml");
const KEY = "test-default-api-key-0000";
const fake = new FakeOpsgenie();
let net = fakeNet();

// Every body the fake receives is a valid CreateAlertPayload within Opsgenie's limits.
function checkBodies(): void {
  for (const body of fake.bodies) expect(validatePayload(body) ? [] : validatePayload.errors).toEqual([]);
}

/** The program in-process, against the fake on 127.0.0.1, on a clock that moves only when it sleeps. */
async function escalate(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = await runCli(["escalate", "--config", CONFIG, "--verbose", ...args], {
    env: {
      ONCALL_OPSGENIE_URL: fake.url,
      OPSGENIE_API_KEY: KEY,
      ONCALL_ME: "alice",
      ONCALL_NOW: "2026-11-27T03:00:00Z",
      ...env,
    },
    net,
  });
  // the key is never printed, whatever happened
  expect(r.stdout).not.toContain(KEY);
  expect(r.stderr).not.toContain(KEY);
  checkBodies();
  return r;
}

const alertCount = () => fake.alerts.size;
const posts = () => fake.requests.filter((q) => q.method === "POST").length;

beforeAll(() => fake.start());
afterAll(() => fake.stop());
beforeEach(() => {
  fake.reset();
  net = fakeNet();
});

describe("oncall escalate", () => {
  it("pages the contact: one alert, confirmed, with them as responder", async () => {
    const r = await escalate(["--to", "head-of-ops", "--alert", "6004", "--message", "DB down, need a hand"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Paged Dave Davies \(dave@example.com\) — Opsgenie alert [0-9a-f-]{36}\n$/);
    expect(alertCount()).toBe(1);
    const body = fake.bodies[0] as Record<string, unknown>;
    expect(body).toMatchObject({
      message: "DB down, need a hand [alert 6004]",
      alias: "oncall-escalation:dave:6004",
      responders: [{ type: "user", username: "dave@example.com" }],
      priority: "P1",
      user: "Alice Adams",
      entity: "6004",
    });
    expect(fake.requests[0]!.authorization).toBe(`GenieKey ${KEY}`);
    // polling starts at 250 ms and backs off (the fake answers 404 once)
    expect(net.sleeps).toEqual([250, 500]);
  });

  it("--to second-line resolves through the rota; --json", async () => {
    const r = await escalate(["--to", "second-line", "--json"]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ schemaVersion: 1, responder: { person: "dave" }, deduplicated: false });
    expect(doc.alias).toMatch(/^oncall-escalation:dave:[0-9a-f]{12}$/);
    expect(doc.alertId).toBe([...fake.alerts.values()][0]!.id);
    expect(alertCount()).toBe(1);
    const schema = JSON.parse(readFileSync(join(root, "schema", "escalate.schema.json"), "utf8"));
    const check = new Ajv({ allErrors: true }).compile(schema);
    expect(check(doc) ? [] : check.errors).toEqual([]);
  });

  it("a re-run of the same escalation does not page twice: already paged, exit 0", async () => {
    await escalate(["--to", "head-of-ops", "--alert", "6004"]);
    const again = await escalate(["--to", "head-of-ops", "--alert", "6004"]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^Already paged: Dave Davies has an open escalation alert for this/);
    expect(alertCount()).toBe(1);
    expect([...fake.alerts.values()][0]!.count).toBe(2);
  });

  it("--again pages anew with a fresh alias", async () => {
    await escalate(["--to", "head-of-ops", "--alert", "6004"]);
    const r = await escalate(["--to", "head-of-ops", "--alert", "6004", "--again"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Paged Dave Davies/);
    expect(alertCount()).toBe(2);
  });

  it("503 then success: retried after a backoff, one alert", async () => {
    fake.postFaults = [{ kind: "status", status: 503 }];
    const r = await escalate(["--to", "head-of-ops", "--alert", "a1"]);
    expect(r.code).toBe(0);
    expect(alertCount()).toBe(1);
    expect(r.stderr).toMatch(/waiting \d+ ms: HTTP 503/);
    expect(net.sleeps[0]).toBeGreaterThanOrEqual(250);
  });

  it("429 with rate-limit headers: waits as told, then one alert", async () => {
    fake.postFaults = [
      {
        kind: "status",
        status: 429,
        headers: { "X-RateLimit-Period-In-Sec": "1", "X-RateLimit-State": "THROTTLED" },
      },
    ];
    const r = await escalate(["--to", "head-of-ops", "--alert", "a2"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/waiting 1000 ms: rate limited \(429\)/);
    expect(net.sleeps[0]).toBe(1000);
    expect(alertCount()).toBe(1);
  });

  it.each([
    ["Retry-After: 0", { "Retry-After": "0" }],
    ["Retry-After: -5", { "Retry-After": "-5" }],
    ["Retry-After in the past", { "Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT" }],
    ["X-RateLimit-Period-In-Sec: 0", { "X-RateLimit-Period-In-Sec": "0" }],
    ["X-RateLimit-Period-In-Sec: -1", { "X-RateLimit-Period-In-Sec": "-1" }],
  ])("429 with %s waits the backoff, not zero", async (_name, headers) => {
    fake.postFaults = [1, 2, 3].map(() => ({ kind: "status" as const, status: 429, headers }));
    const r = await escalate(["--to", "head-of-ops", "--alert", "ra"]);
    expect(r.code).toBe(0);
    expect(posts()).toBe(4);
    const backoffs = [...r.stderr.matchAll(/waiting (\d+) ms: rate limited \(429\)/g)].map((m) =>
      Number(m[1]),
    );
    expect(backoffs).toHaveLength(3);
    expect(net.sleeps.slice(0, 3)).toEqual(backoffs);
    // exponential backoff with jitter: half to all of 500, 1000, 2000 ms
    backoffs.forEach((ms, i) => {
      expect(ms).toBeGreaterThanOrEqual(250 * 2 ** i);
      expect(ms).toBeLessThanOrEqual(500 * 2 ** i);
    });
  });

  it("a Retry-After longer than the time left is not waited for: exit 6 at once, nothing sent", async () => {
    fake.postFaults = [{ kind: "status", status: 429, headers: { "Retry-After": "60" } }];
    const r = await escalate(["--to", "head-of-ops", "--alert", "rl", "--timeout", "10"]);
    expect(r.code).toBe(6);
    expect(net.sleeps).toEqual([]);
    expect(r.stderr).toMatch(
      /out of time \(rate limited \(429\): 60 s to wait, 10 s left\).*nothing was sent/,
    );
    expect(posts()).toBe(1);
  });

  it("a connection reset is retried: one alert", async () => {
    fake.postFaults = [{ kind: "reset" }];
    const r = await escalate(["--to", "head-of-ops", "--alert", "a3"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/network error/);
    expect(alertCount()).toBe(1);
  });

  it("retries stop at the deadline: exit 6, it may have been sent, with the phone", async () => {
    fake.postFaults = Array.from({ length: 50 }, () => ({ kind: "reset" as const }));
    const r = await escalate(["--to", "head-of-ops", "--alert", "dl", "--timeout", "5"]);
    expect(r.code).toBe(6);
    expect(net.sleeps.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(5000);
    expect(r.stderr).toMatch(
      /could not reach Opsgenie at .* within 5 s \(.*\) \(alias oncall-escalation:dave:dl\): it may have been sent, so check Opsgenie before paging again; call Dave Davies on \+44 7700 900456/,
    );
  });

  it.each([
    [401, { message: "Could not authenticate" }],
    [403, { message: "You do not have the right to access this resource" }],
    [422, { message: "Key format is not valid! (API integration key)" }],
  ])("HTTP %d about the key: exit 5, saying which key is needed, no retry", async (status, body) => {
    fake.postFaults = [{ kind: "status", status, body }];
    const r = await escalate(["--to", "head-of-ops", "--alert", "k"]);
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(
      /Opsgenie refused the API key .* — use the key of the team's Default API integration .* a global API key .* does not work/,
    );
    expect(posts()).toBe(1);
    expect(alertCount()).toBe(0);
  });

  it("422 about the payload: exit 7 with Opsgenie's message and its errors detail, no retry", async () => {
    fake.postFaults = [
      {
        kind: "status",
        status: 422,
        body: {
          message: "Request body is not processable. Please check the errors.",
          errors: { message: "Message can not be empty." },
          took: 0.001,
        },
      },
    ];
    const r = await escalate(["--to", "head-of-ops", "--alert", "p"]);
    expect(r.code).toBe(7);
    expect(r.stderr).toMatch(
      /Opsgenie rejected the alert \(HTTP 422\): Request body is not processable\. Please check the errors\. \(message: Message can not be empty\.\)/,
    );
    expect(alertCount()).toBe(0);
    expect(posts()).toBe(1);
  });

  it("a wrong key: exit 5", async () => {
    const r = await escalate(["--to", "head-of-ops"], { OPSGENIE_API_KEY: "global-api-key-9999" });
    expect(r.code).toBe(5);
    expect(alertCount()).toBe(0);
    expect(r.stderr).not.toContain("global-api-key-9999");
  });

  it("a request status with isSuccess false: exit 7 with the status", async () => {
    fake.failStatus = "Integration is disabled";
    const r = await escalate(["--to", "head-of-ops", "--alert", "f"]);
    expect(r.code).toBe(7);
    expect(r.stderr).toMatch(
      /Opsgenie did not create the alert: Integration is disabled \(request [0-9a-f-]{36}, alias oncall-escalation:dave:f\)/,
    );
  });

  it("unreachable (connection refused): exit 6, nothing was sent, with the phone number", async () => {
    const closed = new FakeOpsgenie();
    await closed.start();
    const url = closed.url;
    await closed.stop();
    const r = await escalate(["--to", "head-of-ops", "--alert", "u", "--timeout", "2"], {
      ONCALL_OPSGENIE_URL: url,
    });
    expect(r.code).toBe(6);
    expect(r.stderr).toMatch(
      /could not reach Opsgenie at .* within 2 s \(ECONNREFUSED; alias oncall-escalation:dave:u\): nothing was sent; call Dave Davies on \+44 7700 900456/,
    );
    expect(alertCount()).toBe(0);
  });

  it("a request never confirmed: exit 6 with the request id, the alias and the phone, polls backing off to 2 s", async () => {
    fake.neverConfirm = true;
    const r = await escalate(["--to", "head-of-ops", "--alert", "n", "--timeout", "10"]);
    expect(r.code).toBe(6);
    expect(r.stderr).toMatch(
      /Opsgenie accepted the alert but did not confirm it within 10 s \(request [0-9a-f-]{36}, alias oncall-escalation:dave:n\): check Opsgenie before paging again; call Dave Davies on \+44 7700 900456/,
    );
    expect(net.sleeps).toEqual([250, 500, 1000, 2000, 2000, 2000, 2000]);
    expect(posts()).toBe(1);
    expect(alertCount()).toBe(0); // never processed: no alert exists yet, one at most later
  });

  it("--dry-run prints the request with the key redacted and sends nothing", async () => {
    const r = await escalate(["--to", "technical-director", "--alert", "6004", "--dry-run"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^Would page Frank Foster \(frank@example.com\) — nothing sent \(--dry-run\):\nPOST http:\/\/127\.0\.0\.1:\d+\/v2\/alerts\nAuthorization: GenieKey \[redacted\]/,
    );
    expect(fake.requests).toHaveLength(0);
    expect(alertCount()).toBe(0);
  });

  it("no key anywhere: exit 5 naming the variable", async () => {
    const r = await runCli(["escalate", "--config", CONFIG, "--to", "head-of-ops"], {
      env: { ONCALL_OPSGENIE_URL: fake.url, ONCALL_NOW: "2026-11-27T03:00:00Z" },
      net,
    });
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(/no Opsgenie API key: \$OPSGENIE_API_KEY is not set/);
    expect(fake.requests).toHaveLength(0);
    expect(alertCount()).toBe(0);
  });

  it("an unknown target is a usage error listing what exists", async () => {
    const r = await escalate(["--to", "ceo"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /--to ceo: not an escalation contact, a line or a person — try one of: head-of-ops, technical-director, first-line, second-line/,
    );
  });
});

describe("escalate --dry-run with personal settings", () => {
  it("uses your opsgenie.region and shows the key only as redacted", async () => {
    const home = mkdtempSync(join(tmpdir(), "oncall-esc-"));
    const env = { HOME: home, XDG_CONFIG_HOME: join(home, ".config"), ONCALL_NOW: "2026-11-27T03:00:00Z" };
    expect((await runCli(["config", "set", "opsgenie.region", "us"], { env })).code).toBe(0);
    const stored = "stored-key-1234567890";
    expect((await runCli(["config", "set", "opsgenie.apiKey"], { env, stdin: stored })).code).toBe(0);
    const r = await runCli(
      ["escalate", "--config", CONFIG, "--to", "head-of-ops", "--dry-run", "--json", "--verbose"],
      { env },
    );
    const plan = JSON.parse(r.stdout);
    expect(plan.request.url).toBe("https://api.opsgenie.com/v2/alerts");
    expect(plan.request.headers.Authorization).toBe("GenieKey [redacted]");
    expect(r.stdout + r.stderr).not.toContain(stored);
  });
});

describe("once Opsgenie may have the alert, every failure is exit 6 with what to check", () => {
  const CHECK = /check Opsgenie before paging again; call Dave Davies on \+44 7700 900456/;

  it("a 202 whose body is not JSON: exit 6 with the alias and the phone", async () => {
    fake.postFaults = [{ kind: "raw", status: 202, text: "<html>Accepted</html>" }];
    const r = await escalate(["--to", "head-of-ops", "--alert", "nj"]);
    expect(r.code).toBe(6);
    expect(r.stderr).toMatch(
      /Opsgenie accepted the alert \(HTTP 202\) but its answer is not JSON: <html>Accepted<\/html> \(alias oncall-escalation:dave:nj\): it may have been sent/,
    );
    expect(r.stderr).toMatch(CHECK);
  });

  it("a 202 whose body is cut off: exit 6 with the alias and the phone", async () => {
    fake.postFaults = [{ kind: "cut", status: 202 }];
    const r = await escalate(["--to", "head-of-ops", "--alert", "cut"]);
    expect(r.code).toBe(6);
    expect(r.stderr).toMatch(
      /Opsgenie accepted the alert \(HTTP 202\) but its answer was cut off .*alias oncall-escalation:dave:cut/,
    );
    expect(r.stderr).toMatch(CHECK);
  });

  it("a 401 on the status poll: exit 6 (not 5) with the request id, the alias and the phone", async () => {
    fake.statusFaults = [{ kind: "status", status: 401, body: { message: "Could not authenticate" } }];
    const r = await escalate(["--to", "head-of-ops", "--alert", "p401"]);
    expect(r.code).toBe(6);
    expect(r.stderr).toMatch(
      /Opsgenie accepted the alert but did not confirm it: Opsgenie refused the API key \(HTTP 401: Could not authenticate\) \(request [0-9a-f-]{36}, alias oncall-escalation:dave:p401\)/,
    );
    expect(r.stderr).toMatch(CHECK);
  });

  it("the connection broke after sending, then a 401: exit 6 (not 5), it may have been sent", async () => {
    fake.postFaults = [{ kind: "acceptThenReset" }, { kind: "status", status: 401 }];
    const r = await escalate(["--to", "head-of-ops", "--alert", "br"]);
    expect(r.code).toBe(6);
    expect(r.stderr).toMatch(/alias oncall-escalation:dave:br\): it may have been sent, so check Opsgenie/);
    expect(r.stderr).toMatch(CHECK);
  });

  it("the connection broke after sending, then a 422 about the payload: exit 6 (not 7)", async () => {
    fake.postFaults = [
      { kind: "acceptThenReset" },
      { kind: "status", status: 422, body: { message: "bad" } },
    ];
    const r = await escalate(["--to", "head-of-ops", "--alert", "b7"]);
    expect(r.code).toBe(6);
    expect(r.stderr).toMatch(CHECK);
  });
});

describe("redirects, malformed keys and the key echoed back", () => {
  it("a redirect on POST is not followed: exit 7, nothing sent elsewhere", async () => {
    fake.postFaults = [
      { kind: "status", status: 301, headers: { Location: `${fake.url}/elsewhere/v2/alerts` } },
    ];
    const r = await escalate(["--to", "head-of-ops", "--alert", "rd"]);
    expect(r.code).toBe(7);
    expect(r.stderr).toMatch(
      /Opsgenie answered the alert with a redirect \(HTTP 301 to http:\/\/127\.0\.0\.1:\d+\/elsewhere\/v2\/alerts\), which oncall does not follow — check opsgenie\.region and ONCALL_OPSGENIE_URL/,
    );
    expect(fake.requests.map((q) => q.url)).toEqual(["/v2/alerts"]);
  });

  it("a redirect on the status poll, after the alert was accepted: exit 6", async () => {
    fake.statusFaults = [{ kind: "status", status: 307, headers: { Location: `${fake.url}/x` } }];
    const r = await escalate(["--to", "head-of-ops", "--alert", "rd2"]);
    expect(r.code).toBe(6);
    expect(r.stderr).toMatch(/does not follow \(request [0-9a-f-]{36}, alias oncall-escalation:dave:rd2\)/);
    expect(fake.requests.some((q) => q.url === "/x")).toBe(false);
  });

  it.each([
    ["a line break", `${KEY}\n`],
    ["a space", `${KEY} x`],
    ["a character that is not printable ASCII", `${KEY}é`],
    ["a character that is not printable ASCII", `${KEY}\u0007`],
  ])(
    "a key with %s is refused before sending: exit 5 naming the variable, never the value",
    async (what, bad) => {
      const r = await escalate(["--to", "head-of-ops"], { OPSGENIE_API_KEY: bad });
      expect(r.code).toBe(5);
      expect(r.stderr).toContain(
        `the Opsgenie API key in $OPSGENIE_API_KEY contains ${what}, so it cannot be sent`,
      );
      expect(fake.requests).toHaveLength(0);
    },
  );

  it("a key far shorter than Opsgenie's 36-character ids is refused: exit 5, and output is not redacted into nonsense", async () => {
    const r = await escalate(["--to", "head-of-ops", "--dry-run"], { OPSGENIE_API_KEY: "x" });
    expect(r.code).toBe(5);
    expect(r.stderr).toContain(
      "the Opsgenie API key in $OPSGENIE_API_KEY has only 1 character (an Opsgenie key is a 36-character id)",
    );
    expect(r.stderr).not.toContain("[redacted]");
    expect(fake.requests).toHaveLength(0);
  });

  it("a malformed key in the settings file is named by the file", async () => {
    const home = mkdtempSync(join(tmpdir(), "oncall-esc-"));
    const env = { HOME: home, XDG_CONFIG_HOME: join(home, ".config") };
    // config set refuses such a key, so it is written by hand, as an editor would
    const dir = join(home, ".config", "oncall");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "settings.json"), JSON.stringify({ opsgenie: { apiKey: "abc def" } }), {
      mode: 0o600,
    });
    const r = await escalate(["--to", "head-of-ops"], { ...env, OPSGENIE_API_KEY: "" });
    expect(r.code).toBe(5);
    expect(r.stderr).toContain(
      `the Opsgenie API key in your personal settings (${join(home, ".config", "oncall", "settings.json")}) contains a space`,
    );
    expect(r.stderr).not.toContain("abc def");
    expect(fake.requests).toHaveLength(0);
  });

  it.each([401, 422])(
    "Opsgenie echoing the key in a %d: the key is scrubbed from everything printed",
    async (status) => {
      fake.postFaults = [
        { kind: "status", status, body: (auth: string) => ({ message: `Key ${auth} is not valid` }) },
      ];
      const r = await escalate(["--to", "head-of-ops", "--alert", "echo"]);
      expect(r.code).toBe(5);
      expect(r.stderr).toContain("Key GenieKey [redacted] is not valid");
    },
  );

  it("Opsgenie echoing the key after acceptance (exit 6) and in a request status: scrubbed", async () => {
    fake.statusFaults = [
      { kind: "status", status: 400, body: (auth: string) => ({ message: `bad ${auth}` }) },
    ];
    const r = await escalate(["--to", "head-of-ops", "--alert", "echo2"]);
    expect(r.code).toBe(6);
    expect(r.stderr).toContain("bad GenieKey [redacted]");
  });
});

describe("a message longer than Opsgenie's 130 characters", () => {
  it("is cut with …, kept whole at the top of the description, with a note on stderr", async () => {
    const long = `${"Database cluster failover failed; ".repeat(6)}END`;
    const r = await escalate(["--to", "head-of-ops", "--message", long, "--description", "runbook: db-7"]);
    expect(r.code).toBe(0);
    const body = fake.bodies[0] as { message: string; description: string };
    expect(body.message).toHaveLength(130);
    expect(body.message.endsWith("…")).toBe(true);
    expect(long.startsWith(body.message.slice(0, -1))).toBe(true);
    expect(body.description).toBe(`${long}\n\nrunbook: db-7`);
    expect(r.stderr).toMatch(
      /note: the message is longer than Opsgenie's 130 characters: it is cut with "…", and the whole text is at the top of the description/,
    );
  });

  it("a huge message and description stay within Opsgenie's limits", async () => {
    const r = await escalate([
      "--to",
      "head-of-ops",
      "--message",
      "x".repeat(300),
      "--description",
      "d".repeat(20000),
    ]);
    expect(r.code).toBe(0);
    const body = fake.bodies[0] as { message: string; description: string };
    expect(body.message).toHaveLength(130);
    expect(body.description.startsWith("x".repeat(300))).toBe(true);
    expect(body.description).toHaveLength(15000);
  });
});
