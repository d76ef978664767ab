import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./run";

const dir = mkdtempSync(join(tmpdir(), "oncall-pipe-words-"));
const write = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const ROTA = write(
  "rota.yaml",
  readFileSync(join(__dirname, "..", "..", "bench", "config-rota.yaml"), "utf8"),
);
const OWNER = write("owner.yaml", "people: []\ntoil:\n  attribution: owner\n");
const LOGS = {
  "oncall-csv": write("oncall.csv", "id,created_at,message\nx1,2026-03-04T02:00:00Z,Site down\n"),
  "opsgenie-json": write("api.json", '[{"id":"x1","createdAt":"2026-03-04T02:00:00Z","message":"m"}]'),
  "opsgenie-csv": write(
    "og.csv",
    '"Alert ID","TinyID","CreatedAt","Message"\nx1,1,1772589600000,Site down\n',
  ),
};

describe("what a log lacks is said in its format's words", () => {
  it.each([
    [
      "oncall-csv",
      "has neither column — add an acknowledged_at (or acknowledged_by) column, or export the alerts as Opsgenie API JSON (GET /v2/alerts); see docs/alert-logs.md",
    ],
    [
      "opsgenie-json",
      "has neither report.ackTime nor acknowledged on any alert — fetch the alerts again with their acknowledged field and report (GET /v2/alerts returns them); see docs/alert-logs.md",
    ],
    [
      "opsgenie-csv",
      "has neither column — export the alerts as Opsgenie API JSON (GET /v2/alerts), or re-export the CSV with the Acknowledged column; see docs/alert-logs.md",
    ],
  ] as const)("a %s log without acknowledgement times under a two-line rota", async (format, tail) => {
    const r = await runCli(["toil", "calc", LOGS[format], "--config", ROTA]);
    expect(r.code).toBe(4);
    expect(r.stderr).toBe(
      `error: ${LOGS[format]}: rota attribution with a second line needs each alert's acknowledgement time or its Acknowledged flag, and this ${format} log ${tail}\n`,
    );
  });

  it.each([
    [
      "opsgenie-json",
      "field on any alert — fetch the alerts again with that field (GET /v2/alerts returns it), or drop that filter (or change toil.attribution) in the team config; see docs/alert-logs.md",
    ],
    [
      "opsgenie-csv",
      "column — export the alerts as Opsgenie API JSON (GET /v2/alerts), or re-export the CSV with that column; see docs/alert-logs.md",
    ],
  ] as const)("a %s log without owners under owner attribution", async (format, tail) => {
    const r = await runCli(["toil", "calc", LOGS[format], "--config", OWNER]);
    expect(r.code).toBe(4);
    expect(r.stderr).toBe(
      `error: ${LOGS[format]}: the log lacks the owner of each alert, which toil.attribution: owner needs: this ${format} log has no such ${tail}\n`,
    );
  });
});
