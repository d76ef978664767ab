import { spawn } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { FakeOpsgenie } from "../support/fake-opsgenie";

// SIGTERM (kill, a closing terminal, a CI runner's cancel) must say what Ctrl-C says (with the
// exit code a kill gives, 143, docs/exit-codes.md): after the
// alert may have been sent, the request id, the alias and the phone number.
const root = join(__dirname, "..", "..");
const CONFIG = join(root, "examples", "oncall.config.yaml");
const KEY = "test-default-api-key-0000";
const fake = new FakeOpsgenie();

beforeAll(() => fake.start());
afterAll(() => fake.stop());
beforeEach(() => {
  fake.reset();
  fake.validKey = KEY;
});

it("fb: SIGTERM after the alert was sent exits 143 naming the alias and the phone", async () => {
  // the 202 arrives but its body stalls: Opsgenie may have the alert
  fake.postFaults = [{ kind: "stall", status: 202 }];
  const child = spawn(
    process.execPath,
    [join(root, "bin", "oncall.js"), "escalate", "--config", CONFIG, "--to", "head-of-ops", "--alert", "t1"],
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
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const closed = new Promise<number | null>((resolve) => child.on("close", (c) => resolve(c)));
  await fake.whenHeld();
  // The one wait on the real clock: the server has written the 202, and the client, another
  // process, shows no sign of having read it; it has within 100 ms.
  setTimeout(() => child.kill("SIGTERM"), 100);
  const code = await closed;
  expect(code).toBe(143);
  expect(stderr).toContain("interrupted after the request was sent");
  expect(stderr).toContain("alias oncall-escalation:");
  expect(stderr).toMatch(/call .+ on \+?\d/);
}, 20_000);
