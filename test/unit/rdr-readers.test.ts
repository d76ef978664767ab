import { mkdtempSync, readdirSync, readFileSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import type { LogHead } from "../../src/adapters/logs/common";
import { FIELD_NAMES, JSM_JSON, keysOf, PAGERDUTY_CSV, PAGERDUTY_JSON } from "../../src/adapters/logs/fields";
import { LOG_READERS, openLog, pickReader } from "../../src/adapters/logs/index";
import { topKeys } from "../../src/adapters/logs/json-common";
import { parseZonedDate } from "../../src/adapters/logs/pagerduty-csv";
import type { Alert } from "../../src/core/alert";
import { isOncallError } from "../../src/errors";

const logsDir = join(__dirname, "..", "fixtures", "logs");
const fixture = (n: string) => join(logsDir, n);
const bad = (n: string) => join(logsDir, "bad", n);
const noStdin = Readable.from([]);
const dir = mkdtempSync(join(tmpdir(), "oncall-rdr-readers-"));
let n = 0;
const writeTmp = (name: string, text: string | Buffer) => {
  const p = join(dir, `${++n}-${name}`);
  writeFileSync(p, text);
  return p;
};

async function read(path: string, lenient = false) {
  const log = await openLog(path, { lenient, stdin: noStdin });
  const alerts: Alert[] = [];
  const unreadable: string[] = [];
  const warnings: string[] = [];
  await log.read({
    alert: (a) => {
      alerts.push(a);
      return true;
    },
    unreadable: (u) => unreadable.push(u.message),
    warning: (w) => warnings.push(w),
  });
  return { log, alerts, unreadable, warnings };
}

async function readError(path: string) {
  try {
    await read(path);
  } catch (e) {
    if (!isOncallError(e)) throw e;
    return e;
  }
  throw new Error(`${path} was read without an error`);
}

const Z = (s: string) => Date.parse(s);

describe("JSM Operations JSON", () => {
  it("reads what alerts pull writes: ISO times, display-name owner, acknowledgedBy from the logs", async () => {
    const { log, alerts } = await read(fixture("jsm-pulled.json"));
    expect(log.format).toBe("jsm-json");
    expect([...log.fields].sort()).toEqual(
      ["acknowledged", "acknowledgedBy", "ackTime", "alias", "closeTime", "owner", "priority", "tags"].sort(),
    );
    expect(alerts.map((a) => a.tinyId)).toEqual(["101", "102", "103"]);
    const [a, b, c] = alerts as [Alert, Alert, Alert];
    expect(a).toMatchObject({
      id: "0b2e7f3c-1a54-4c3e-9d0b-6a1f2e8c9d01",
      alias: "checkout-5xx",
      message: "Checkout API 5xx above 5%",
      createdAt: Z("2025-11-03T02:14:00Z"),
      ackAt: Z("2025-11-03T02:16:00Z"),
      closedAt: Z("2025-11-03T03:49:00Z"),
      owner: "Alice Adams",
      acknowledged: true,
      acknowledgedBy: "5b10ac8d82e05b22cc7d4ef5",
      priority: "P1",
      tags: ["OOH"],
      teams: null,
      // its re-fires, for alerts stats
      count: 4,
      row: "values[0]",
    });
    expect(b.createdAt).toBe(Z("2025-11-03T20:05:00Z"));
    expect(c).toMatchObject({ acknowledged: false, acknowledgedBy: null, ackAt: null });
  });

  it("the list API's own alerts have no acknowledger: the file lacks the field", async () => {
    const { log, alerts } = await read(fixture("jsm-api.json"));
    expect(log.format).toBe("jsm-json");
    expect(log.fields.has("acknowledgedBy")).toBe(false);
    expect(log.fields.has("owner")).toBe(true);
    expect(alerts.every((a) => a.acknowledgedBy === null)).toBe(true);
  });

  it("the acknowledger is known in a pulled file, and unknown in the list API's own output when an acked alert lacks it", async () => {
    const doc = JSON.parse(readFileSync(fixture("jsm-pulled.json"), "utf8"));
    // pulled: an alert whose logs the pull did not need (in hours) credits nobody, the field stands
    doc.values[1].acknowledgedBy = undefined;
    doc.values[1]._logsRead = false;
    expect((await read(writeTmp("jsm.json", JSON.stringify(doc)))).log.fields.has("acknowledgedBy")).toBe(
      true,
    );
    // the list API's output, no pull: nothing says who acknowledged it
    for (const a of doc.values) delete a._logsRead;
    expect((await read(writeTmp("jsm.json", JSON.stringify(doc)))).log.fields.has("acknowledgedBy")).toBe(
      false,
    );
  });

  it.each([
    [
      "jsm-bad-date.json",
      /jsm-bad-date\.json: values\[1\]: createdAt: "2025-02-31T20:05:00Z" is not a real date/,
    ],
    ["jsm-wrong-type.json", /values\[2\]: acknowledged: expected true or false, found "maybe"/],
    ["jsm-not-an-object.json", /values\[1\]: expected a JSM alert object, found 42/],
    ["jsm-values-not-array.json", /values: expected an array of JSM alerts, found an object with key "id"/],
    [
      "jsm-ack-before-created.json",
      /values\[0\]: ackTime: 2025-11-03T02:10:00.000Z is before the alert was created/,
    ],
  ])("%s is an input error naming file, item and field", async (name, pattern) => {
    const e = await readError(bad(name));
    expect(e.kind).toBe("input");
    expect(e.message).toContain(bad(name));
    expect(e.message).toMatch(pattern);
  });

  it("a file without an offset on createdAt is refused, not read in some zone", async () => {
    const p = writeTmp("jsm.json", '{"values":[{"id":"a","createdAt":"2025-11-03T02:14:00"}]}');
    expect((await readError(p)).message).toMatch(/values\[0\]: createdAt: .*offset or Z/);
  });

  it("--lenient lists a bad alert as unreadable and reads the rest", async () => {
    const { alerts, unreadable } = await read(bad("jsm-bad-date.json"), true);
    expect(alerts.map((a) => a.tinyId)).toEqual(["101", "103"]);
    expect(unreadable).toHaveLength(1);
  });

  it("is recognised with a UTF-8 BOM and its values after other keys; lenient, a stray item is unreadable", async () => {
    const text = readFileSync(bad("jsm-not-an-object.json"), "utf8").replace(
      '{\n  "values"',
      '{"count": 4, "values"',
    );
    const p = writeTmp("jsm.json", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]));
    const { log, alerts, unreadable } = await read(p, true);
    expect(log.format).toBe("jsm-json");
    expect(alerts.map((a) => a.tinyId)).toEqual(["101", "102", "103"]);
    expect(unreadable).toEqual([expect.stringMatching(/values\[1\]: expected a JSM alert object, found 42/)]);
  });

  it("shares the Opsgenie JSON reader's 256 MiB limit, refused by size before reading", async () => {
    const p = writeTmp("big.json", '{"values":[');
    // sparse: the size says 257 MiB without writing them
    truncateSync(p, 257 * 1024 * 1024);
    expect((await readError(p)).message).toMatch(/a JSON log larger than 256 MiB \(JSON is read whole\)/);
  });
});

describe("PagerDuty incidents CSV", () => {
  it("reads the export: zoned times, seconds to ack and resolve, first acknowledger, first assignee", async () => {
    const { log, alerts } = await read(fixture("pagerduty-incidents.csv"));
    expect(log.format).toBe("pagerduty-csv");
    expect([...log.fields].sort()).toEqual(
      ["acknowledged", "acknowledgedBy", "ackTime", "closeTime", "owner", "tags"].sort(),
    );
    const [a, b, c] = alerts as [Alert, Alert, Alert];
    expect(a).toMatchObject({
      id: "Q1ABCDEFGH0001",
      tinyId: "1001",
      message: "Checkout API 5xx above 5%",
      createdAt: Z("2025-11-03T02:14:00Z"),
      ackAt: Z("2025-11-03T02:16:00Z"),
      closedAt: Z("2025-11-03T03:49:00Z"),
      acknowledged: true,
      acknowledgedBy: "PALICE1",
      owner: "Alice Adams",
      priority: null,
      tags: ["urgency:high", "service:Checkout API"],
      row: 2,
    });
    // `… UTC`, and resolved_on preferred to seconds_to_resolve where both are given
    expect(b).toMatchObject({ createdAt: Z("2025-11-03T20:05:00Z"), closedAt: Z("2025-11-03T20:40:00Z") });
    expect(b.message).toBe("Disk filling, db-1");
    // nobody acknowledged: known, as the file has the columns; closed by seconds_to_resolve
    expect(c).toMatchObject({
      acknowledged: false,
      acknowledgedBy: null,
      ackAt: null,
      closedAt: Z("2025-11-08T15:00:00Z"),
      tags: ["urgency:low", "service:Checkout API"],
    });
  });

  it("takes the first of several acknowledgers separated by ; as well, names when ids are absent", async () => {
    const p = writeTmp(
      "pd.csv",
      'id,incident_number,created_on,acknowledged_by_user_names\nQ9,9,2025-11-03T02:14:00Z,"Bob Brown; Alice Adams"\n',
    );
    const { log, alerts } = await read(p);
    expect(alerts[0]!.acknowledgedBy).toBe("Bob Brown");
    expect(alerts[0]!.acknowledged).toBe(true);
    expect(log.fields.has("owner")).toBe(false);
    expect(log.fields.has("ackTime")).toBe(false);
  });

  it.each([
    ["pagerduty-no-zone.csv", /pagerduty-no-zone\.csv:3: created_on: "2025-11-03 20:05:00" has no zone/],
    [
      "pagerduty-bad-date.csv",
      /pagerduty-bad-date\.csv:4: created_on: "2025-11-31T14:00:00\+00:00" is not a real date/,
    ],
    [
      "pagerduty-bad-seconds.csv",
      /:2: seconds_to_first_ack: expected a number of seconds, found "two minutes"/,
    ],
    [
      "pagerduty-missing-column.csv",
      /pagerduty-missing-column\.csv:1: a PagerDuty incidents export's header without created_on/,
    ],
  ])("%s is an input error naming file, line and column", async (name, pattern) => {
    const e = await readError(bad(name));
    expect(e.kind).toBe("input");
    expect(e.message).toMatch(pattern);
  });

  it("reads the same alerts whatever the chunking, BOM and Windows-1252 as the other CSVs do", async () => {
    const text = readFileSync(fixture("pagerduty-incidents.csv"), "latin1");
    const plain = (await read(fixture("pagerduty-incidents.csv"))).alerts;
    const withBom = (
      await read(writeTmp("bom.csv", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])))
    ).alerts;
    const strip = (as: Alert[]) => as.map(({ file: _f, ...rest }) => rest);
    expect(strip(withBom)).toEqual(strip(plain));
    const cp = await read(
      writeTmp("cp1252.csv", Buffer.from(text.replace("Carol Clark", "Zoë Clark"), "latin1")),
    );
    expect(cp.alerts[2]!.owner).toBe("Zoë Clark");
    expect(cp.warnings.join("\n")).toMatch(/Windows-1252/);
  });

  it.each([1, 7, 100])("reads the same alerts from standard input in chunks of %d bytes", async (size) => {
    const bytes = readFileSync(fixture("pagerduty-incidents.csv"));
    const chunks: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
    const whole = (await read(fixture("pagerduty-incidents.csv"))).alerts;
    const log = await openLog("-", { lenient: false, stdin: Readable.from(chunks) });
    const alerts: Alert[] = [];
    await log.read({ alert: (a) => alerts.push(a) > 0, unreadable: () => {} });
    const strip = (as: Alert[]) => as.map(({ file: _f, ...rest }) => rest);
    expect(strip(alerts)).toEqual(strip(whole));
  });

  it("refuses a stray quote at the line its field opened, like the other CSVs", async () => {
    const p = writeTmp(
      "stray.csv",
      'id,incident_number,created_on,description\nQ1,1,2025-11-03T02:14:00Z,"Disk\nQ2,2,2025-11-03T02:15:00Z,ok\n',
    );
    const e = await readError(p);
    expect(e.kind).toBe("input");
    expect(e.message).toMatch(/stray\.csv:2/);
  });

  it("parses PagerDuty's zoned date forms and nothing without a zone", () => {
    for (const t of [
      "2025-11-03T02:14:00Z",
      "2025-11-03 02:14:00 UTC",
      "2025-11-03T02:14:00+00:00",
      "2025-11-03 03:14:00+01:00",
    ])
      expect(parseZonedDate(t)).toEqual({ ok: true, value: Z("2025-11-03T02:14:00Z") });
    expect(parseZonedDate("2025-11-03 02:14:00").ok).toBe(false);
    expect(parseZonedDate("03/11/2025 02:14").ok).toBe(false);
  });
});

describe("PagerDuty REST JSON", () => {
  it("reads incidents with the first acknowledge_log_entry's agent as acknowledger", async () => {
    const { log, alerts } = await read(fixture("pagerduty-api.json"));
    expect(log.format).toBe("pagerduty-json");
    expect([...log.fields].sort()).toEqual(
      ["acknowledged", "acknowledgedBy", "ackTime", "closeTime", "owner", "priority", "tags"].sort(),
    );
    const [a, b, c] = alerts as [Alert, Alert, Alert];
    expect(a).toMatchObject({
      id: "Q1ABCDEFGH0001",
      tinyId: "1001",
      message: "Checkout API 5xx above 5%",
      createdAt: Z("2025-11-03T02:14:00Z"),
      // RLE0002 at 02:16 is earlier than RLE0003 at 02:18, though listed after it
      ackAt: Z("2025-11-03T02:16:00Z"),
      acknowledgedBy: "PALICE1",
      acknowledged: true,
      // the assignee by name, as the incidents CSV gives it; the acknowledger by id, as it does too
      owner: "Alice Adams",
      priority: "P1",
      closedAt: Z("2025-11-03T03:49:00Z"),
      tags: ["urgency:high", "service:Database"].map((t) => t.replace("Database", "Checkout API")),
      row: "incidents[0]",
    });
    expect(b).toMatchObject({ acknowledgedBy: "PBOB222", ackAt: Z("2025-11-03T20:09:00Z"), priority: null });
    expect(c).toMatchObject({ acknowledged: false, acknowledgedBy: null, owner: "Carol Clark" });
  });

  it("without log entries: no acknowledger, ack time or flag, while the owner is the first assignee", async () => {
    const { log, alerts } = await read(fixture("pagerduty-api-incidents-only.json"));
    expect(log.fields.has("acknowledgedBy")).toBe(false);
    expect(log.fields.has("ackTime")).toBe(false);
    expect(log.fields.has("owner")).toBe(true);
    expect(alerts.map((a) => [a.owner, a.acknowledged])).toEqual([
      ["Alice Adams", null],
      ["Bob Brown", null],
      ["Carol Clark", null],
    ]);
  });

  it.each([
    ["pagerduty-json-no-zone.json", /incidents\[1\]: created_at: .*offset or Z/],
    ["pagerduty-json-wrong-type.json", /incidents\[0\]: assignments: expected an array, found "Alice"/],
    [
      "pagerduty-json-not-an-object.json",
      /incidents\[2\]: expected a PagerDuty incident object, found an array of 2 items/,
    ],
    ["pagerduty-json-bad-log-entry.json", /log_entries\[2\]: created_at: expected an ISO-8601 time/],
  ])("%s is an input error naming file, item and field", async (name, pattern) => {
    const e = await readError(bad(name));
    expect(e.kind).toBe("input");
    expect(e.message).toContain(bad(name));
    expect(e.message).toMatch(pattern);
  });
});

describe("sniffing picks the right reader, and a near miss names what was expected", () => {
  const head = (text: string): LogHead => ({ file: "x", bytes: Buffer.from(text), text });
  it.each([
    ['{"values":[{"id":"a"}],"count":1}', "jsm-json"],
    ['{"count":1,"links":{"next":null},"values":[]}', "jsm-json"],
    ['{"data":[{"values":[]}]}', "opsgenie-json"],
    ['{"incidents":[],"limit":100}', "pagerduty-json"],
    ['{"log_entries":[],"incidents":[]}', "pagerduty-json"],
    ["id,incident_number,created_on,urgency\n", "pagerduty-csv"],
    ["id,created_at,message\n", "oncall-csv"],
    ['"Alert ID","TinyID","CreatedAt"\n', "opsgenie-csv"],
  ])("%j is %s", (text, format) => {
    expect(pickReader(head(text))?.format).toBe(format);
  });

  it("reads top-level keys only, past nested objects and strings holding braces", () => {
    expect(topKeys('{"a":{"values":1},"b":"}{\\"x","c":[{"d":1}],"e"')).toEqual(["a", "b", "c", "e"]);
    expect(topKeys("[1]")).toBeNull();
  });

  it("a JSON object with none of the formats' keys names the three", async () => {
    const e = await readError(writeTmp("x.json", '{"alerts":[]}'));
    expect(e.message).toMatch(/"data" array .*"values" array .*"incidents" array/);
  });

  it("a PagerDuty header lacking id is opened by PagerDuty's reader, which names the column", async () => {
    const e = await readError(
      writeTmp("pd.csv", "incident_number,created_on,urgency\n1,2025-11-03T02:14:00Z,high\n"),
    );
    expect(e.message).toMatch(/:1: a PagerDuty incidents export's header without id/);
  });

  it("every new format has a reader in the registry", () => {
    const formats = LOG_READERS.map((r) => r.format);
    for (const f of ["jsm-json", "pagerduty-csv", "pagerduty-json"]) expect(formats).toContain(f);
  });

  it("names every key once per table, and every field a log can lack", () => {
    for (const table of [JSM_JSON, PAGERDUTY_CSV, PAGERDUTY_JSON]) {
      const keys = keysOf(table);
      expect(new Set(keys).size).toBe(keys.length);
      for (const spec of Object.values(table))
        for (const g of spec.gives ?? []) expect(FIELD_NAMES[g]).toBeTruthy();
    }
  });
});

function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === "object" && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}

describe("the new readers never change an alert once handed over", () => {
  const files = readdirSync(logsDir)
    .filter((f) => /\.(csv|json)$/.test(f))
    .map(fixture);
  it("finds the fixtures", () => expect(files.length).toBeGreaterThanOrEqual(5));
  for (const file of files) {
    it(`${file.slice(file.lastIndexOf("/") + 1)}: every alert is final when the sink gets it, also when the early check drops rows`, async () => {
      for (const drop of [false, true]) {
        const log = await openLog(file, { lenient: false, stdin: noStdin });
        const alerts: Alert[] = [];
        const copies: string[] = [];
        let k = 0;
        await log.read({
          alert: (a) => {
            alerts.push(deepFreeze(a));
            copies.push(JSON.stringify(a));
            return true;
          },
          unreadable: () => {},
          ...(drop ? { early: () => k++ % 2 === 1 } : {}),
        });
        expect(alerts.length).toBeGreaterThan(0);
        expect(alerts.map((a) => JSON.stringify(a))).toEqual(copies);
      }
    });
  }
});
