import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, runBuilt } from "../support/built-oncall";

const logs = join(__dirname, "..", "fixtures", "logs");
const TEAM = join(logs, "team.yaml");

describe("the built binary reads JSM and PagerDuty logs", () => {
  beforeAll(() => ensureBuilt());

  it("toil calc over all three new formats, piped: TSV claims, one per incident, duplicates counted once", () => {
    const data = mkdtempSync(join(tmpdir(), "oncall-rdr-bin-"));
    const r = runBuilt(
      [
        "toil",
        "calc",
        join(logs, "pagerduty-incidents.csv"),
        join(logs, "pagerduty-api.json"),
        join(logs, "jsm-pulled.json"),
        "--month",
        "2025-11",
        "--config",
        TEAM,
      ],
      null,
      { ONCALL_DATA_DIR: data },
    );
    expect(r.code).toBe(0);
    // the summary goes to stderr: no warning, as the CSV and JSON copies of an incident agree
    expect(r.stderr).not.toMatch(/warning/);
    expect(r.stderr).toMatch(/credited by acknowledger/);
    expect(r.stderr).toMatch(/Skipped 5 alerts: 3 duplicate, 2 unattributed/);
    const rows = r.stdout.trim().split("\n");
    // PagerDuty's 1001 and 1002 (CSV and JSON alike) and JSM's 101 and 102, by acknowledger
    expect(rows.map((l) => l.split("\t").slice(0, 2).join(" "))).toEqual([
      "2025-11-03 alice",
      "2025-11-03 bob",
    ]);
    expect(rows[0]).toMatch(/\b1001\b.*\b101\b|\b101\b.*\b1001\b/);
  });

  it("a PagerDuty CSV row without a zone: exit 4, one line naming file, line and column", () => {
    const bad = join(logs, "bad", "pagerduty-no-zone.csv");
    const r = runBuilt(["toil", "calc", bad, "--month", "2025-11", "--config", TEAM], null, {
      ONCALL_DATA_DIR: mkdtempSync(join(tmpdir(), "oncall-rdr-bin-")),
    });
    expect(r.code).toBe(4);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain(`${bad}:3: created_on: "2025-11-03 20:05:00" has no zone`);
  });
});
