import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { readCsvThreaded } from "../../src/adapters/csv-thread";
import { isOncallError } from "../../src/errors";
import { ensureBuilt, runBuilt } from "../support/built-oncall";

// A large Opsgenie export is read on two threads (src/adapters/csv-thread.ts): the worker finds
// the records and works out their times, hashes and interned values; the main thread makes the
// alerts. ONCALL_READ_THREAD=1 reads any regular file so, =0 never: every run here is made both
// ways through the built binary, and must give the same exit code, stdout and stderr, byte for
// byte — claims, statistics, warnings and errors alike.

const dir = mkdtempSync(join(tmpdir(), "oncall-csv-thread-"));
const CONFIG = join(dir, "team.yaml");
writeFileSync(
  CONFIG,
  `people:
  - { id: ana, name: Ana, email: ana@example.com }
  - { id: ben, name: Ben, email: ben@example.com }
  - { id: cai, name: Cai, email: cai@example.com }
rota:
  handover: { day: wed, time: "10:00" }
  lines:
    - { id: first-line, name: First line, start: 2025-12-31, members: [ana, ben] }
    - { id: second-line, name: Second line, start: 2025-12-31, members: [cai] }
`,
);
const HEADER =
  "Alert ID,Alias,TinyID,Message,Status,IsSeen,Acknowledged,Snoozed,CreatedAt,CreatedAtDate,UpdatedAt,UpdatedAtDate,Count,Owner,Teams";
const OWNERS = ["ana@example.com", "ben@example.com", "cai@example.com", "someone@example.com"];
const MESSAGES = ["Site down", '"Check ""health"" failing"', '"Disk, full"', '"two\nlines"', "High CPU"];

const pad = (n: number, w = 2) => String(n).padStart(w, "0");
function ogDate(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}+0000`;
}

/** What a row may be made into besides a plain one. */
type Twist =
  | "plain"
  | "rounded" // CreatedAt as a spreadsheet writes it: CreatedAtDate is used
  | "date-disagrees" // an error (exit 4), or unreadable with --lenient
  | "bad-ack"
  | "short" // a field missing
  | "tiny-text" // a tiny id that is no decimal number
  | "updated-before"
  | "no-updated"
  | "duplicate" // the row before, again
  | "blank"; // a blank line before the row

function row(i: number, twist: Twist, start: number): string {
  const at = start + i * 97_000;
  const id = `a${(i * 2654435761) % 1e9}-${at}`;
  const created = twist === "rounded" ? `${(at / 1e12).toFixed(5)}E+12` : String(at);
  const date = twist === "date-disagrees" ? ogDate(at + 3_600_000) : ogDate(at);
  const updated =
    twist === "updated-before" ? String(at - 60_000) : twist === "no-updated" ? "" : String(at + 600_000);
  const cells = [
    id,
    `check-${i % 1500}`,
    twist === "tiny-text" ? `T-${i}` : String(1000 + i),
    MESSAGES[i % MESSAGES.length]!,
    i % 7 === 0 ? "open" : "closed",
    "true",
    twist === "bad-ack" ? "yes" : i % 3 === 0 ? "false" : "true",
    "false",
    created,
    date,
    updated,
    updated === "" ? "" : ogDate(Number(updated)),
    String(1 + (i % 4 === 0 ? 2 : 0)),
    OWNERS[i % OWNERS.length]!,
    '"Platform, Web"',
  ];
  if (twist === "short") cells.pop();
  return (twist === "blank" ? "\n" : "") + cells.join(",");
}

function exportText(twists: Twist[], opts: { crlf?: boolean; bom?: boolean; sep?: boolean } = {}): string {
  const start = Date.parse("2026-01-05T00:00:00Z");
  const lines: string[] = [];
  for (let i = 0; i < twists.length; i++) {
    const t = twists[i]!;
    lines.push(t === "duplicate" && i > 0 ? row(i - 1, "plain", start) : row(i, t, start));
  }
  const eol = opts.crlf ? "\r\n" : "\n";
  const body = [...(opts.sep ? ["sep=,"] : []), HEADER, ...lines].join(eol);
  return `${opts.bom ? "\ufeff" : ""}${body}${eol}`;
}

let n = 0;
function writeLog(text: string | Buffer): string {
  const p = join(dir, `log-${n++}.csv`);
  writeFileSync(p, text);
  return p;
}

/** The same command read on one thread and on two: the same code, stdout and stderr. */
function bothWays(args: string[]) {
  const data = mkdtempSync(join(tmpdir(), "oncall-csv-thread-data-"));
  const one = runBuilt(args, null, { ONCALL_READ_THREAD: "0", ONCALL_DATA_DIR: data });
  const two = runBuilt(args, null, { ONCALL_READ_THREAD: "1", ONCALL_DATA_DIR: data });
  expect(two.code).toBe(one.code);
  expect(two.stderr).toBe(one.stderr);
  expect(two.stdout).toBe(one.stdout);
  return one;
}

const plain = (k: number): Twist[] => Array.from({ length: k }, () => "plain");

describe("a large Opsgenie export read on two threads gives what one thread gives", () => {
  beforeAll(() => ensureBuilt());

  it("several chunks (quoted commas, quotes and line breaks; 1500 aliases; duplicates; re-fires): claims for everyone, one person, stats", () => {
    const twists = plain(4000).map(
      (t, i): Twist => (i % 250 === 17 ? "duplicate" : i % 333 === 5 ? "tiny-text" : t),
    );
    const log = writeLog(exportText(twists));
    const everyone = bothWays(["toil", "calc", log, "--config", CONFIG, "--json"]);
    expect(everyone.code).toBe(0);
    expect(JSON.parse(everyone.stdout).claims.length).toBeGreaterThan(10);
    expect(JSON.parse(everyone.stdout).skippedCounts.duplicate).toBeGreaterThan(5);
    bothWays(["toil", "calc", log, "--config", CONFIG, "--person", "ana", "--json"]);
    bothWays(["toil", "calc", log, "--config", CONFIG, "--person", "cai"]);
    const stats = bothWays(["alerts", "stats", log, "--config", CONFIG, "--json"]);
    expect(stats.code).toBe(0);
  });

  it("CRLF, a BOM, Excel's sep=, line, blank lines and bytes that are not UTF-8", () => {
    const twists = plain(1500).map((t, i): Twist => (i % 100 === 3 ? "blank" : t));
    const text = exportText(twists, { crlf: true, bom: true, sep: true });
    // a Windows-1252 byte in a message: read as such, with one warning
    const bytes = Buffer.from(text.replace("Site down", "Site down \u0000"), "utf8");
    bytes[bytes.indexOf(0)] = 0xe9;
    const r = bothWays(["toil", "calc", writeLog(bytes), "--config", CONFIG, "--json"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/Windows-1252/);
  });

  it("rounded CreatedAt with CreatedAtDate, UpdatedAt missing, tiny ids that are no numbers", () => {
    const twists = plain(1200).map(
      (t, i): Twist =>
        i % 9 === 1 ? "rounded" : i % 11 === 2 ? "no-updated" : i % 13 === 3 ? "tiny-text" : t,
    );
    const r = bothWays(["toil", "calc", writeLog(exportText(twists)), "--config", CONFIG, "--json"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/CreatedAt was rounded/);
  });

  it.each<[Twist]>([["date-disagrees"], ["bad-ack"], ["short"], ["updated-before"]])(
    "a row gone wrong (%s) late in a large file: the same error at the same line, or with --lenient the same unreadable rows",
    (twist) => {
      const twists = plain(3000);
      twists[2500] = twist;
      twists[2900] = twist;
      const log = writeLog(exportText(twists));
      const strict = bothWays(["toil", "calc", log, "--config", CONFIG, "--json"]);
      expect(strict.code).toBe(4);
      expect(strict.stdout).toBe("");
      expect(strict.stderr).toMatch(/log-\d+\.csv:\d+: /);
      const lenient = bothWays(["toil", "calc", log, "--config", CONFIG, "--json", "--lenient"]);
      expect(lenient.code).toBe(0);
      expect(JSON.parse(lenient.stdout).skippedCounts.unreadable).toBe(2);
      // another person's bad row is dropped before it is looked at, on either thread
      bothWays(["toil", "calc", log, "--config", CONFIG, "--person", "ana", "--json"]);
    },
  );

  it("a quote never closed, and a record past the 1 MiB limit: refused after the records before them", () => {
    const good = exportText(plain(2000));
    const open = bothWays(["toil", "calc", writeLog(`${good}a-open,"never closed,x\n`), "--config", CONFIG]);
    expect(open.code).toBe(4);
    expect(open.stderr).toMatch(/never closed/);
    const long = bothWays([
      "toil",
      "calc",
      writeLog(`${good}a-long,check-1,1,"${"x".repeat(1_100_000)}",closed\n`),
      "--config",
      CONFIG,
    ]);
    expect(long.code).toBe(4);
    expect(long.stderr).toMatch(/1 MiB/);
  });

  it("any mix of rows, twisted or not, on either line ending", () => {
    const twist = fc.constantFrom<Twist>(
      "plain",
      "plain",
      "plain",
      "rounded",
      "date-disagrees",
      "bad-ack",
      "short",
      "tiny-text",
      "updated-before",
      "no-updated",
      "duplicate",
      "blank",
    );
    fc.assert(
      fc.property(
        fc.array(twist, { minLength: 1, maxLength: 1500 }),
        fc.boolean(),
        fc.boolean(),
        (twists, crlf, lenient) => {
          const log = writeLog(exportText(twists, { crlf }));
          bothWays(["toil", "calc", log, "--config", CONFIG, "--json", ...(lenient ? ["--lenient"] : [])]);
        },
      ),
      { numRuns: 12 },
    );
  });

  it("the worker refuses a file whose size is not what it was when opened, after the rows before", async () => {
    const log = writeLog(exportText(plain(1500)));
    const size = (await import("node:fs")).statSync(log).size;
    const entry = join(__dirname, "..", "..", "dist", "lazy", "csv-thread.cjs");
    const facts = {
      kind: "opsgenie-csv" as const,
      columns: { id: 0, created: 8, date: 9, updated: 10, tiny: 2 },
      interned: [],
    };
    let records = 0;
    const read = readCsvThreaded(entry, log, size + 10, log, "\n", facts, () => {
      records++;
    });
    const e = await read.then(
      () => null,
      (x: unknown) => x,
    );
    expect(isOncallError(e)).toBe(true);
    expect((e as Error).message).toBe(
      `${log}: changed while it was read (${(size + 10).toLocaleString("en-GB")} bytes when opened, ${size.toLocaleString("en-GB")} read)`,
    );
    // every record read before the end was handed over first
    expect(records).toBeGreaterThan(1000);
  });
});
