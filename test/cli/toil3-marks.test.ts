import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { oncallLogs } from "../support/oncall-log";
import { runCli } from "./run";

const root = join(__dirname, "..", "..");
const ACK = join(root, "examples", "acknowledger.config.yaml");
const dir = mkdtempSync(join(tmpdir(), "oncall-toil3-marks-"));
const log = oncallLogs("oncall-toil3-marks-logs-");
const calc = (file: string, flags: string[] = []) =>
  runCli(["toil", "calc", file, "--config", ACK, "--json", ...flags]);

describe("marks come from the first source that has one (SPEC §4.5)", () => {
  const oneColumnMark = log("column-woken.csv", [
    "A,2026-11-03T02:14:00Z,m,P1,,,alice@example.com,,,true,",
    "B,2026-11-03T02:20:00Z,m,P1,,,alice@example.com,,,,",
  ]);

  it("--awake on one alert overrides the log's woken column on another alert of the window", async () => {
    const r = await calc(oneColumnMark, ["--awake", "B"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const claims = JSON.parse(r.stdout).claims;
    expect(claims).toHaveLength(1);
    expect(claims[0]).toMatchObject({ kind: "awake", kindSource: "mark", days: 0.25 });
  });

  it("without a flag, the column decides", async () => {
    const r = await calc(oneColumnMark);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).claims[0]).toMatchObject({ kind: "woken", kindSource: "mark" });
  });

  it("a flag decides a window whose woken column disagrees within itself", async () => {
    const file = log("column-conflict.csv", [
      "A,2026-11-03T02:14:00Z,m,P1,,,alice@example.com,,,true,",
      "B,2026-11-03T02:20:00Z,m,P1,,,alice@example.com,,,false,",
    ]);
    const r = await calc(file, ["--woken", "A"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).claims[0]).toMatchObject({ kind: "woken", kindSource: "mark" });
  });

  it("conflicting woken values in the log's column are an input error naming the file and lines", async () => {
    const file = log("column-conflict2.csv", [
      "Z,2026-11-02T02:14:00Z,m,P1,,,alice@example.com,,,,",
      "A,2026-11-03T02:14:00Z,m,P1,,,alice@example.com,,,true,",
      "B,2026-11-03T02:20:00Z,m,P1,,,alice@example.com,,,false,",
    ]);
    const r = await calc(file);
    expect(r.code).toBe(4);
    expect(r.stdout).toBe("");
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^error: /);
    expect(lines[0]).toContain(`${file}:3`);
    expect(lines[0]).toContain(`${file}:4`);
    expect(lines[0]).toMatch(/woken/);
    expect(lines[0]).toMatch(/--woken|--awake/);
  });

  it("conflicting flags in one window stay a usage error", async () => {
    const r = await calc(oneColumnMark, ["--woken", "A", "--awake", "B"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: conflicting marks in alice's window/);
  });
});

describe("time worked comes from the first source that has a value (SPEC §4.6)", () => {
  it("a flag on one alert wins over the log's worked column on another, even when shorter", async () => {
    const file = log("worked.csv", [
      "A,2026-11-03T02:14:00Z,m,P1,,,alice@example.com,,,,3h",
      "B,2026-11-03T02:20:00Z,m,P1,,,alice@example.com,,,,",
    ]);
    const r = await calc(file, ["--worked", "B=30m"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).claims[0]).toMatchObject({ workedMinutes: 30, workedSource: "flag" });
    const col = await calc(file);
    expect(JSON.parse(col.stdout).claims[0]).toMatchObject({
      workedMinutes: 180,
      workedSource: "log-column",
    });
  });

  it("within one source the latest end of work wins", async () => {
    const file = log("worked2.csv", [
      "A,2026-11-03T02:14:00Z,m,P1,,,alice@example.com,,,,45m",
      "B,2026-11-03T02:20:00Z,m,P1,,,alice@example.com,,,,2h",
    ]);
    const r = await calc(file);
    expect(JSON.parse(r.stdout).claims[0]).toMatchObject({ workedMinutes: 120, workedSource: "log-column" });
    const flags = await calc(file, ["--worked", "A=1h", "--worked", "B=20m"]);
    expect(JSON.parse(flags.stdout).claims[0]).toMatchObject({ workedMinutes: 60, workedSource: "flag" });
  });
});

describe("with rota attribution, a person-prefixed mark still names someone credited", () => {
  it("--worked bob:5240=3h is a usage error when the rota credits others with 5240", async () => {
    const example = readFileSync(join(root, "examples", "oncall.config.yaml"), "utf8");
    const config = join(dir, "rota.yaml");
    writeFileSync(config, example.replace(/^\s*attribution: owner\n/m, ""));
    const r = await runCli([
      "toil",
      "calc",
      join(root, "examples", "alert-export-result_2026-10.csv"),
      "--config",
      config,
      "--worked",
      "bob:5240=3h",
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^error: --worked bob:5240=3h: bob is not credited with alert 5240 \(carol and erin are\)/,
    );
  });
});
