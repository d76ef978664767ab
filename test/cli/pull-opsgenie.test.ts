import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Ajv from "ajv";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FakeAlertsApi, type FakeAlertsOptions, OPSGENIE_KEY } from "../support/fake-alerts-api";
import { fakeNet } from "../support/fake-opsgenie";
import { runCli } from "./run";

const root = join(__dirname, "..", "..");
const CONFIG = join(root, "examples", "oncall.config.yaml");
const validate = new Ajv({ allErrors: true }).compile(
  JSON.parse(readFileSync(join(root, "schema", "alerts-pull.schema.json"), "utf8")),
);
// October 2026 in London: from 2026-09-30T23:00Z to 2026-10-31T24:00Z (BST ends on the 25th)
const OCT_FROM = Date.parse("2026-09-30T23:00:00Z");
const OCT_TO = Date.parse("2026-11-01T00:00:00Z");
const opts = (o: Partial<FakeAlertsOptions> = {}): FakeAlertsOptions => ({
  provider: "opsgenie",
  total: 300,
  start: Date.parse("2026-10-01T00:00:00Z"),
  step: 150_000,
  ...o,
});
const fake = new FakeAlertsApi(opts());
let net = fakeNet();
let dir = "";

async function pull(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = await runCli(["alerts", "pull", "--config", CONFIG, ...args], {
    env: { ONCALL_OPSGENIE_URL: fake.url, OPSGENIE_API_KEY: OPSGENIE_KEY, ONCALL_DATA_DIR: dir, ...env },
    cwd: dir,
    net,
  });
  expect(r.stdout + r.stderr).not.toContain(OPSGENIE_KEY);
  return r;
}

const listed = () => fake.requests.filter((r) => r.path === "/v2/alerts");
const ids = (file: string) =>
  (JSON.parse(readFileSync(join(dir, file), "utf8")).data as { id: string }[]).map((a) => a.id);

beforeAll(() => fake.start());
afterAll(() => fake.stop());
beforeEach(() => {
  fake.reset(opts());
  net = fakeNet();
  dir = mkdtempSync(join(tmpdir(), "pull-og-"));
});

describe("alerts pull from Opsgenie", () => {
  it("pulls 45,000 alerts across the 20,000 cap, each exactly once, in order, by offsets it computes", async () => {
    // three alerts share each millisecond, so a slice boundary falls inside a millisecond
    fake.reset(opts({ total: 45_000, perMs: 3, step: 150_000 }));
    const r = await pull(["--month", "2026-10", "--json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(validate(doc)).toBe(true);
    expect(doc).toEqual({
      schemaVersion: 1,
      provider: "opsgenie",
      from: "2026-09-30T23:00:00.000Z",
      to: "2026-11-01T00:00:00.000Z",
      alerts: 45_000,
      file: join(dir, "alerts-2026-10-01--2026-10-31.json"),
    });
    const got = ids("alerts-2026-10-01--2026-10-31.json");
    expect(got.length).toBe(45_000);
    expect(new Set(got).size).toBe(45_000);
    expect(got).toEqual(Array.from({ length: 45_000 }, (_, i) => fake.id(i)));
    // every request within the cap, by offset, never following the `next` link elsewhere
    for (const q of listed()) {
      expect(Number(q.query.get("offset")) + Number(q.query.get("limit"))).toBeLessThan(20_000);
      expect(q.query.get("limit")).toBe("100");
      expect(q.query.get("sort")).toBe("createdAt");
      expect(q.query.get("order")).toBe("asc");
    }
    expect(fake.requests.every((q) => q.path === "/v2/alerts")).toBe(true);
    const starts = [...new Set(listed().map((q) => q.query.get("query")))];
    expect(starts).toEqual([
      `createdAt >= ${OCT_FROM} AND createdAt < ${OCT_TO}`,
      `createdAt >= ${fake.createdAt(19_899)} AND createdAt < ${OCT_TO}`,
      `createdAt >= ${fake.createdAt(39_798)} AND createdAt < ${OCT_TO}`,
    ]);
  }, 60_000);

  it("writes the API's alerts whole, with _source, and toil calc reads the file back", async () => {
    const r = await pull(["--month", "2026-10"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /^pulled 300 alerts created 2026-09-30T23:00:00.000Z – 2026-11-01T00:00:00.000Z from Opsgenie; .*alerts-2026-10-01--2026-10-31.json holds 300 alerts\n$/,
    );
    const file = join(dir, "alerts-2026-10-01--2026-10-31.json");
    const first = JSON.parse(readFileSync(file, "utf8")).data[0];
    expect(first).toEqual({ ...fake.alert(0), _source: "opsgenie" });
    const calc = await runCli(["toil", "calc", "--config", CONFIG, "--month", "2026-10", file, "--json"], {
      env: { ONCALL_DATA_DIR: dir },
      cwd: dir,
    });
    expect(calc.code).toBe(0);
    const result = JSON.parse(calc.stdout);
    const counted = Object.values(result.skippedCounts as Record<string, number>).reduce((a, b) => a + b, 0);
    const inClaims = new Set(
      result.claims.flatMap((c: { alerts: { id: string }[] }) => c.alerts.map((a) => a.id)),
    );
    // every alert pulled ends in a claim or is counted as skipped
    expect(inClaims.size + counted).toBe(300);
    expect(inClaims.size).toBeGreaterThan(0);
  });

  it("waits as a 429 asks, retries a 5xx, and still gets every alert once", async () => {
    fake.reset(opts({ total: 450 }));
    fake.listFaults.set(2, {
      kind: "status",
      status: 429,
      headers: { "Retry-After": "7" },
      body: { message: "rate" },
    });
    fake.listFaults.set(4, { kind: "status", status: 503, body: { message: "busy" } });
    const r = await pull(["--month", "2026-10"]);
    expect(r.code).toBe(0);
    expect(net.sleeps).toContain(7000);
    expect(net.sleeps.length).toBe(2);
    const got = ids("alerts-2026-10-01--2026-10-31.json");
    expect(got).toEqual(Array.from({ length: 450 }, (_, i) => fake.id(i)));
  });

  it("refused credentials: exit 5, nothing written, the key never shown", async () => {
    const r = await pull(["--month", "2026-10"], {
      OPSGENIE_API_KEY: "ffffffff-4b5a-6978-8796-a5b4c3d2e1f0",
    });
    expect(r.code).toBe(5);
    expect(r.stderr).toContain("Opsgenie refused the API key (HTTP 401");
    expect(r.stderr).toContain("API integration key with read access");
    expect(r.stderr).not.toContain("ffffffff-4b5a");
    expect(existsSync(join(dir, "alerts-2026-10-01--2026-10-31.json"))).toBe(false);
  });

  it("a rejected query part-way: exit 7, nothing written, the command that runs it again", async () => {
    fake.reset(opts({ total: 450 }));
    fake.listFaults.set(3, { kind: "status", status: 422, body: { message: "Invalid query" } });
    const r = await pull(["--month", "2026-10"]);
    expect(r.code).toBe(7);
    expect(r.stderr).toBe(
      "error: Opsgenie rejected the alert list at offset 300 (HTTP 422): Invalid query — nothing was written; to try again: oncall alerts pull --config " +
        `${CONFIG} --from 2026-10-01 --to 2026-10-31 --out alerts-2026-10-01--2026-10-31.json\n`,
    );
    expect(existsSync(join(dir, "alerts-2026-10-01--2026-10-31.json"))).toBe(false);
  });

  it("a body that stops arriving: exit 6 when the request's deadline passes on the clock", async () => {
    fake.listFaults.set(1, { kind: "stall" });
    fake.reset({ ...fake.o, total: 450 });
    fake.listFaults.set(1, { kind: "stall" });
    const run = pull(["--month", "2026-10", "--out", "oct.json"]);
    await net.answered(2);
    net.advance(30_001);
    const r = await run;
    expect(r.code).toBe(6);
    expect(r.stderr).toMatch(
      /^error: could not pull from Opsgenie at http:\/\/127\.0\.0\.1:\d+: out of time: the answer to the alert list at offset 100 stopped arriving \(HTTP 200\) — nothing was written; to try again: oncall alerts pull .* --out oct.json\n$/,
    );
    expect(existsSync(join(dir, "oct.json"))).toBe(false);
  });

  it("nothing listening: exit 6 once the deadline is spent on retries", async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const r = await pull(["--month", "2026-10"], { ONCALL_OPSGENIE_URL: `http://127.0.0.1:${port}` });
    expect(r.code).toBe(6);
    expect(r.stderr).toContain(`could not pull from Opsgenie at http://127.0.0.1:${port}: out of time`);
    expect(r.stderr).toContain("ECONNREFUSED");
  });

  it("a slice that makes no progress (a slice of alerts in one millisecond) is exit 7, not a loop", async () => {
    fake.reset(opts({ total: 20_500, perMs: 20_500 }));
    const r = await pull(["--month", "2026-10"]);
    expect(r.code).toBe(7);
    expect(r.stderr).toContain("would return no more past its offset limit");
    // the first slice starts before them; the second, at their millisecond, can get no further
    expect(listed().length).toBe(2 * 199);
  });

  it("drops rows the server returned outside the period, with a warning", async () => {
    fake.reset(opts({ total: 50, ignoresQueryFor: 7 }));
    const r = await pull(["--month", "2026-10"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("warning: Opsgenie returned 1 alert created outside");
    expect(ids("alerts-2026-10-01--2026-10-31.json").length).toBe(50);
  });

  it("never over an existing file without --force; --force replaces it", async () => {
    writeFileSync(join(dir, "alerts-2026-10-01--2026-10-31.json"), "keep");
    const r = await pull(["--month", "2026-10"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("alerts-2026-10-01--2026-10-31.json already exists");
    expect(fake.requests.length).toBe(0);
    expect((await pull(["--month", "2026-10", "--force"])).code).toBe(0);
    expect(ids("alerts-2026-10-01--2026-10-31.json").length).toBe(300);
  });

  it("defaults to the previous calendar month", async () => {
    const r = await pull(["--json"], { ONCALL_NOW: "2026-11-03T09:00:00Z" });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).file).toBe(join(dir, "alerts-2026-10-01--2026-10-31.json"));
  });

  it("--append merges by id: the fresh copy wins, an acknowledgedBy it lacks is kept", async () => {
    const stale = { ...fake.alert(1), message: "stale", report: { acknowledgedBy: "zed@example.com" } };
    const old = { id: "older-one", createdAt: "2026-09-01T10:00:00.000Z", message: "from before" };
    writeFileSync(join(dir, "log.json"), JSON.stringify({ data: [stale, old] }));
    const r = await pull(["--month", "2026-10", "--append", "--out", "log.json"]);
    expect(r.code).toBe(0);
    const data = JSON.parse(readFileSync(join(dir, "log.json"), "utf8")).data;
    expect(data.length).toBe(301);
    expect(data[0].id).toBe("older-one");
    const one = data.find((a: { id: string }) => a.id === fake.id(1));
    expect(one.message).toBe(fake.alert(1).message);
    expect(one.report.acknowledgedBy).toBe("zed@example.com");
  });

  it("--append without --from continues from the newest alert in the file", async () => {
    fake.reset(opts({ total: 100 }));
    expect((await pull(["--month", "2026-10", "--out", "log.json"])).code).toBe(0);
    fake.reset(opts({ total: 250 }));
    const r = await pull(["--append", "--out", "log.json", "--json"]);
    expect(r.code).toBe(0);
    // up to now (runCli's ONCALL_NOW), not the end of last month: a nightly --append keeps up
    expect(listed()[0]!.query.get("query")).toBe(
      `createdAt >= ${fake.createdAt(99)} AND createdAt < ${Date.parse("2026-11-27T12:00:00Z")}`,
    );
    expect(JSON.parse(r.stdout).from).toBe(new Date(fake.createdAt(99)).toISOString());
    const got = ids("log.json");
    expect(got).toEqual(Array.from({ length: 250 }, (_, i) => fake.id(i)));
  });

  it("--check fetches one page, says what was verified, writes nothing", async () => {
    const r = await pull(["--month", "2026-10", "--check"]);
    expect(r.code).toBe(0);
    expect(fake.requests.length).toBe(1);
    expect(r.stdout).toContain("credentials\taccepted (from $OPSGENIE_API_KEY)\n");
    expect(r.stdout).toContain("first page\t100 alerts, 0 outside the period\n");
    expect(r.stdout).toContain("paging\ta full page: the pull continues by offset\n");
    const json = await pull(["--month", "2026-10", "--check", "--json"]);
    const doc = JSON.parse(json.stdout);
    expect(validate(doc)).toBe(true);
    expect(doc.file).toBeNull();
    expect(existsSync(join(dir, "alerts-2026-10-01--2026-10-31.json"))).toBe(false);
  });

  it("progress goes to stderr only on a terminal", async () => {
    const r = await runCli(["alerts", "pull", "--config", CONFIG, "--month", "2026-10"], {
      env: { ONCALL_OPSGENIE_URL: fake.url, OPSGENIE_API_KEY: OPSGENIE_KEY, ONCALL_DATA_DIR: dir },
      cwd: dir,
      net,
      tty: true,
    });
    expect(r.code).toBe(0);
    // one line redrawn in place: the terminal gets the real carriage return and line clearing
    expect(r.stderr).toContain("\r\u001b[Kpulling: 300 alerts, up to 2026-10-01");
    expect(r.stderr).not.toContain("\\r");
    expect(r.stderr).toMatch(/\/s/);
  });

  it("--verbose shows each request without the key; a service's message is escaped and scrubbed", async () => {
    fake.listFaults.set(0, {
      kind: "status",
      status: 400,
      body: { message: `bad \u001b[31mquery\u001b[0m for key ${OPSGENIE_KEY}` },
    });
    const r = await pull(["--month", "2026-10", "--verbose"]);
    expect(r.code).toBe(7);
    expect(r.stderr).toMatch(/^GET http:\/\/127\.0\.0\.1:\d+\/v2\/alerts\?query=createdAt/m);
    expect(r.stderr).not.toContain("\u001b");
    expect(r.stderr).toContain("bad \\x1b[31mquery\\x1b[0m for key [redacted]");
  });

  it("usage errors before anything is sent: --force with --append, --to without --from", async () => {
    const both = await pull(["--month", "2026-10", "--force", "--append"]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("--force and --append cannot be combined");
    const to = await pull(["--to", "2026-10-31"]);
    expect(to.code).toBe(2);
    expect(to.stderr).toContain("--to needs --from");
    expect(fake.requests.length).toBe(0);
  });

  it.each([
    [["--out", "sub"], 2, /^error: --out sub is a directory/],
    [["--out", "sub/"], 2, /^error: --out sub\/ is a directory/],
    [["--out", "dangling.json"], 2, /^error: dangling\.json already exists/],
    [["--out", "dangling.json", "--append"], 4, /dangling\.json/],
  ])("--out %j is refused before anything is fetched", async (args, code, message) => {
    mkdirSync(join(dir, "sub"));
    symlinkSync(join(dir, "nothing.json"), join(dir, "dangling.json"));
    const r = await pull(["--month", "2026-10", ...args]);
    expect(r.stderr).toMatch(message);
    expect(r.code).toBe(code);
    expect(fake.requests).toEqual([]);
  });

  it("a --out in a directory that is not there is refused before anything is fetched", async () => {
    const r = await pull(["--month", "2026-10", "--out", "no-such-dir/oct.json"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^error: cannot write no-such-dir\/oct\.json: the directory .*no-such-dir does not exist/,
    );
    expect(fake.requests).toEqual([]);
  });
});
