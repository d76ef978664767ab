import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { onPty } from "../support/pty";

// toil submit on a real pseudo-terminal: one key, acted on as it is pressed (no Enter after s or q).
const root = join(__dirname, "..", "..");
const CONFIG = join(root, "examples", "acknowledger.config.yaml");
const HEADER =
  "id,created_at,message,priority,tags,teams,acknowledged_by,acknowledged_at,closed_at,woken,worked";

describe("toil submit on a terminal, end to end", () => {
  it("Enter records a claim, s skips one and q stops, each without Enter after it, once the claim is shown", async () => {
    const data = mkdtempSync(join(tmpdir(), "oncall-led-pty-"));
    const log = join(data, "nov.csv");
    writeFileSync(
      log,
      [
        HEADER,
        "a1,2026-11-03T02:14:00Z,Site down,P1,,,alice@example.com,,,,",
        "a2,2026-11-10T02:14:00Z,Queue stuck,P1,,,alice@example.com,,,,",
        "a3,2026-11-17T02:30:00Z,Disk full,P1,,,alice@example.com,,,,",
        "",
      ].join("\n"),
    );
    const pty = onPty(
      `node bin/oncall.js toil submit ${log} --config ${CONFIG} --month 2026-11`,
      {
        PATH: process.env.PATH,
        HOME: data,
        ONCALL_NO_COMPILE_CACHE: "1",
        ONCALL_NOW: "2026-12-01T09:00:00Z",
        ONCALL_DATA_DIR: data,
        ONCALL_ME: "alice",
        TERM: "xterm",
      },
      root,
    );
    // typed ahead, before anything was asked: not the first claim's answer
    pty.type("\r");
    await pty.until("[1/3]");
    await pty.until("s to skip, q to stop:");
    // a double press: the first Enter logs claim 1, the second was not seen by claim 2
    pty.type("\r\r");
    await pty.until("[2/3]");
    await pty.until("s to skip, q to stop:");
    pty.type("s");
    await pty.until("[3/3]");
    await pty.until("s to skip, q to stop:");
    pty.type("q");
    expect(await pty.exited).toBe(0);
    expect(pty.output()).toContain("Recorded 1 of 3 claims as logged (0.5 days), skipped 1");
    const ledger = readFileSync(join(data, "ledger.jsonl"), "utf8").trim().split("\n");
    expect(ledger.map((l) => JSON.parse(l).alerts)).toEqual([["a1"]]);

    // Ctrl-C at the key: exit 130, what was recorded stays
    const again = onPty(
      `node bin/oncall.js toil submit ${log} --config ${CONFIG} --month 2026-11`,
      {
        PATH: process.env.PATH,
        HOME: data,
        ONCALL_NOW: "2026-12-01T09:00:00Z",
        ONCALL_DATA_DIR: data,
        ONCALL_ME: "alice",
        TERM: "xterm",
      },
      root,
    );
    await again.until("s to skip, q to stop:");
    again.type("\u0003");
    expect(await again.exited).toBe(130);
    expect(readFileSync(join(data, "ledger.jsonl"), "utf8").trim().split("\n")).toHaveLength(1);
  }, 30_000);
});
