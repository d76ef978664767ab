import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./run";

const root = join(__dirname, "..", "..");
const ACK = join(root, "examples", "acknowledger.config.yaml");
const HEADER =
  "id,created_at,message,priority,tags,teams,acknowledged_by,acknowledged_at,closed_at,woken,worked";

function setup() {
  const d = mkdtempSync(join(tmpdir(), "oncall-jrnl-add-"));
  const log = join(d, "alerts.csv");
  // bob's alert only: alice has none in the log
  writeFileSync(log, `${HEADER}\nX,2026-11-05T01:00:00Z,m,P1,,,bob@example.com,,,,\n`);
  const env = { ONCALL_DATA_DIR: d, ONCALL_ME: "alice" };
  const run = (argv: string[]) => runCli([...argv, "--config", ACK], { env });
  return { d, log, run };
}

describe("toil add: a callout with no alert (SPEC §9)", () => {
  it("records a manual alert m-<10 hex> with its answers, and claims it as alice's, shown as manual", async () => {
    const { d, log, run } = setup();
    const r = await run([
      "toil",
      "add",
      "--at",
      "2026-11-03T02:10",
      "--woken",
      "--until",
      "03:45",
      "--note",
      "phone call from 2nd line",
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^Recorded callout m-[0-9a-f]{10} for alice at Tue 3 Nov 02:10: phone call from 2nd line\n$/,
    );
    const [line] = readFileSync(join(d, "journal.jsonl"), "utf8").trim().split("\n");
    const rec = JSON.parse(line!);
    expect(rec).toEqual({
      v: 1,
      at: "2026-11-27T12:00:00.000Z",
      person: "alice",
      alert: expect.stringMatching(/^m-[0-9a-f]{10}$/),
      calledAt: "2026-11-03T02:10:00.000Z",
      woken: true,
      workedUntil: "2026-11-03T03:45:00.000Z",
      note: "phone call from 2nd line",
    });
    const calc = await run(["toil", "calc", log, "--json", "--person", "alice"]);
    expect(calc.code).toBe(0);
    const [claim] = JSON.parse(calc.stdout).claims;
    expect(claim).toMatchObject({
      person: "alice",
      kind: "woken",
      kindSource: "review",
      workedMinutes: 95,
      workedSource: "review",
      alerts: [{ id: rec.alert, via: "manual", message: "phone call from 2nd line" }],
    });
    expect(claim.reason).toBe(
      `Out-of-hours alert ${rec.alert} at 02:10, manual (no alert), woken (confirmed); worked 1h35m, 35m extra`,
    );
    // only alice is credited: bob's claim is his own alert alone
    const everyone = JSON.parse((await run(["toil", "calc", log, "--json"])).stdout);
    expect(
      everyone.claims.map((c: { person: string; alerts: unknown[] }) => [c.person, c.alerts.length]),
    ).toEqual([
      ["alice", 1],
      ["bob", 1],
    ]);
    // --no-journal: the callout is not there
    expect(
      JSON.parse((await run(["toil", "calc", log, "--json", "--no-journal"])).stdout).claims,
    ).toHaveLength(1);
  });

  it("--worked is kept as the callout's time plus the duration; --until may be past midnight", async () => {
    const { d, run } = setup();
    await run([
      "toil",
      "add",
      "--at",
      "2026-11-08T21:30",
      "--awake",
      "--worked",
      "1h30m",
      "--note",
      "ticket",
    ]);
    await run(["toil", "add", "--at", "2026-11-08T23:50", "--until", "00:20", "--note", "call"]);
    const recs = readFileSync(join(d, "journal.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(recs.map((r) => [r.woken, r.workedUntil])).toEqual([
      [false, "2026-11-08T23:00:00.000Z"],
      [undefined, "2026-11-09T00:20:00.000Z"],
    ]);
  });

  it("bad combinations and values are usage errors naming the flag", async () => {
    const { run } = setup();
    const cases: [string[], string][] = [
      [["--woken", "--awake"], "error: --woken and --awake cannot both be given"],
      [["--until", "03:00", "--worked", "1h"], "error: --until and --worked cannot both be given"],
      [["--worked", "90"], "error: --worked 90:"],
      [["--until", "2026-11-01T00:00"], "error: --until 2026-11-01T00:00: before the callout"],
    ];
    for (const [flags, message] of cases) {
      const r = await run(["toil", "add", "--at", "2026-11-03T02:10", "--note", "n", ...flags]);
      expect(r.code).toBe(2);
      expect(r.stderr.startsWith(message)).toBe(true);
    }
    const noAt = await run(["toil", "add", "--note", "n"]);
    expect(noAt.code).toBe(2);
  });
});
