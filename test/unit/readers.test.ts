import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { CsvReader } from "../../src/adapters/csv";
import { openLog, type Unreadable } from "../../src/adapters/logs";
import type { Alert } from "../../src/core/alert";
import { OncallError } from "../../src/errors";

const fixture = (name: string) => join(__dirname, "..", "fixtures", name);
const dir = mkdtempSync(join(tmpdir(), "oncall-readers-"));
const tmp = (name: string, content: string | Uint8Array) => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};
const noStdin = Readable.from([]);

async function read(path: string, lenient = false, stdin: NodeJS.ReadableStream = noStdin) {
  const log = await openLog(path, { lenient, stdin });
  const alerts: Alert[] = [];
  const unreadable: Unreadable[] = [];
  await log.read({
    alert: (a) => {
      alerts.push(a);
      return true;
    },
    unreadable: (u) => unreadable.push(u),
  });
  return { log, alerts, unreadable };
}

async function readError(path: string): Promise<OncallError> {
  try {
    await read(path);
  } catch (e) {
    expect(e).toBeInstanceOf(OncallError);
    return e as OncallError;
  }
  throw new Error("expected an input error");
}

describe("CSV reader", () => {
  const parse = (text: string, chunk = text.length) => {
    const rows: [string[], number][] = [];
    const r = new CsvReader("t.csv", (rec) => {
      rows.push([rec.fields(), rec.line]);
    });
    for (let i = 0; i < text.length; i += chunk) r.push(text.slice(i, i + chunk));
    r.end();
    return rows;
  };

  it.each([1, 2, 3, 7, 1000])(
    "gives the same records and line numbers in chunks of %d characters",
    (chunk) => {
      const text = 'a,b,c\r\n1,"x, ""y""\nz",3\r\n\r\n4,,6\n"7",8,"9"';
      expect(parse(text, chunk)).toEqual([
        [["a", "b", "c"], 1],
        [["1", 'x, "y"\nz', "3"], 2],
        [["4", "", "6"], 5],
        [["7", "8", "9"], 6],
      ]);
    },
  );

  it("refuses an unclosed quote, naming the line it starts on", () => {
    expect(() => parse('a,b\n1,"open\n2,3\n')).toThrow(/t.csv:2: a quoted field is never closed/);
  });

  it("refuses text after a closing quote", () => {
    expect(() => parse('a,b\n1,"x"y\n')).toThrow(/t.csv:2: unexpected text after a closing quote/);
  });
});

describe("Opsgenie CSV export", () => {
  it("reads the current layout with BOM, CRLF, quoted commas, quotes and line breaks", async () => {
    const { log, alerts } = await read(fixture("opsgenie-current.csv"));
    expect(log.format).toBe("opsgenie-csv");
    expect([...log.fields].sort()).toEqual(["acknowledged", "alias", "owner", "teams"]);
    expect(alerts).toHaveLength(3);
    expect(alerts[0]).toMatchObject({
      id: "8418d193-aaaa-4bbb-8ccc-000000000001-1762136040000",
      tinyId: "6004",
      alias: "site-down-www",
      message: "Site down, www.example.gov.uk",
      createdAt: 1762136040000,
      owner: "alice@example.com",
      acknowledged: true,
      priority: null,
      tags: null,
      teams: ["Platform"],
      acknowledgedBy: null,
      row: 2,
    });
    expect(alerts[1]!.message).toBe('Disk "db-1" full\r\nsee runbook');
    expect(alerts[1]!.teams).toEqual(["Platform", "Web"]);
    expect(alerts[2]).toMatchObject({
      alias: null,
      owner: null,
      teams: [],
      row: 5,
    });
  });

  it("reads older exports with AlertId, Priority, Tags and Acknowledged By", async () => {
    const { log, alerts } = await read(fixture("opsgenie-older.csv"));
    expect(log.fields.has("priority")).toBe(true);
    expect(log.fields.has("acknowledgedBy")).toBe(true);
    expect(alerts[0]).toMatchObject({
      id: "a-1",
      priority: "P1",
      tags: ["OOH", "sleepinghours"],
      acknowledgedBy: "alice@example.com",
    });
    expect(alerts[1]).toMatchObject({ acknowledged: false, acknowledgedBy: null, owner: null });
  });

  it("reads the zip Opsgenie emails", async () => {
    const csv = readFileSync(fixture("opsgenie-current.csv"));
    const zip = tmp(
      "alert-export-result_1.zip",
      zipSync({ "alert-export-result_1.csv": new Uint8Array(csv) }),
    );
    const { log, alerts } = await read(zip);
    expect(log.format).toBe("opsgenie-zip");
    expect(alerts).toHaveLength(3);
    expect(alerts[0]!.file).toBe(`${zip}:alert-export-result_1.csv`);
    expect(alerts[0]!.row).toBe(2);
  });

  it("refuses a zip without exactly one CSV", async () => {
    const zip = tmp("two.zip", zipSync({ "a.csv": strToU8("x"), "b.csv": strToU8("y") }));
    expect((await readError(zip)).message).toMatch(/expected one CSV in the zip, found 2/);
  });

  it.each([
    [
      "a short row",
      "Alert ID,TinyID,CreatedAt,Owner\nx,1,1762136040000\n",
      /:2: expected 4 fields as in the header, found 3/,
    ],
    ["an empty CreatedAt", "Alert ID,TinyID,CreatedAt\nx,1,\n", /:2: CreatedAt: is empty/],
    [
      "a CreatedAt that is not epoch milliseconds",
      "Alert ID,TinyID,CreatedAt\nx,1,2025-11-03\n",
      /:2: CreatedAt: expected epoch milliseconds, found "2025-11-03"/,
    ],
    ["an empty Alert ID", "Alert ID,TinyID,CreatedAt\n,1,1762136040000\n", /:2: Alert ID: is empty/],
    [
      "a bad Acknowledged",
      "Alert ID,TinyID,CreatedAt,Acknowledged\nx,1,1762136040000,maybe\n",
      /:2: Acknowledged: expected true or false/,
    ],
  ])("refuses %s with file, line and field", async (_l, text, pattern) => {
    const e = await readError(tmp("bad.csv", text));
    expect(e.kind).toBe("input");
    expect(e.message).toMatch(pattern);
  });

  it("--lenient turns bad rows into unreadable entries and reads the rest", async () => {
    const { alerts, unreadable } = await read(
      tmp("lenient.csv", "Alert ID,TinyID,CreatedAt\nx,1,1762136040000\ny,2,soon\nz,3,1762136050000\n"),
      true,
    );
    expect(alerts.map((a) => a.id)).toEqual(["x", "z"]);
    expect(unreadable).toHaveLength(1);
    expect(unreadable[0]).toMatchObject({ id: "y" });
    expect(unreadable[0]!.message).toMatch(/:3: CreatedAt/);
  });
});

describe("Opsgenie API JSON", () => {
  it("reads {data:[…]} with report times after creation", async () => {
    const { log, alerts } = await read(fixture("opsgenie-api.json"));
    expect(log.format).toBe("opsgenie-json");
    const created = Date.parse("2025-11-03T02:14:00.000Z");
    expect(alerts[0]).toMatchObject({
      tinyId: "1791",
      priority: "P1",
      tags: ["OverwriteQuietHours", "Critical"],
      acknowledgedBy: "alice@example.com",
      ackAt: created + 15702,
      closedAt: created + 5700000,
      owner: "alice@example.com",
    });
    expect(alerts[1]).toMatchObject({ owner: null, acknowledgedBy: null, ackAt: null, acknowledged: false });
  });

  it("reads a bare array from standard input", async () => {
    const stdin = Readable.from([
      Buffer.from('[{"id":"x","createdAt":"2025-11-03T02:14:00Z","message":"m"}]'),
    ]);
    const { log, alerts } = await read("-", false, stdin);
    expect(log.file).toBe("stdin");
    expect(alerts[0]!.createdAt).toBe(Date.parse("2025-11-03T02:14:00Z"));
  });

  it.each([
    ["invalid JSON", "{", /not valid JSON/],
    ["no data array", '{"alerts":[]}', /without a "data" array/],
    ["a missing createdAt", '{"data":[{"id":"x"}]}', /data\[0\]: createdAt: is missing/],
    [
      "a bad ackTime",
      '{"data":[{"id":"x","createdAt":"2025-11-03T02:14:00Z","report":{"ackTime":"soon"}}]}',
      /report.ackTime/,
    ],
  ])("refuses %s", async (_l, text, pattern) => {
    expect((await readError(tmp("bad.json", text))).message).toMatch(pattern);
  });
});

describe("oncall CSV", () => {
  it("reads every documented column", async () => {
    const { log, alerts } = await read(fixture("oncall.csv"));
    expect(log.format).toBe("oncall-csv");
    expect(alerts[0]).toMatchObject({
      id: "inc-1",
      tags: ["OOH", "sleepinghours"],
      acknowledgedBy: "alice@example.com",
      ackAt: Date.parse("2025-11-03T02:16:00Z"),
      closedAt: Date.parse("2025-11-03T03:49:00Z"),
      woken: true,
      workedMinutes: 95,
      acknowledged: true,
    });
    expect(alerts[1]).toMatchObject({
      message: "Disk filling, db-1",
      woken: null,
      workedMinutes: null,
      tags: [],
    });
  });

  it.each([
    [
      "a time without an offset",
      "id,created_at\nx,2025-11-03T02:14:00\n",
      /created_at: expected an ISO-8601 time with an offset or Z/,
    ],
    ["a bad worked", "id,created_at,worked\nx,2025-11-03T02:14:00Z,lots\n", /worked: expected a duration/],
    [
      "a bad woken",
      "id,created_at,woken\nx,2025-11-03T02:14:00Z,yes\n",
      /woken: expected true, false or empty/,
    ],
    ["an unknown column", "id,created_at,severity\nx,2025-11-03T02:14:00Z,high\n", /unknown column severity/],
  ])("refuses %s", async (_l, text, pattern) => {
    expect((await readError(tmp("bad-oncall.csv", text))).message).toMatch(pattern);
  });
});

describe("detection", () => {
  it.each([
    ["an unknown CSV header", "name,value\na,1\n"],
    ["plain text", "hello world\n"],
  ])("refuses %s as not a recognised alert log", async (_l, text) => {
    const e = await readError(tmp("unknown.txt", text));
    expect(e.kind).toBe("input");
    expect(e.message).toMatch(/not a recognised alert log/);
  });

  it("names a missing file", async () => {
    expect((await readError(join(dir, "nope.csv"))).message).toMatch(/nope.csv: no such file/);
  });
});
