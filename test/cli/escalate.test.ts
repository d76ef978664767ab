import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv from "ajv";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { LIMITS } from "../../src/core/escalation";
import { FakeOpsgenie } from "../support/fake-opsgenie";
import { runCli } from "./run";

const root = join(__dirname, "..", "..");
const CONFIG = join(root, "examples", "oncall.config.yaml");
const KEY = "test-default-api-key-0000";
const fake = new FakeOpsgenie();

// Every body the fake receives must be a valid CreateAlertPayload (Swagger 2.0, so strict: false).
// The published OpenAPI lies beside the project (shared/reference), as in CI; OPSGENIE_OAS overrides.
const OAS =
  process.env.OPSGENIE_OAS ?? join(root, "..", "shared", "reference", "opsgenie-oas", "swagger.json");
if (!existsSync(OAS))
  throw new Error(
    `Opsgenie's OpenAPI not found at ${OAS}: set OPSGENIE_OAS to shared/reference/opsgenie-oas/swagger.json`,
  );
const swagger = JSON.parse(readFileSync(OAS, "utf8"));
const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addSchema({ definitions: swagger.definitions }, "swagger.json");
const validate = ajv.compile({ $ref: "swagger.json#/definitions/CreateAlertPayload" });

function checkBodies(): void {
  for (const body of fake.bodies) {
    expect(validate(body) ? [] : validate.errors).toEqual([]);
    const b = body as Record<string, unknown>;
    expect(String(b.message).length).toBeLessThanOrEqual(LIMITS.message);
    expect(String(b.alias).length).toBeLessThanOrEqual(LIMITS.alias);
    if (b.description) expect(String(b.description).length).toBeLessThanOrEqual(LIMITS.description);
    const tags = (b.tags as string[]) ?? [];
    expect(tags.length).toBeLessThanOrEqual(LIMITS.tags);
    for (const t of tags) expect(t.length).toBeLessThanOrEqual(LIMITS.tag);
    const details = Object.entries((b.details as Record<string, string>) ?? {}).reduce(
      (n, [k, v]) => n + k.length + v.length,
      0,
    );
    expect(details).toBeLessThanOrEqual(LIMITS.details);
    for (const [f, n] of [
      ["entity", LIMITS.entity],
      ["source", LIMITS.source],
      ["user", LIMITS.user],
      ["note", LIMITS.note],
    ] as const) {
      if (b[f] !== undefined) expect(String(b[f]).length).toBeLessThanOrEqual(n);
    }
  }
}

/** The built binary, run asynchronously (the fake server lives in this process). */
function runBinary(
  argv: string[],
  o: { env?: NodeJS.ProcessEnv } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(root, "bin", "oncall.js"), ...argv], {
      env: { PATH: process.env.PATH, HOME: "/nonexistent-home", NO_COLOR: "1", ...o.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

// Every scenario runs in-process (fake streams) and through the built binary.
const MODE = process.env.ONCALL_ESCALATE_MODE ?? "in-process";
const runner = MODE === "binary" ? runBinary : runCli;

async function escalate(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = await runner(["escalate", "--config", CONFIG, "--verbose", ...args], {
    env: {
      ONCALL_OPSGENIE_URL: fake.url,
      OPSGENIE_API_KEY: KEY,
      ONCALL_ME: "alice",
      ONCALL_NOW: "2026-11-27T03:00:00Z",
      ...env,
    },
  });
  // the key is never printed, whatever happened
  expect(r.stdout).not.toContain(KEY);
  expect(r.stderr).not.toContain(KEY);
  checkBodies();
  return r;
}

const alertCount = () => fake.alerts.size;

beforeAll(async () => {
  if (MODE === "binary" && !existsSync(join(root, "dist", "cli.cjs")))
    throw new Error("build first: npm run build");
  await fake.start();
});
afterAll(() => fake.stop());
beforeEach(() => fake.reset());

describe(`oncall escalate (${MODE})`, () => {
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

  it("503 then success: retried, one alert", async () => {
    fake.postFaults = [{ kind: "status", status: 503 }];
    const r = await escalate(["--to", "head-of-ops", "--alert", "a1"]);
    expect(r.code).toBe(0);
    expect(alertCount()).toBe(1);
    expect(r.stderr).toMatch(/waiting \d+ ms: HTTP 503/);
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
    expect(alertCount()).toBe(1);
  });

  it("a connection reset is retried: one alert", async () => {
    fake.postFaults = [{ kind: "reset" }];
    const r = await escalate(["--to", "head-of-ops", "--alert", "a3"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/network error/);
    expect(alertCount()).toBe(1);
  });

  it("a server slower than the deadline: exit 6 with the alias and the phone number", async () => {
    fake.postFaults = [{ kind: "slow", ms: 3000 }];
    const r = await escalate(["--to", "head-of-ops", "--alert", "a4", "--timeout", "1"]);
    expect(r.code).toBe(6);
    expect(r.stderr).toMatch(
      /could not reach Opsgenie .* within 1 s .*alias oncall-escalation:dave:a4.*check Opsgenie before paging again; call Dave Davies on \+44 7700 900456/,
    );
    expect(alertCount()).toBeLessThanOrEqual(1);
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
    expect(fake.requests.filter((q) => q.method === "POST")).toHaveLength(1);
    expect(alertCount()).toBe(0);
  });

  it("422 about the payload: exit 7 with Opsgenie's message, no retry", async () => {
    fake.postFaults = [{ kind: "status", status: 422, body: { message: "Message can not be empty." } }];
    const r = await escalate(["--to", "head-of-ops", "--alert", "p"]);
    expect(r.code).toBe(7);
    expect(r.stderr).toMatch(/Opsgenie rejected the alert \(HTTP 422\): Message can not be empty\./);
    expect(alertCount()).toBe(0);
    expect(fake.requests.filter((q) => q.method === "POST")).toHaveLength(1);
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

  it("a request never confirmed: exit 6 with the request id, the alias and the phone", async () => {
    fake.neverConfirm = true;
    const r = await escalate(["--to", "head-of-ops", "--alert", "n", "--timeout", "2"]);
    expect(r.code).toBe(6);
    expect(r.stderr).toMatch(
      /Opsgenie accepted the alert but did not confirm it within 2 s \(request [0-9a-f-]{36}, alias oncall-escalation:dave:n\): check Opsgenie before paging again; call Dave Davies on \+44 7700 900456/,
    );
    expect(fake.requests.filter((q) => q.method === "POST")).toHaveLength(1);
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
    const r = await runner(["escalate", "--config", CONFIG, "--to", "head-of-ops"], {
      env: { ONCALL_OPSGENIE_URL: fake.url, ONCALL_NOW: "2026-11-27T03:00:00Z" },
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

  it("messages longer than Opsgenie's limit are cut to 130 characters", async () => {
    const r = await escalate([
      "--to",
      "head-of-ops",
      "--message",
      "x".repeat(300),
      "--description",
      "d".repeat(20000),
    ]);
    expect(r.code).toBe(0);
    expect(String((fake.bodies[0] as { message: string }).message)).toHaveLength(130);
    expect(alertCount()).toBe(1);
  });
});

describe.runIf(MODE === "binary")("Ctrl-C after the request was sent (the built binary)", () => {
  it("prints the request id and alias, exit 130", async () => {
    if (!existsSync(join(root, "dist", "cli.cjs"))) throw new Error("build first: npm run build");
    fake.neverConfirm = true;
    const child = spawn(
      process.execPath,
      [
        join(root, "bin", "oncall.js"),
        "escalate",
        "--config",
        CONFIG,
        "--to",
        "head-of-ops",
        "--alert",
        "c1",
        "--timeout",
        "20",
      ],
      {
        env: {
          PATH: process.env.PATH,
          HOME: "/nonexistent-home",
          NO_COLOR: "1",
          ONCALL_OPSGENIE_URL: fake.url,
          OPSGENIE_API_KEY: KEY,
        },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    const exited = new Promise<number | null>((r) => child.on("close", (code) => r(code)));
    for (let i = 0; i < 100 && fake.requests.filter((q) => q.method === "GET").length === 0; i++)
      await new Promise((r) => setTimeout(r, 50));
    child.kill("SIGINT");
    expect(await exited).toBe(130);
    expect(stderr).toMatch(
      /interrupted after the request was sent \(request [0-9a-f-]{36}, alias oncall-escalation:dave:c1\): check Opsgenie before paging again/,
    );
    expect(stderr).not.toContain(KEY);
  });
});

describe("escalate --dry-run with personal settings", () => {
  it("uses your opsgenie.region and shows the key only as redacted", async () => {
    const { mkdtempSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
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
