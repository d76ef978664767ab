import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FakeOpsgenie, validatePayload } from "../support/fake-opsgenie";

// A handful of escalations through the built binary, on the real clock: the deadline and Ctrl-C.
// Every other scenario runs in-process on a fake clock (test/cli/escalate.test.ts).
const root = join(__dirname, "..", "..");
const CONFIG = join(root, "examples", "oncall.config.yaml");
const KEY = "test-default-api-key-0000";
const fake = new FakeOpsgenie();

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** The built binary; `interruptWhen` sends SIGINT once it holds. */
function oncall(args: string[], interruptWhen?: () => boolean): Promise<Run> {
  const started = Date.now();
  const child = spawn(
    process.execPath,
    [join(root, "bin", "oncall.js"), "escalate", "--config", CONFIG, ...args],
    {
      env: {
        PATH: process.env.PATH,
        HOME: "/nonexistent-home",
        NO_COLOR: "1",
        ONCALL_NOW: "2026-11-27T03:00:00Z",
        ONCALL_ME: "alice",
        ONCALL_OPSGENIE_URL: fake.url,
        OPSGENIE_API_KEY: KEY,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  let poll: NodeJS.Timeout | undefined;
  if (interruptWhen) {
    poll = setInterval(() => {
      if (interruptWhen()) {
        clearInterval(poll);
        child.kill("SIGINT");
      }
    }, 20);
  }
  return new Promise((resolve) =>
    child.on("close", (code) => {
      clearInterval(poll);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    }),
  );
}

beforeAll(async () => {
  if (!existsSync(join(root, "dist", "cli.cjs")) && !existsSync(join(root, "dist", "cli.js")))
    throw new Error("build first: npm run build");
  await fake.start();
});
afterAll(() => fake.stop());
beforeEach(() => fake.reset());

describe("oncall escalate, the built binary on the real clock", () => {
  it("pages: exit 0, one alert, a valid payload, the key never printed", async () => {
    const r = await oncall(["--to", "head-of-ops", "--alert", "6004", "--verbose"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Paged Dave Davies \(dave@example.com\) — Opsgenie alert [0-9a-f-]{36}\n$/);
    expect(fake.alerts.size).toBe(1);
    expect(validatePayload(fake.bodies[0]) ? [] : validatePayload.errors).toEqual([]);
    expect(r.stdout + r.stderr).not.toContain(KEY);
  });

  it("a server slower than the deadline: exit 6 at the deadline, with the alias and the phone", async () => {
    fake.postFaults = [{ kind: "hold" }];
    const r = await oncall(["--to", "head-of-ops", "--alert", "a4", "--timeout", "1"]);
    expect(r.code).toBe(6);
    expect(r.ms).toBeLessThan(2500);
    expect(r.stderr).toMatch(
      /could not reach Opsgenie .* within 1 s .*alias oncall-escalation:dave:a4.*check Opsgenie before paging again; call Dave Davies on \+44 7700 900456/,
    );
  });

  it("202 headers, then the body stalls: exit 6 at the deadline with the alias and the phone", async () => {
    fake.postFaults = [{ kind: "stall", status: 202 }];
    const r = await oncall(["--to", "head-of-ops", "--alert", "st", "--timeout", "1"]);
    expect(r.code).toBe(6);
    expect(r.ms).toBeLessThan(2500);
    expect(r.stderr).toMatch(
      /Opsgenie accepted the alert \(HTTP 202\) but its answer was cut off \(out of time\) \(alias oncall-escalation:dave:st\): it may have been sent, so check Opsgenie before paging again; call Dave Davies on \+44 7700 900456/,
    );
  });

  it("Ctrl-C while the 202's body stalls: exit 130 with the alias", async () => {
    fake.postFaults = [{ kind: "stall", status: 202 }];
    const r = await oncall(["--to", "head-of-ops", "--alert", "c0", "--timeout", "20"], () =>
      fake.requests.some((q) => q.method === "POST"),
    );
    expect(r.code).toBe(130);
    expect(r.ms).toBeLessThan(5000);
    expect(r.stderr).toMatch(
      /interrupted after the request was sent \(request \(no id yet\), alias oncall-escalation:dave:c0\): check Opsgenie before paging again; call Dave Davies/,
    );
  });

  it("Ctrl-C while waiting for confirmation: exit 130 with the request id and alias", async () => {
    fake.neverConfirm = true;
    const r = await oncall(["--to", "head-of-ops", "--alert", "c1", "--timeout", "20"], () =>
      fake.requests.some((q) => q.method === "GET"),
    );
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(
      /interrupted after the request was sent \(request [0-9a-f-]{36}, alias oncall-escalation:dave:c1\): check Opsgenie before paging again/,
    );
    expect(r.stderr).not.toContain(KEY);
  });
});
