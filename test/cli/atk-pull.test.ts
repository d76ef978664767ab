import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FakeAlertsApi, JSM_TOKEN, jsmConfig, jsmEnv, jsmOptions } from "../support/fake-alerts-api";
import { fakeNet } from "../support/fake-opsgenie";
import { runCli } from "./run";

const opts = jsmOptions;
const fake = new FakeAlertsApi(opts());
let dir = "";

const config = () => jsmConfig(dir);

async function pull(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = await runCli(["alerts", "pull", "--config", config(), ...args], {
    env: { ...jsmEnv(fake.url, dir), ...env },
    cwd: dir,
    net: fakeNet(),
  });
  expect(r.stdout + r.stderr).not.toContain(JSM_TOKEN);
  return r;
}

const FILE = "alerts-2026-10-01--2026-10-31.json";
const values = (file = FILE) =>
  JSON.parse(readFileSync(join(dir, file), "utf8")).values as Record<string, unknown>[];

beforeAll(() => fake.start());
afterAll(() => fake.stop());
beforeEach(() => {
  fake.reset(opts());
  dir = mkdtempSync(join(tmpdir(), "atk-pull-"));
});

describe("alerts pull: an alert's logs that never end", () => {
  it("stops after 20 pages: the acknowledger unknown (_logsRead false), one warning naming the alert", async () => {
    fake.reset(opts({ endlessLogsFor: [0] }));
    const r = await pull(["--month", "2026-10"]);
    expect(r.code).toBe(0);
    const logsOf0 = fake.requests.filter((q) => q.path.endsWith(`/${fake.id(0)}/logs`));
    expect(logsOf0.length).toBe(20);
    const all = values();
    expect(all[0]!._logsRead).toBe(false);
    expect(all[0]!.acknowledgedBy).toBeUndefined();
    // the others are read as ever
    expect(all.filter((a) => a._logsRead === true).length).toBeGreaterThan(0);
    const warnings = r.stderr.split("\n").filter((l) => l.startsWith("warning:"));
    expect(warnings).toEqual([
      `warning: the logs of JSM alert ${fake.id(0)} go on past 20 pages (2,000 entries): stopped reading them, so who acknowledged it is not known (_logsRead: false)`,
    ]);
  });
});

describe("alerts pull: the summary's count of logs read", () => {
  it("piped (no progress line) still counts the alerts whose logs were read", async () => {
    const r = await pull(["--month", "2026-10"]);
    expect(r.code).toBe(0);
    const read = values().filter((a) => a._logsRead === true).length;
    expect(read).toBeGreaterThan(0);
    expect(r.stderr).toContain(`(logs read for ${read} alerts)`);
  });
});

describe("alerts pull --append with no period flags", () => {
  it("pulls up to now, the current month included", async () => {
    // alerts every 2 hours from Sun 1 Nov 2026; now is 27 Nov 12:00 UTC (runCli's ONCALL_NOW)
    fake.reset(opts({ start: Date.parse("2026-11-01T00:00:00Z"), total: 1000, ackEvery: 1_000_000 }));
    expect((await pull(["--from", "2026-11-01", "--to", "2026-11-01", "--out", "log.json"])).code).toBe(0);
    expect(values("log.json").length).toBe(12);
    const r = await pull(["--append", "--out", "log.json", "--json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).to).toBe("2026-11-27T12:00:00.000Z");
    // 1 Nov 00:00 to 27 Nov 12:00 UTC, every 2 hours: 26 days × 12 + 6
    expect(values("log.json").length).toBe(26 * 12 + 6);
  });

  it("a file not there yet: from the start of the previous month up to now", async () => {
    fake.reset(opts({ start: Date.parse("2026-10-01T00:00:00Z"), total: 1000, ackEvery: 1_000_000 }));
    const r = await pull(["--append", "--out", "new.json", "--json"]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.from).toBe("2026-09-30T23:00:00.000Z");
    expect(doc.to).toBe("2026-11-27T12:00:00.000Z");
  });
});

describe("alerts pull --append to a file that is not a regular file", () => {
  it("a FIFO is refused (exit 4) at once, naming it; nothing is fetched", async () => {
    execFileSync("mkfifo", [join(dir, "ap.json")]);
    const r = await pull(["--append", "--out", "ap.json"]);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain("ap.json: not a regular file, so it cannot be appended to");
    expect(fake.requests.length).toBe(0);
  });

  it("a symbolic link is not followed (exit 4)", async () => {
    writeFileSync(join(dir, "real.json"), '{"values":[]}');
    symlinkSync(join(dir, "real.json"), join(dir, "link.json"));
    const r = await pull(["--append", "--out", "link.json"]);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain("link.json: a symbolic link, so it cannot be appended to");
  });
});
