import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fakeSignals } from "../support/fake-signals";
import { runCli } from "./run";

// On a terminal, a long read shows "reading FILE: N rows" rewritten in place on stderr. When the
// user stops the run (Ctrl-C, a kill), the line is cleared before the program dies of the signal,
// so the shell's prompt starts on a clean line, as it does after a normal end.

const HEADER =
  "Alert ID,Alias,TinyID,Message,Status,IsSeen,Acknowledged,Snoozed,CreatedAt,CreatedAtDate,UpdatedAt,UpdatedAtDate,Count,Owner,Teams\n";
const start = Date.parse("2026-01-05T00:00:00Z");
const rows = (from: number, n: number) => {
  let s = "";
  for (let i = from; i < from + n; i++)
    s += `a-${i},check-${i % 50},${i},Site down,closed,true,true,false,${start + i * 1000},,,,1,ana@example.com,Platform\n`;
  return s;
};

const CONFIG = join(mkdtempSync(join(tmpdir(), "oncall-progress-stop-")), "team.yaml");
writeFileSync(
  CONFIG,
  "people:\n  - { id: ana, name: Ana, email: ana@example.com }\ntoil:\n  attribution: owner\n",
);

describe("the progress line when the user stops a long read", () => {
  it("is cleared at Ctrl-C, before the program dies of it", async () => {
    const signals = fakeSignals();
    let release: () => void = () => {};
    const held = new Promise<void>((r) => {
      release = r;
    });
    async function* stdin() {
      yield Buffer.from(HEADER + rows(0, 140_000));
      await held; // the rest of the log comes only once the test has pressed Ctrl-C
      yield Buffer.from(rows(140_000, 10));
    }
    let stderrAtStop = "";
    let seen: () => string = () => "";
    const run = runCli(["toil", "calc", "-", "--config", CONFIG, "--json"], {
      tty: true,
      stdin: stdin(),
      signals,
      watchStderr: (now) => {
        seen = now;
      },
    });
    // until the reader has shown its progress (131,072 rows), turn by turn of the event loop
    for (let turns = 0; !seen().includes("rows") && turns < 50_000_000; turns++)
      await new Promise((r) => setImmediate(r));
    expect(seen()).toMatch(/reading stdin: 131,072 rows$/);
    signals.interrupt("SIGINT");
    stderrAtStop = seen();
    release();
    await run;
    expect(stderrAtStop.endsWith("\r\x1b[K")).toBe(true);
    expect(signals.died).toEqual(["SIGINT"]);
  });
});
