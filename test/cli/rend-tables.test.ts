import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./run";

const root = join(__dirname, "..", "..");
const EXAMPLE = join(root, "examples", "alert-export-result_2026-10.csv");
const CONFIG = join(root, "examples", "oncall.config.yaml");
const BORDERS = /[│┌┐└┘├┤┬┴┼─]/;

describe("tables on a terminal", () => {
  it("fit the terminal's width: cells cut with …, rows never wrapped", async () => {
    const wide = await runCli(["toil", "calc", EXAMPLE, "--config", CONFIG, "--no-color"], {
      tty: true,
      env: { COLUMNS: "200" },
    });
    const narrow = await runCli(["toil", "calc", EXAMPLE, "--config", CONFIG, "--no-color"], {
      tty: true,
      env: { COLUMNS: "60" },
    });
    expect(narrow.code).toBe(0);
    const rows = (out: string) => out.split("\n").filter((l) => l.startsWith("│"));
    for (const line of rows(wide.stdout)) expect(line.length).toBeGreaterThan(0);
    expect(Math.max(...rows(wide.stdout).map((l) => l.length))).toBeGreaterThan(60);
    for (const line of rows(narrow.stdout)) expect(line.length).toBeLessThanOrEqual(60);
    expect(rows(narrow.stdout)).toHaveLength(rows(wide.stdout).length);
    // what gives way is a free-text column, or a whole low-value one: never a date or a time
    expect(narrow.stdout).toMatch(/^│ Date +│ Person +│ Time/m);
    expect(narrow.stdout).toMatch(/^│ 2026-10-02 │ alice +│ 03:14–04:14 +│/m);
  });

  it("rota who is boxed, with its header", async () => {
    const r = await runCli(["rota", "who", "--config", CONFIG, "--no-color"], { tty: true });
    expect(r.stdout).toMatch(/^│ Line +│ Person +│ Phone/m);
    expect(r.stdout).toMatch(/^│ First line +│ Bob Brown +│ +│ until Sat 28 Nov 18:00/m);
  });
});

describe("tables piped", () => {
  it("are tab-separated rows: no header row, borders, padding or colour", async () => {
    const r = await runCli(["toil", "calc", EXAMPLE, "--config", CONFIG], { env: { FORCE_COLOR: "1" } });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(BORDERS);
    expect(r.stdout).not.toMatch(/^Date\tPerson/m);
    const claims = r.stdout.split("\n").filter((l) => /^\d{4}-\d\d-\d\d\t/.test(l));
    expect(claims).toHaveLength(14);
    for (const line of claims) {
      expect(line.split("\t")).toHaveLength(8);
      expect(line).not.toMatch(/\u001b|^ | $|\t | \t/);
    }
  });

  it("rota hours: one row per line and per person", async () => {
    const r = await runCli(["rota", "hours", "--month", "2026-11", "--config", CONFIG]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(BORDERS);
    expect(r.stdout).toMatch(/^Bob Brown\tFirst line\t\d+\.\d\d\t\d+\.\d\d$/m);
  });

  it("a tab in a name is shown as \\t, so it never splits a row", async () => {
    const dir = mkdtempSync(join(tmpdir(), "oncall-rend-"));
    const config = join(dir, "team.yaml");
    writeFileSync(config, readFileSync(CONFIG, "utf8").replace("name: Bob Brown", 'name: "Bob\\tBrown"'));
    const r = await runCli(["rota", "who", "--config", config]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^First line\tBob\\tBrown\t\tuntil Sat 28 Nov 18:00\t$/m);
  });
});
