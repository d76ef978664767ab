import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Ajv from "ajv";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  CLOUD_ID,
  FakeAlertsApi,
  JSM_EMAIL,
  JSM_TOKEN,
  jsmConfig,
  jsmEnv,
  jsmOptions,
} from "../support/fake-alerts-api";
import { fakeNet } from "../support/fake-opsgenie";
import { runCli } from "./run";

const opts = jsmOptions;
const validate = new Ajv({ allErrors: true }).compile(
  JSON.parse(readFileSync(join(__dirname, "..", "..", "schema", "alerts-pull.schema.json"), "utf8")),
);
const fake = new FakeAlertsApi(opts());
let net = fakeNet();
let dir = "";

const config = (extra?: string) => jsmConfig(dir, extra);

async function pull(args: string[], env: NodeJS.ProcessEnv = {}, cfg = config()) {
  const r = await runCli(["alerts", "pull", "--config", cfg, "--month", "2026-10", ...args], {
    env: { ...jsmEnv(fake.url, dir), ...env },
    cwd: dir,
    net,
  });
  expect(r.stdout + r.stderr).not.toContain(JSM_TOKEN);
  return r;
}

const FILE = "alerts-2026-10-01--2026-10-31.json";
const values = () => JSON.parse(readFileSync(join(dir, FILE), "utf8")).values as Record<string, unknown>[];
const LIST = `/jsm/ops/api/${CLOUD_ID}/v1/alerts`;

beforeAll(() => fake.start());
afterAll(() => fake.stop());
beforeEach(() => {
  fake.reset(opts());
  net = fakeNet();
  dir = mkdtempSync(join(tmpdir(), "pull-jsm-"));
});

describe("alerts pull from JSM Operations", () => {
  it("pulls 21,000 alerts in two slices with Basic auth, each once, into {values}, never following next", async () => {
    fake.reset(opts({ total: 21_000, step: 100_000, ackEvery: 1_000_000 }));
    const r = await pull(["--json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).alerts).toBe(21_000);
    const got = values().map((a) => a.id);
    expect(got).toEqual(Array.from({ length: 21_000 }, (_, i) => fake.id(i)));
    const lists = fake.requests.filter((q) => q.path === LIST);
    // only alert 0 is acknowledged (and out of hours): its logs are all else that was asked for
    expect(fake.requests.filter((q) => q.path !== LIST).map((q) => q.path)).toEqual([
      `${LIST}/${fake.id(0)}/logs`,
      `${LIST}/${fake.id(0)}/logs`,
    ]);
    for (const q of lists) {
      expect(q.query.get("size")).toBe("100");
      expect(Number(q.query.get("offset")) + 100).toBeLessThan(20_000);
      expect(q.authorization).toBe(`Basic ${Buffer.from(`${JSM_EMAIL}:${JSM_TOKEN}`).toString("base64")}`);
    }
    expect(new Set(lists.map((q) => q.query.get("query"))).size).toBe(2);
  }, 60_000);

  it("reads the logs of acknowledged out-of-hours alerts: acknowledgedBy and _logsRead", async () => {
    const r = await pull([]);
    expect(r.code).toBe(0);
    const all = values();
    expect(all.length).toBe(40);
    for (const [i, a] of all.entries()) {
      expect(a._source).toBe("jsm");
      const created = fake.createdAt(i);
      // 1 Oct 2026 is a Thursday; London is UTC+1: in hours is 09:00–17:00 UTC
      const hour = new Date(created).getUTCHours();
      const weekend = [0, 6].includes(new Date(created).getUTCDay());
      const outOfHours = weekend || hour < 9 || hour >= 17;
      const read = i % 5 === 0 && outOfHours;
      expect(a._logsRead, `alert ${i}`).toBe(read);
      expect(a.acknowledgedBy, `alert ${i}`).toBe(read ? `Person ${i % 3}` : undefined);
    }
    const logs = fake.requests.filter((q) => q.path.endsWith("/logs"));
    // two pages of logs an alert, the second by the `after` key of the first
    expect(logs.filter((q) => q.query.get("after") === null).length).toBe(logs.length / 2);
    expect(logs.some((q) => q.query.get("after") === "1_1492000072838234593")).toBe(true);
    expect(fake.requests.every((q) => !q.path.startsWith("/elsewhere"))).toBe(true);
  });

  it("toil calc reads the pulled file back, crediting each acknowledger matched by the people's jsm field", async () => {
    const base = readFileSync(
      config(`  cloudId: ${CLOUD_ID}\ntoil: { attribution: acknowledger }\n`),
      "utf8",
    );
    writeFileSync(
      join(dir, "team.yaml"),
      base.replace(
        "  - { id: alice, name: Alice Adams, email: alice@example.com }\n",
        "  - { id: alice, name: Alice Adams, email: alice@example.com, jsm: Person 0 }\n" +
          "  - { id: bob, name: Bob Brown, jsm: Person 1 }\n  - { id: cai, name: Cai Chen, jsm: Person 2 }\n",
      ),
    );
    const team = join(dir, "team.yaml");
    expect((await pull([], {}, team)).code).toBe(0);
    const calc = await runCli(
      ["toil", "calc", "--config", team, "--month", "2026-10", join(dir, FILE), "--json"],
      {
        env: { ONCALL_DATA_DIR: dir },
        cwd: dir,
      },
    );
    expect(calc.stderr).toBe("");
    expect(calc.code).toBe(0);
    const result = JSON.parse(calc.stdout);
    // the acknowledged out-of-hours alerts (every fifth) are claimed by whoever acknowledged them
    const expected = values()
      .filter((a) => a._logsRead === true)
      .map((a) => [a.id, ["alice", "bob", "cai"][Number(String(a.acknowledgedBy).slice(-1))]]);
    expect(expected.length).toBeGreaterThan(0);
    const credited = result.claims.flatMap((c: { person: string; alerts: { id: string }[] }) =>
      c.alerts.map((a) => [a.id, c.person]),
    );
    for (const pair of expected) expect(credited).toContainEqual(pair);
    const counted = Object.values(result.skippedCounts as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(credited.length + counted).toBe(40);
  });

  it("--all-logs reads every acknowledged alert's logs", async () => {
    const r = await pull(["--all-logs"]);
    expect(r.code).toBe(0);
    for (const [i, a] of values().entries()) {
      expect(a._logsRead).toBe(i % 5 === 0);
      if (i % 5 === 0) expect(a.acknowledgedBy).toBe(`Person ${i % 3}`);
    }
  });

  it("a refused token: exit 5, saying which token is needed, never showing it", async () => {
    const r = await pull([], { JSM_API_TOKEN: "ATATT3xFfGF0-wrong-token-99999999" });
    expect(r.code).toBe(5);
    expect(r.stderr).toContain("JSM refused the credentials (HTTP 401");
    expect(r.stderr).toContain("API token of your Atlassian account");
    expect(r.stderr).not.toContain("wrong-token");
    expect(existsSync(join(dir, FILE))).toBe(false);
  });

  it("a token from opsgenie.apiTokenEnv, the email from the settings", async () => {
    const settings = await runCli(["config", "set", "jsm.email", JSM_EMAIL], {
      env: { XDG_CONFIG_HOME: join(dir, "xdg") },
    });
    expect(settings.code).toBe(0);
    const cfg = config(`  cloudId: ${CLOUD_ID}\n  apiTokenEnv: MY_TOKEN\n`);
    const r = await pull([], { ONCALL_JSM_EMAIL: "", JSM_API_TOKEN: "", MY_TOKEN: JSM_TOKEN }, cfg);
    expect(r.code).toBe(0);
  });

  it("the token from `config set jsm.apiToken` on stdin, kept 0600 and shown only as set", async () => {
    const env = { XDG_CONFIG_HOME: join(dir, "xdg") };
    const set = await runCli(["config", "set", "jsm.apiToken"], { env, stdin: `${JSM_TOKEN}\n` });
    expect(set.code).toBe(0);
    expect(set.stdout + set.stderr).not.toContain(JSM_TOKEN);
    expect(statSync(join(dir, "xdg", "oncall", "settings.json")).mode & 0o777).toBe(0o600);
    expect(
      await runCli(["config", "set", "jsm.apiToken", "on-the-command-line-token"], { env }),
    ).toMatchObject({
      code: 2,
    });
    const get = await runCli(["config", "get", "--json"], { env });
    expect(JSON.parse(get.stdout).settings["jsm.apiToken"]).toBe("(set)");
    const r = await pull([], { JSM_API_TOKEN: "" });
    expect(r.code).toBe(0);
  });

  it("no cloud id in the team config: exit 3 before anything is sent", async () => {
    const r = await pull([], {}, config(""));
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("opsgenie.cloudId is not set");
    expect(fake.requests.length).toBe(0);
  });

  it("no email: exit 5 naming where to set it", async () => {
    const r = await pull([], { ONCALL_JSM_EMAIL: "" });
    expect(r.code).toBe(5);
    expect(r.stderr).toContain("oncall config set jsm.email");
  });

  it("a 5xx on the list is retried after a backoff", async () => {
    fake.listFaults.set(0, { kind: "status", status: 502 });
    expect((await pull([])).code).toBe(0);
    expect(net.sleeps.length).toBe(1);
  });

  it("with both credentials in the environment, a corrupt settings file does not stop the pull", async () => {
    mkdirSync(join(dir, "xdg", "oncall"), { recursive: true });
    writeFileSync(join(dir, "xdg", "oncall", "settings.json"), "{not json");
    expect((await pull([])).code).toBe(0);
    const r = await pull(["--force"], { ONCALL_JSM_EMAIL: "" });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("is not valid JSON");
  });

  it("reads pages of alerts with 15,000-character descriptions (more than a 1 MiB answer)", async () => {
    fake.reset(opts({ total: 150, step: 60_000, descriptionChars: 15_000 }));
    const r = await pull(["--all-logs"]);
    expect(r.code).toBe(0);
    const all = values();
    expect(all.length).toBe(150);
    expect((all[0]!.description as string).length).toBe(15_000);
  });

  it("--check reads one page and one acknowledged alert's logs, valid against the schema, writing nothing", async () => {
    const r = await pull(["--check"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("credentials\taccepted (from $JSM_API_TOKEN)\n");
    expect(r.stdout).toContain("first page\t40 alerts, 0 outside the period\n");
    expect(r.stdout).toContain("logs\tread for alert 1000: acknowledged by Person 0\n");
    const json = JSON.parse((await pull(["--check", "--json"])).stdout);
    expect(validate(json)).toBe(true);
    expect(json.check.logs).toBe("read for alert 1000: acknowledged by Person 0");
    expect(existsSync(join(dir, FILE))).toBe(false);
  });

  it("a token with a space in it: exit 5 naming the variable, never the token, nothing sent", async () => {
    const r = await pull([], { JSM_API_TOKEN: "ATATT3xFfGF0 pasted-with-a-space" });
    expect(r.code).toBe(5);
    expect(r.stderr).toContain("the JSM API token in $JSM_API_TOKEN contains a space, so it cannot be sent");
    expect(r.stderr).not.toContain("pasted-with");
    expect(fake.requests.length).toBe(0);
  });

  it("a token too short to be one is said to be an Atlassian token, not an Opsgenie key", async () => {
    const r = await pull([], { JSM_API_TOKEN: "ATATT3x" });
    expect(r.code).toBe(5);
    expect(r.stderr).toContain(
      "the JSM API token in $JSM_API_TOKEN has only 7 characters (an Atlassian API token is about 190 characters)",
    );
    expect(fake.requests.length).toBe(0);
  });

  it("--append to a file that is not a JSM pull: exit 4 naming it, nothing sent", async () => {
    writeFileSync(join(dir, "og.json"), JSON.stringify({ data: [] }));
    const r = await pull(["--append", "--out", "og.json"]);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(
      'og.json: not a log pulled from JSM (no "values" list), so it cannot be appended to',
    );
    expect(fake.requests.length).toBe(0);
  });

  it("a service echoing the Basic header back: the encoded token is scrubbed too", async () => {
    const basic = Buffer.from(`${JSM_EMAIL}:${JSM_TOKEN}`).toString("base64");
    fake.listFaults.set(0, { kind: "status", status: 400, body: { message: `bad header: Basic ${basic}` } });
    const r = await pull([]);
    expect(r.code).toBe(7);
    expect(r.stderr).toContain("bad header: Basic [redacted]");
    expect(r.stderr).not.toContain(basic.slice(0, 12));
  });

  it("on a terminal, progress through the list and then through the logs", async () => {
    const r = await runCli(["alerts", "pull", "--config", config(), "--month", "2026-10"], {
      env: {
        ONCALL_OPSGENIE_URL: fake.url,
        ONCALL_JSM_EMAIL: JSM_EMAIL,
        JSM_API_TOKEN: JSM_TOKEN,
        XDG_CONFIG_HOME: join(dir, "xdg"),
      },
      cwd: dir,
      net,
      tty: true,
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("pulling: 40 alerts, up to 2026-10-04");
    const logs = values().filter((a) => a._logsRead).length;
    expect(r.stderr).toContain(`\r\u001b[Kreading acknowledgers from alert logs: ${logs} of ${logs}`);
    expect(r.stderr).not.toContain("\\u001b");
  });
});
