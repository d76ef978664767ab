import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { strlen } from "cli-table3/src/utils.js";
import { describe, expect, it } from "vitest";
import { runCli } from "./run";

const root = join(__dirname, "..", "..");
const EXAMPLE = join(root, "examples", "alert-export-result_2026-10.csv");
const CONFIG = join(root, "examples", "oncall.config.yaml");
const WIDTHS = [40, 60, 80, 120];

/**
 * Every boxed table the commands draw, by its heads, and the heads of its free-text columns: the
 * only ones whose cells may be cut with "…". Dates, times, durations, days, hours, ids and phones
 * are never cut (SPEC §1: a cut time reads as a wrong one).
 */
const TABLES: { head: string[]; cut: string[] }[] = [
  { head: ["Date", "Person", "Time", "Kind", "Alerts", "Worked", "Days", "Hours"], cut: ["Alerts"] },
  { head: ["Person", "Name", "Claims", "Alerts", "Days", "Hours"], cut: ["Name"] },
  { head: ["Alert", "Reason", "Detail"], cut: ["Detail"] },
  { head: ["Person", "Line", "On call (h)", "Out of hours (h)"], cut: ["Person", "Line"] },
  { head: ["Role", "Name", "Phone", "oncall escalate --to"], cut: ["Role", "Name"] },
  { head: ["Line", "Person", "From", "Until", "Note"], cut: ["Line", "Person", "Note"] },
  { head: ["Line", "Person", "Phone", "When", "Note"], cut: ["Line", "Person", "Note"] },
  { head: ["Alert", "Woken", "Worked until", "Declined", "Note", "Recorded"], cut: ["Declined", "Note"] },
];

/** The boxed tables in a terminal's output: each head (as shown, maybe cut) and its rows of cells. */
function boxes(out: string): { head: string[]; rows: string[][] }[] {
  const cells = (line: string) =>
    line
      .slice(1, -1)
      .split("│")
      .map((c) => c.trim());
  const found: { head: string[]; rows: string[][] }[] = [];
  const lines = out.split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i]?.startsWith("┌")) continue;
    const head = cells(lines[i + 1] ?? "");
    const rows: string[][] = [];
    for (i += 3; i < lines.length && lines[i]?.startsWith("│"); i++) rows.push(cells(lines[i] ?? ""));
    found.push({ head, rows });
  }
  return found;
}

/** Each shown head's full name: the table whose heads it is, in order, each maybe cut with "…". */
function named(head: string[]): { names: string[]; cut: string[] } {
  for (const t of TABLES) {
    const names: string[] = [];
    let from = 0;
    for (const h of head) {
      const stem = h.replace(/…$/, "");
      const at = t.head.findIndex((n, j) => j >= from && (h.endsWith("…") ? n.startsWith(stem) : n === h));
      if (at < 0) break;
      names.push(t.head[at]!);
      from = at + 1;
    }
    if (names.length === head.length) return { names, cut: t.cut };
  }
  throw new Error(`a table not known to this test: ${head.join(" | ")}`);
}

function expectFits(out: string, width: number, what: string) {
  const tables = boxes(out);
  expect(tables.length, what).toBeGreaterThan(0);
  // the tables' lines: a title or a note is prose, which the terminal wraps between words
  for (const line of out.split("\n").filter((l) => /^[┌│├└]/.test(l))) {
    expect(strlen(line), `${what}: ${line}`).toBeLessThanOrEqual(width);
  }
  for (const t of tables) {
    const { names, cut } = named(t.head);
    for (const row of t.rows) {
      row.forEach((cell, k) => {
        if (!cut.includes(names[k]!)) expect(cell, `${what}: ${names[k]} cut`).not.toContain("…");
      });
    }
  }
}

function journalDir(): string {
  const d = mkdtempSync(join(tmpdir(), "oncall-fix1b-"));
  return d;
}

describe("boxed tables fit the terminal and never cut a date, time, number, id or phone", () => {
  const data = journalDir();
  const env = { ONCALL_DATA_DIR: data, ONCALL_ME: "alice" };
  const commands: string[][] = [
    ["toil", "calc", EXAMPLE, "--verbose"],
    ["toil", "calc", EXAMPLE, "--person", "alice", "--verbose"],
    ["toil", "journal"],
    ["rota", "show"],
    ["rota", "who"],
    ["rota", "hours", "--month", "2026-11"],
  ];

  it("has answers in the journal to list", async () => {
    const saved = await runCli(
      ["toil", "calc", EXAMPLE, "--config", CONFIG, "--woken", "5214", "--worked", "5215=1h35m", "--save"],
      { env },
    );
    expect(saved.code).toBe(0);
  });

  for (const argv of commands) {
    it.each(WIDTHS)(`${argv.filter((a) => a !== EXAMPLE).join(" ")} at %i columns`, async (width) => {
      const r = await runCli([...argv, "--config", CONFIG, "--no-color"], {
        tty: true,
        env: { ...env, COLUMNS: String(width) },
      });
      expect(r.code).toBe(0);
      expectFits(r.stdout, width, `${argv[1]} at ${width}`);
    });
  }

  it("a time that cannot fit whole on a very narrow terminal wraps onto a second line, never cut", async () => {
    const r = await runCli(["toil", "calc", EXAMPLE, "--config", CONFIG, "--no-color"], {
      tty: true,
      env: { COLUMNS: "40" },
    });
    expect(r.stdout).toMatch(/^│ 2026-10-25 │ 01:40 BST–01:40 +│ +0\.5 │\n│ +│ GMT +│ +│$/m);
  });

  it("names in CJK and emoji are measured as two columns each", async () => {
    const dir = mkdtempSync(join(tmpdir(), "oncall-fix1b-wide-"));
    const config = join(dir, "team.yaml");
    writeFileSync(
      config,
      readFileSync(CONFIG, "utf8")
        .replace("name: Bob Brown", "name: 山田太郎 🚀 ボブ・ブラウン")
        .replace("name: Dave Davies", "name: 李小龍😀😀 デイヴィス")
        .replace("name: Second line", "name: 二番目の線 📟"),
    );
    for (const argv of [
      ["rota", "who"],
      ["rota", "show"],
      ["rota", "hours", "--month", "2026-11"],
    ]) {
      for (const width of WIDTHS) {
        const r = await runCli([...argv, "--config", config, "--no-color"], {
          tty: true,
          env: { COLUMNS: String(width) },
        });
        expect(r.code).toBe(0);
        expectFits(r.stdout, width, `${argv.join(" ")} (wide names) at ${width}`);
      }
    }
    const wide = await runCli(["rota", "who", "--config", config, "--no-color"], {
      tty: true,
      env: { COLUMNS: "120" },
    });
    expect(wide.stdout).toContain("│ 山田太郎 🚀 ボブ・ブラウン │");
  });
});
