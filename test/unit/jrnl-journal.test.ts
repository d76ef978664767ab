import {
  appendFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  statSync,
  truncateSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  appendJournal,
  dataDir,
  journalPath,
  MAX_JOURNAL_BYTES,
  readJournal,
} from "../../src/adapters/journal";
import { foldJournal, type JournalRecord } from "../../src/core/answers";
import { OncallError } from "../../src/errors";
import { appendFromTwoProcesses } from "../support/append-race";

const _root = join(__dirname, "..", "..");
const fresh = () => mkdtempSync(join(tmpdir(), "oncall-jrnl-"));
const rec = (over: Partial<JournalRecord> = {}): JournalRecord => ({
  v: 1,
  at: "2026-11-04T09:00:00.000Z",
  person: "alice",
  alert: "A",
  ...over,
});
function read(path: string, role: "journal" | "answers" = "journal") {
  const warnings: string[] = [];
  const records = readJournal(path, role, (w) => warnings.push(w));
  return { records, warnings };
}
function thrown(f: () => unknown): OncallError {
  try {
    f();
  } catch (e) {
    if (e instanceof OncallError) return e;
    throw e;
  }
  throw new Error("did not throw");
}

describe("where the journal lives (SPEC §9)", () => {
  it("ONCALL_DATA_DIR first, then $XDG_DATA_HOME/oncall, then ~/.local/share/oncall", () => {
    expect(journalPath({ ONCALL_DATA_DIR: "/d", XDG_DATA_HOME: "/x" })).toBe("/d/journal.jsonl");
    expect(dataDir({ XDG_DATA_HOME: "/x", HOME: "/h" })).toBe("/x/oncall");
    expect(dataDir({ HOME: "/h" })).toBe("/h/.local/share/oncall");
  });
});

describe("the journal store", () => {
  it("round-trips records, creating the file 0600 in a directory 0700, one JSON line each with v: 1", () => {
    const dir = join(fresh(), "data");
    const path = join(dir, "journal.jsonl");
    expect(read(path)).toEqual({ records: [], warnings: [] });
    appendJournal(path, [rec({ woken: true }), rec({ alert: "B", workedUntil: "2026-11-03T03:49:00.000Z" })]);
    appendJournal(path, [rec({ note: "db failover" })]);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const lines = readFileSync(path, "utf8").split("\n");
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe("");
    expect(JSON.parse(lines[0]!)).toEqual({
      v: 1,
      at: "2026-11-04T09:00:00.000Z",
      person: "alice",
      alert: "A",
      woken: true,
    });
    const { records, warnings } = read(path);
    expect(warnings).toEqual([]);
    expect(records.map((r) => [r.alert, r.woken, r.workedUntil, r.note])).toEqual([
      ["A", true, undefined, undefined],
      ["B", undefined, "2026-11-03T03:49:00.000Z", undefined],
      ["A", undefined, undefined, "db failover"],
    ]);
  });

  it("a file others can read is made 0600 on the next append", () => {
    const path = join(fresh(), "journal.jsonl");
    writeFileSync(path, "", { mode: 0o644 });
    appendJournal(path, [rec()]);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it("a torn last line is skipped with a warning, and the next append starts on a fresh line", () => {
    const path = join(fresh(), "journal.jsonl");
    appendJournal(path, [rec({ woken: true })]);
    appendFileSync(path, '{"v":1,"at":"2026-11-04T09:0');
    expect(read(path).warnings).toEqual([`${path}:2: unreadable line skipped (a torn write?)`]);
    appendJournal(path, [rec({ alert: "B", woken: false })]);
    const text = readFileSync(path, "utf8");
    expect(text.endsWith('"woken":false}\n')).toBe(true);
    const { records, warnings } = read(path);
    expect(records.map((r) => r.alert)).toEqual(["A", "B"]);
    expect(warnings).toEqual([`${path}:2: unreadable line skipped (a torn write?)`]);
  });

  it("blank lines anywhere and lines that are not records are skipped, each naming its line", () => {
    const path = join(fresh(), "journal.jsonl");
    const good = JSON.stringify(rec({ woken: true }));
    writeFileSync(
      path,
      [
        good,
        "",
        "   ",
        JSON.stringify({ v: 2, at: "x", person: "alice", alert: "A" }),
        '{"v":1}',
        good,
        "",
      ].join("\n"),
    );
    const { records, warnings } = read(path);
    expect(records).toHaveLength(2);
    expect(warnings).toEqual([
      `${path}:2: blank line skipped (a torn write?)`,
      `${path}:3: blank line skipped (a torn write?)`,
      expect.stringMatching(new RegExp(`^${path}:4: not a journal record \\(v: .*\\), skipped$`)),
      expect.stringMatching(new RegExp(`^${path}:5: not a journal record \\(.*\\), skipped$`)),
    ]);
  });

  it("a journal that is not a regular file, or is huge, is a config error naming it; an export, an input error", () => {
    const dir = fresh();
    const asDir = join(dir, "journal.jsonl");
    mkdirSync(asDir);
    const e = thrown(() => read(asDir));
    expect(e.kind).toBe("config");
    expect(e.message).toBe(`${asDir}: not a regular file`);
    const export_ = thrown(() => read(asDir, "answers"));
    expect(export_.kind).toBe("input");

    const huge = join(dir, "huge.jsonl");
    writeFileSync(huge, "");
    // sparse: the size is what is checked, before anything is read
    truncateSync(huge, MAX_JOURNAL_BYTES + 1);
    const h = thrown(() => read(huge));
    expect(h.kind).toBe("config");
    expect(h.message).toBe(`${huge}: larger than 32 MiB, which no journal is`);
    expect(thrown(() => read(huge, "answers")).kind).toBe("input");
    expect(thrown(() => read(join(dir, "absent.json"), "answers")).message).toBe(
      `cannot read ${join(dir, "absent.json")}: no such file`,
    );
  });

  it("an export document ({ schemaVersion, entries }) reads as its records", () => {
    const path = join(fresh(), "alice.json");
    writeFileSync(
      path,
      JSON.stringify({ schemaVersion: 1, entries: [rec({ woken: true }), { v: 1, person: "x" }] }, null, 2),
    );
    const { records, warnings } = read(path, "answers");
    expect(records).toEqual([rec({ woken: true })]);
    expect(warnings).toEqual([expect.stringMatching(/: entries\[1\]: not a journal record/)]);
  });

  it("two processes appending at once both land whole", async () => {
    const dir = fresh();
    const path = join(dir, "journal.jsonl");
    const N = 150;
    const codes = await appendFromTwoProcesses({
      dir,
      path,
      module: "src/adapters/journal.ts",
      append: "appendJournal",
      record: `{ v: 1, at: new Date().toISOString(), person: who, alert: "a-" + i, note: "x".repeat(300) }`,
      n: N,
    });
    expect(codes).toEqual([0, 0]);
    const { records, warnings } = read(path);
    expect(warnings).toEqual([]);
    for (const who of ["alice", "bob"]) {
      const mine = records.filter((r) => r.person === who).map((r) => r.alert);
      expect(mine).toEqual(Array.from({ length: N }, (_, i) => `a-${i}`));
    }
  }, 30_000);
});

describe("current answers: each field its latest value; forget clears them all", () => {
  it("folds fields per (person, alert), later records winning field by field", () => {
    const answers = foldJournal([
      rec({ woken: true, note: "first" }),
      rec({ person: "bob", woken: false }),
      rec({ workedUntil: "2026-11-03T03:49:00.000Z", at: "2026-11-05T09:00:00.000Z" }),
      rec({ woken: false }),
    ]);
    expect(
      answers.map((a) => [a.person, a.alert, a.woken?.value, a.workedUntil?.value, a.note?.value]),
    ).toEqual([
      ["alice", "A", false, Date.parse("2026-11-03T03:49:00.000Z"), "first"],
      ["bob", "A", false, undefined, undefined],
    ]);
  });

  it("forget clears every field of that person's alert; later answers start afresh", () => {
    expect(foldJournal([rec({ woken: true }), rec({ forget: true })])).toEqual([]);
    const again = foldJournal([
      rec({ woken: true, note: "n" }),
      rec({ forget: true }),
      rec({ woken: false }),
    ]);
    expect(again.map((a) => [a.woken?.value, a.note])).toEqual([[false, null]]);
  });
});
