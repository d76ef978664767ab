import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { oncallLogs } from "../support/oncall-log";
import { runCli } from "./run";

const ACK = join(__dirname, "..", "..", "examples", "acknowledger.config.yaml");
const A1 =
  "a1,2026-11-03T02:14:00Z,Site down,P1,,,alice@example.com,2026-11-03T02:16:00Z,2026-11-03T03:10:00Z,,";

it("a ledger record of 31 February and 1e308 days: skipped with a warning; calc and submit stay finite", async () => {
  const d = mkdtempSync(join(tmpdir(), "atk-led-"));
  const env = { ONCALL_DATA_DIR: d, ONCALL_ME: "alice", ONCALL_NOW: "2026-12-01T09:00:00Z" };
  const file = oncallLogs("atk-led-log-")("nov.csv", [A1]);
  const run = (argv: string[]) => runCli([...argv, "--config", ACK], { env });
  const first = JSON.parse((await run(["toil", "calc", file, "--json"])).stdout);
  const ledger = join(d, "ledger.jsonl");
  const bad = {
    v: 1,
    at: "2026-11-04T09:00:00.000Z",
    person: "alice",
    claim: first.claims[0].id,
    date: "2026-02-31",
    days: 1e308,
    hours: 1,
    alerts: ["a1"],
    config: "0123456789ab",
  };
  writeFileSync(ledger, `${JSON.stringify(bad)}\n`);
  const calc = await run(["toil", "calc", file, "--json"]);
  expect(calc.code).toBe(0);
  expect(calc.stderr).toContain(`${ledger}:1: not a ledger record (date: not a calendar date), skipped`);
  const doc = JSON.parse(calc.stdout);
  expect(doc.claims[0].status).toBe("new");
  expect(doc.totals).toMatchObject({ days: 0.5, submittedDays: 0, toClaimDays: 0.5 });
  const submit = await run(["toil", "submit", file, "--yes"]);
  expect(submit.code).toBe(0);
  const written = JSON.parse(readFileSync(ledger, "utf8").trim().split("\n")[1]!);
  expect(written).toMatchObject({ days: 0.5, hours: 3.5 });
});
