import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import type { LogHead, LogReader } from "../../src/adapters/logs/common";
import { FIELD_NAMES, keysOf, ONCALL_CSV, OPSGENIE_CSV, OPSGENIE_JSON } from "../../src/adapters/logs/fields";
import { LOG_READERS, openLog, pickReader } from "../../src/adapters/logs/index";
import type { Alert, AlertField } from "../../src/core/alert";

const fixtures = join(__dirname, "..", "fixtures");
const examples = join(__dirname, "..", "..", "examples");
const dir = mkdtempSync(join(tmpdir(), "oncall-pipe-readers-"));
const noStdin = Readable.from([]);

/** Every alert log the repository holds, and the Opsgenie export zipped as Opsgenie emails it. */
function logs(): string[] {
  const zipped = join(dir, "alert-export-result_fixture.zip");
  writeFileSync(
    zipped,
    zipSync({
      "alert-export-result_1.csv": new Uint8Array(readFileSync(join(fixtures, "opsgenie-current.csv"))),
    }),
  );
  const files = [
    ...readdirSync(fixtures)
      .filter((f) => /\.(csv|json)$/.test(f) && !f.endsWith(".schema.json"))
      .map((f) => join(fixtures, f)),
    ...readdirSync(examples)
      .filter((f) => /\.(csv|zip)$/.test(f))
      .map((f) => join(examples, f)),
    zipped,
  ];
  return files;
}

function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === "object" && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}

/** Reads a log into a sink that keeps every alert frozen: any later write by the reader throws. */
async function readFrozen(path: string, early?: (id: string) => boolean) {
  const log = await openLog(path, { lenient: true, stdin: noStdin });
  const alerts: Alert[] = [];
  const copies: string[] = [];
  await log.read({
    alert: (a) => {
      alerts.push(deepFreeze(a));
      copies.push(JSON.stringify(a));
      return true;
    },
    unreadable: () => {},
    ...(early ? { early: (p: { id: string }) => early(p.id) } : {}),
  });
  return { log, alerts, copies };
}

describe("log readers never change an alert once handed over", () => {
  const files = logs();
  it("finds the fixtures and examples to read", () => {
    expect(files.length).toBeGreaterThanOrEqual(9);
  });
  for (const file of files) {
    it(`${file.slice(file.lastIndexOf("/") + 1)}: every alert is final when the sink gets it`, async () => {
      const { alerts, copies } = await readFrozen(file);
      expect(alerts.length).toBeGreaterThan(0);
      // frozen on arrival, so a write would have thrown; and nothing shared changed them either
      expect(alerts.map((a) => JSON.stringify(a))).toEqual(copies);
    });
    it(`${file.slice(file.lastIndexOf("/") + 1)}: also when the early check drops every other row`, async () => {
      let n = 0;
      const { alerts, copies } = await readFrozen(file, () => n++ % 2 === 1);
      expect(alerts.map((a) => JSON.stringify(a))).toEqual(copies);
    });
  }
});

describe("the log registry picks a reader by sniffing", () => {
  const head = (text: string, file = "x"): LogHead => ({ file, bytes: Buffer.from(text), text });
  it.each([
    ['"Alert ID","TinyID","CreatedAt"\n', "opsgenie-csv"],
    ["alert_id,createdat,tinyid\n", "opsgenie-csv"],
    ["id,created_at,message\n", "oncall-csv"],
    ["id,tinyid,created_at\n", "oncall-csv"],
    ['  {"data": []}', "opsgenie-json"],
    ["[]", "opsgenie-json"],
  ])("%j is %s", (text, format) => {
    expect(pickReader(head(text))?.format).toBe(format);
  });

  it("recognises a zip by its first bytes", () => {
    const bytes = Buffer.from(zipSync({ "a.csv": new Uint8Array(Buffer.from("id,created_at\n")) }));
    expect(pickReader({ file: "x.zip", bytes, text: "" })?.format).toBe("opsgenie-zip");
  });

  it("knows no reader for a CSV with neither header", () => {
    expect(pickReader(head("when,what\n"))).toBeNull();
  });

  it("a reader added to the list is picked when it is surest", () => {
    const other: LogReader = {
      format: "oncall-csv",
      sniff: (h) => (h.text.startsWith("incident_number,") ? 1 : 0),
      open: () => Promise.reject(new Error("not opened here")),
    };
    expect(pickReader(head("incident_number,created_on\n"), [...LOG_READERS, other])).toBe(other);
    // without it, PagerDuty's reader is the nearest, and its open names the id column it lacks
    expect(pickReader(head("incident_number,created_on\n"))?.format).toBe("pagerduty-csv");
  });
});

describe("one table of log fields", () => {
  it("gives each format the optional fields of the columns its log has", async () => {
    const f = (name: string) => join(fixtures, name);
    const csv = await openLog(f("oncall.csv"), { lenient: false, stdin: noStdin });
    const header = readFileSync(f("oncall.csv"), "utf8").split("\n")[0]!.split(",");
    const expected = new Set<AlertField>();
    for (const spec of Object.values(ONCALL_CSV))
      if (header.includes(spec.key)) for (const g of spec.gives ?? []) expected.add(g);
    expect(csv.fields).toEqual(expected);
  });

  it("names every key once per format, and every field a log can lack", () => {
    for (const table of [OPSGENIE_CSV, ONCALL_CSV, OPSGENIE_JSON]) {
      const keys = keysOf(table);
      expect(new Set(keys).size).toBe(keys.length);
      for (const spec of Object.values(table))
        for (const g of spec.gives ?? []) expect(FIELD_NAMES[g]).toBeTruthy();
    }
  });
});

describe("a CSV header naming a column twice", () => {
  it("is refused by name even without Opsgenie's id columns, as before the readers were split", async () => {
    const p = join(dir, "twice.csv");
    writeFileSync(p, "Message,Priority,priority\nSite down,P1,P2\n");
    await expect(openLog(p, { lenient: false, stdin: noStdin })).rejects.toThrow(
      /twice\.csv:1: the column Priority appears twice in the header \(columns 2 and 3, as priority\)/,
    );
  });
});
