import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./run";

// SPEC §1: long work (reading more than about 100,000 rows) shows progress on stderr when stderr is
// a terminal, and nothing otherwise.
const dir = mkdtempSync(join(tmpdir(), "oncall-progress-"));
const LOG = join(dir, "big.csv");
const HEADER =
  "id,created_at,message,priority,tags,teams,acknowledged_by,acknowledged_at,closed_at,woken,worked";
const ROWS = 140_000;
const start = Date.parse("2026-01-05T12:00:00Z");
const lines = [HEADER];
for (let i = 0; i < ROWS; i++)
  lines.push(`a${i},${new Date(start + i * 60_000).toISOString()},m,P1,,,alice@example.com,,,,`);
writeFileSync(LOG, `${lines.join("\n")}\n`);
const CONFIG = join(__dirname, "..", "..", "examples", "acknowledger.config.yaml");
const env = { ONCALL_DATA_DIR: dir, ONCALL_NOW: "2026-11-27T12:00:00Z" };

describe("progress while reading a long log", () => {
  it("on a terminal: a line redrawn in place with the rows read, cleared before the output", async () => {
    const r = await runCli(["toil", "calc", LOG, "--config", CONFIG, "--json"], { env, tty: true });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`\r\u001b[Kreading ${LOG}: 131,072 rows`);
    // cleared once the log is read
    expect(r.stderr).toContain("131,072 rows\r\u001b[K");
  }, 60_000);

  it("with --person, each row is counted once (rows dropped early and rows kept alike)", async () => {
    const r = await runCli(["toil", "calc", LOG, "--config", CONFIG, "--json", "--person", "alice"], {
      env,
      tty: true,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`reading ${LOG}: 131,072 rows`);
    expect(r.stderr).not.toContain("262,144 rows");
  }, 60_000);

  it("piped: nothing but what was asked for", async () => {
    const r = await runCli(["toil", "calc", LOG, "--config", CONFIG, "--json"], { env });
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain("reading");
  }, 60_000);
});
