import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt } from "../support/built-oncall";
import { FakeAlertsApi, OPSGENIE_KEY } from "../support/fake-alerts-api";

// The pull through the built binary on the real clock and network: a real Retry-After wait, and
// Ctrl-C mid-pull. Every other scenario runs in-process on a fake clock (test/cli/pull-*.test.ts).
const root = join(__dirname, "..", "..");
const CONFIG = join(root, "examples", "oncall.config.yaml");
const fake = new FakeAlertsApi({
  provider: "opsgenie",
  total: 250,
  start: Date.parse("2026-10-01T00:00:00Z"),
  step: 60_000,
});

function oncall(cwd: string, args: string[], interruptWhen?: () => boolean) {
  const started = Date.now();
  const child = spawn(
    process.execPath,
    [join(root, "bin", "oncall.js"), "alerts", "pull", "--config", CONFIG, ...args],
    {
      cwd,
      env: {
        PATH: process.env.PATH,
        HOME: "/nonexistent-home",
        NO_COLOR: "1",
        ONCALL_NOW: "2026-11-27T12:00:00Z",
        ONCALL_OPSGENIE_URL: fake.url,
        OPSGENIE_API_KEY: OPSGENIE_KEY,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  const poll = interruptWhen
    ? setInterval(() => {
        if (interruptWhen()) {
          clearInterval(poll);
          child.kill("SIGINT");
        }
      }, 10)
    : undefined;
  return new Promise<{ code: number | null; stdout: string; stderr: string; ms: number }>((done) =>
    child.on("close", (code) => {
      clearInterval(poll);
      done({ code, stdout, stderr, ms: Date.now() - started });
    }),
  );
}

beforeAll(async () => {
  ensureBuilt();
  await fake.start();
});
afterAll(() => fake.stop());

describe("alerts pull, the built binary", () => {
  it("waits the second a 429 asks for, then writes every alert once", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pull-e2e-"));
    fake.listFaults.set(1, {
      kind: "status",
      status: 429,
      headers: { "Retry-After": "1" },
      body: { message: "slow down" },
    });
    const r = await oncall(dir, ["--month", "2026-10", "--out", "oct.json", "--json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.ms).toBeGreaterThanOrEqual(1000);
    const ids = JSON.parse(readFileSync(join(dir, "oct.json"), "utf8")).data.map((a: { id: string }) => a.id);
    expect(ids).toEqual(Array.from({ length: 250 }, (_, i) => fake.id(i)));
  }, 20_000);

  it("Ctrl-C while an answer stalls: 130, and no file or temporary file is left", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pull-e2e-"));
    fake.reset({ ...fake.o });
    fake.listFaults.set(1, { kind: "stall" });
    const r = await oncall(dir, ["--month", "2026-10", "--out", "oct.json"], () => fake.listRequests >= 2);
    expect(r.code).toBe(130);
    expect(r.stderr).toBe(
      "error: interrupted while pulling from Opsgenie — nothing was written; to try again: oncall alerts pull " +
        `--config ${CONFIG} --from 2026-10-01 --to 2026-10-31 --out oct.json\n`,
    );
    expect(existsSync(join(dir, "oct.json"))).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  }, 20_000);
});
