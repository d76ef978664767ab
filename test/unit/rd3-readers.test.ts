import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { CsvReader, detectEol } from "../../src/adapters/csv";
import { openLog, type Unreadable } from "../../src/adapters/logs";
import type { Alert } from "../../src/core/alert";
import { OncallError } from "../../src/errors";

const EXPORT = join(__dirname, "..", "..", "examples", "alert-export-result_2026-10.csv");
const dir = mkdtempSync(join(tmpdir(), "oncall-rd3-"));
const tmp = (name: string, content: string | Uint8Array) => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};
const noStdin = Readable.from([]);

async function read(path: string, lenient = false) {
  const log = await openLog(path, { lenient, stdin: noStdin });
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

async function readError(path: string, lenient = false): Promise<OncallError> {
  try {
    await read(path, lenient);
  } catch (e) {
    expect(e).toBeInstanceOf(OncallError);
    return e as OncallError;
  }
  throw new Error("expected an error");
}

function records(text: string, chunk = text.length): string[][] {
  const out: string[][] = [];
  const reader = new CsvReader("t.csv", (r) => out.push(r.fields()), undefined, detectEol(text));
  for (let i = 0; i < text.length; i += chunk) reader.push(text.slice(i, i + chunk));
  reader.end();
  return out;
}

const H = "id,created_at,message,priority,tags,teams,acknowledged_by,acknowledged_at,closed_at,woken,worked";

describe("line endings (rd3 item 1)", () => {
  const lf = readFileSync(EXPORT, "utf8");
  const variants: [string, string][] = [
    ["LF", lf],
    ["CRLF", lf.replace(/\n/g, "\r\n")],
    ["CR", lf.replace(/\n/g, "\r")],
  ];
  for (const [name, text] of variants) {
    it(`reads ${name} rows as papaparse does, in any chunking`, () => {
      const papa = Papa.parse<string[]>(text, { skipEmptyLines: true }).data;
      expect(papa.length).toBeGreaterThan(30);
      expect(records(text)).toEqual(papa);
      expect(records(text, 7)).toEqual(papa);
    });
  }
  it("a quoted field with line breaks in a CR file, as papaparse reads it", () => {
    const text = 'a,b\r"x\ny\r\nz",2\r\r3,"q"""\r';
    expect(records(text)).toEqual(Papa.parse<string[]>(text, { skipEmptyLines: true }).data);
    expect(records(text, 1)).toEqual(Papa.parse<string[]>(text, { skipEmptyLines: true }).data);
  });
  it("a CR-only export gives the same alerts as the LF one, with line numbers", async () => {
    const base = await read(EXPORT);
    const cr = await read(tmp("cr.csv", lf.replace(/\n/g, "\r")));
    expect(cr.alerts.length).toBe(base.alerts.length);
    expect(cr.alerts.map((a) => [a.id, a.createdAt, a.row])).toEqual(
      base.alerts.map((a) => [a.id, a.createdAt, a.row]),
    );
  });
  it("the header line decides: CR-only oncall CSV", async () => {
    const p = tmp("cr-oncall.csv", `${H}\rA,2026-11-03T02:14:00Z,m,P1,,,dave@example.com,,,,\r`);
    const { alerts } = await read(p);
    expect(alerts.map((a) => a.id)).toEqual(["A"]);
  });
});

describe("times before creation (rd3 item 2)", () => {
  it("acknowledged_at before created_at is an error naming file, line and field", async () => {
    const p = tmp(
      "ack-before.csv",
      `${H}\nA,2026-11-03T02:14:00Z,m,P1,,,dave@example.com,2026-11-02T12:00:00Z,,,\n`,
    );
    const e = await readError(p);
    expect(e.message).toContain(`${p}:2`);
    expect(e.message).toContain("acknowledged_at");
    expect(e.message).toMatch(/before created_at/);
    const lenient = await read(p, true);
    expect(lenient.alerts).toEqual([]);
    expect(lenient.unreadable).toHaveLength(1);
  });
  it("closed_at before created_at too", async () => {
    const p = tmp("close-before.csv", `${H}\nA,2026-11-03T02:14:00Z,m,P1,,,,,2026-11-03T02:13:59Z,,\n`);
    const e = await readError(p);
    expect(e.message).toContain(`${p}:2: closed_at`);
  });
  it("a negative report.ackTime / closeTime names the field", async () => {
    const doc = (r: object) =>
      JSON.stringify({
        data: [{ id: "x", createdAt: "2026-11-03T02:14:00Z", acknowledged: true, report: r }],
      });
    const e = await readError(tmp("neg-ack.json", doc({ ackTime: -5 })));
    expect(e.message).toMatch(/data\[0\]: report\.ackTime: .*before creation/);
    const f = await readError(tmp("neg-close.json", doc({ closeTime: -1 })));
    expect(f.message).toMatch(/data\[0\]: report\.closeTime/);
  });
  it("an Opsgenie CSV UpdatedAt before CreatedAt is an error", async () => {
    const text = readFileSync(EXPORT, "utf8").replace("1793444356412", "1700000000000");
    const p = tmp("updated-before.csv", text);
    const e = await readError(p);
    expect(e.message).toContain(`${p}:2: UpdatedAt`);
    expect(e.message).toMatch(/before/);
  });
});

describe("duplicated header names (rd3 item 3)", () => {
  it("two CreatedAt columns (case and spaces ignored) are refused", async () => {
    const lines = readFileSync(EXPORT, "utf8").split("\n");
    lines[0] = `${lines[0]},Created At`;
    const p = tmp("dup-header.csv", lines.map((l, i) => (i === 0 || l === "" ? l : `${l},1`)).join("\n"));
    const e = await readError(p);
    expect(e.message).toContain(`${p}:1`);
    expect(e.message).toContain("CreatedAt");
    expect(e.message).toMatch(/twice|more than once/);
  });
  it("in an oncall CSV too", async () => {
    const p = tmp("dup-oncall.csv", `${H},Woken\nA,2026-11-03T02:14:00Z,m,P1,,,,,,,,true\n`);
    const e = await readError(p);
    expect(e.message).toContain(`${p}:1`);
    expect(e.message).toMatch(/woken/i);
  });
});

describe("fields a JSON log has (rd3 item 4)", () => {
  it("reflect the keys present in the file", async () => {
    const bare = tmp("bare.json", JSON.stringify({ data: [{ id: "x", createdAt: "2026-11-03T02:14:00Z" }] }));
    const { log } = await read(bare);
    for (const f of ["teams", "priority", "tags", "acknowledgedBy", "ackTime", "closeTime"] as const)
      expect(log.fields.has(f), f).toBe(false);
    const full = tmp(
      "full.json",
      JSON.stringify([
        { id: "x", createdAt: "2026-11-03T02:14:00Z", teams: [], priority: "P1" },
        { id: "y", createdAt: "2026-11-03T02:14:00Z", tags: [], report: { ackTime: 5 } },
      ]),
    );
    const got = (await read(full)).log.fields;
    for (const f of ["teams", "priority", "tags", "acknowledgedBy", "ackTime", "closeTime"] as const)
      expect(got.has(f), f).toBe(true);
  });
});

describe("bad JSON values (rd3 item 5)", () => {
  const one = (a: object) => JSON.stringify({ data: [{ id: "x", createdAt: "2026-11-03T02:14:00Z", ...a }] });
  it("a deeply nested value is described, not stringified", async () => {
    const d = 5000;
    const p = tmp(
      "deep.json",
      `{"data":[{"id":${"[".repeat(d)}${"]".repeat(d)},"createdAt":"2026-11-03T02:14:00Z"}]}`,
    );
    const e = await readError(p);
    expect(e.message).toMatch(/id: expected a string, found an array/);
    expect(e.message.length).toBeLessThan(300);
    const lenient = await read(p, true);
    expect(lenient.unreadable).toHaveLength(1);
  });
  it("a huge array is described briefly", async () => {
    const p = tmp("huge.json", one({ message: Array.from({ length: 100_000 }, (_, i) => i) }));
    const e = await readError(p);
    expect(e.message).toContain("100000");
    expect(e.message.length).toBeLessThan(300);
  });
  it("a long string is cut short", async () => {
    const p = tmp("long.json", one({ acknowledged: "y".repeat(100_000) }));
    const e = await readError(p);
    expect(e.message.length).toBeLessThan(300);
  });
  for (const [name, bad, field] of [
    ["report a string", { report: "oops" }, "report"],
    ["tags of numbers", { tags: [1, 2] }, "tags"],
    ["a team object with a numeric id", { teams: [{ id: 5 }] }, "teams"],
    ["tags not an array", { tags: "a" }, "tags"],
  ] as const) {
    it(`${name} is a row error`, async () => {
      const p = tmp(`bad-${field}-${name.length}.json`, one(bad));
      const e = await readError(p);
      expect(e.message).toContain(`data[0]: ${field}`);
      expect((await read(p, true)).unreadable).toHaveLength(1);
    });
  }
});

describe("blank lines (rd3 item 6)", () => {
  it("a run of blank lines is skipped cheaply and line numbers stay right", () => {
    const text = `a,b\n${"\n".repeat(1000)}\r\n\r\nc,d\n`;
    const lines: number[] = [];
    const reader = new CsvReader("t.csv", (r) => lines.push(r.line));
    reader.push(text);
    reader.end();
    expect(lines).toEqual([1, 1004]);
  });
  it("more than a million blank lines in a row is an error naming the line", () => {
    const reader = new CsvReader("t.csv", () => {});
    reader.push("a,b\n");
    const chunk = "\n".repeat(64 * 1024);
    let error: unknown;
    try {
      for (let i = 0; i < 40; i++) reader.push(chunk);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(OncallError);
    expect((error as Error).message).toMatch(/t\.csv:2: .*blank lines in a row.*is this an alert log/);
  });
  it("a million blank lines in the tokenizer cost no records", () => {
    let records = 0;
    const reader = new CsvReader("t.csv", () => records++);
    reader.push(`a,b\n${"\r\n".repeat(999_000)}c,d\n`);
    reader.end();
    expect(records).toBe(2);
  });
});

describe("headers that lack a column (rd3 item 9)", () => {
  it("an Opsgenie header without CreatedAt names it", async () => {
    const p = tmp("no-created.csv", "Alert ID,Alias,TinyID,Message\n1,a,2,m\n");
    const e = await readError(p);
    expect(e.message).toContain(`${p}:1`);
    expect(e.message).toContain("CreatedAt");
  });
  it("an Opsgenie header without TinyID names it", async () => {
    const p = tmp("no-tiny.csv", "Alert ID,Message,CreatedAt\n1,m,1793442016184\n");
    expect((await readError(p)).message).toContain("TinyID");
  });
  it("an oncall header without created_at names it", async () => {
    const p = tmp("no-created-oncall.csv", "id,message\nA,m\n");
    expect((await readError(p)).message).toContain("created_at");
  });
});

describe("a skipped duplicate is compact (rd3 item 7)", () => {
  it("keeps no strings of the later copy and makes its detail only when asked", async () => {
    const { AlertIntake } = await import("../../src/core/intake");
    const { createLogAttributor } = await import("../../src/core/attribution");
    const { PeopleIndex } = await import("../../src/core/people");
    const intake = new AlertIntake(createLogAttributor("owner", new PeopleIndex([])), null);
    const row = (line: number): Alert => ({
      id: `abcdefghijklmnopqrstuvwxyz-${"0".repeat(3)}`,
      tinyId: "5243",
      alias: null,
      message: "m",
      createdAt: 1793442016184,
      priority: null,
      tags: null,
      teams: null,
      owner: null,
      acknowledged: null,
      acknowledgedBy: null,
      ackAt: null,
      closedAt: null,
      woken: null,
      workedMinutes: null,
      file: "f.csv",
      row: line,
    });
    expect(intake.add(row(2))).toBe(true);
    for (let i = 3; i < 1003; i++) expect(intake.add(row(i))).toBe(false);
    expect(intake.skipped).toHaveLength(1000);
    const s = intake.skipped[999]!;
    // alert, id and detail are not held: they come from the first copy when read
    expect(Object.keys(s)).not.toContain("alert");
    expect(Object.keys(s)).not.toContain("detail");
    expect(Object.keys(s)).not.toContain("id");
    expect(JSON.parse(JSON.stringify(s))).toEqual({
      alert: "5243",
      id: "abcdefghijklmnopqrstuvwxyz-000",
      reason: "duplicate",
      detail: "f.csv:1002 repeats f.csv:2",
    });
  });
});

describe("the oncall CSV's early drop (rd3 item 8)", () => {
  it("asks early() for every row, and builds none it refuses", async () => {
    const p = tmp(
      "early.csv",
      `id,created_at,owner\n${Array.from({ length: 50 }, (_, i) => `a-${i},2026-11-03T02:14:00Z,bob@example.com`).join("\n")}\n`,
    );
    const log = await openLog(p, { lenient: false, stdin: noStdin });
    const peeked: string[] = [];
    let built = 0;
    await log.read({
      alert: () => {
        built++;
        return true;
      },
      unreadable: () => {},
      early: (peek) => {
        peeked.push(`${peek.id}/${peek.owner}`);
        return true;
      },
    });
    expect(built).toBe(0);
    expect(peeked).toHaveLength(50);
    expect(peeked[7]).toBe("a-7/bob@example.com");
  });
});
