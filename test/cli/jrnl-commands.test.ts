import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Ajv from "ajv";
import { describe, expect, it } from "vitest";
import { runCli } from "./run";

const root = join(__dirname, "..", "..");
const ACK = join(root, "examples", "acknowledger.config.yaml");
const LOG = join(root, "test", "fixtures", "oncall.csv");
const validate = new Ajv({ allErrors: true }).compile(
  JSON.parse(readFileSync(join(root, "schema", "toil-journal.schema.json"), "utf8")),
);

function data() {
  const d = mkdtempSync(join(tmpdir(), "oncall-jrnl-cmd-"));
  const env = { ONCALL_DATA_DIR: d, ONCALL_ME: "alice", ONCALL_NOW: "2026-11-27T12:00:00Z" };
  const run = (argv: string[]) => runCli([...argv, "--config", ACK], { env });
  return { d, run };
}

describe("toil journal and toil journal forget (SPEC §9)", () => {
  it("lists me's current answers; --json is the export, valid against its schema, and --answers reads it", async () => {
    const { d, run } = data();
    const empty = await run(["toil", "journal", "--json"]);
    expect(JSON.parse(empty.stdout)).toEqual({ schemaVersion: 1, entries: [] });
    const saved = await run(["toil", "calc", LOG, "--woken", "inc-1", "--worked", "inc-1=1h35m", "--save"]);
    expect(saved.code).toBe(0);
    const table = await run(["toil", "journal"]);
    expect(table.stdout).toBe("inc-1\twoken\tMon 3 Nov 2025 03:49\t\t\tFri 27 Nov 12:00\n");
    const j = await run(["toil", "journal", "--json"]);
    const doc = JSON.parse(j.stdout);
    expect(validate(doc) ? [] : validate.errors).toEqual([]);
    expect(doc.entries).toEqual([
      {
        v: 1,
        at: "2026-11-27T12:00:00.000Z",
        person: "alice",
        alert: "inc-1",
        woken: true,
        workedUntil: "2025-11-03T03:49:00.000Z",
      },
    ]);
    // bob's answers are bob's: not listed for me
    const bob = await run(["toil", "journal", "--person", "bob", "--json"]);
    expect(JSON.parse(bob.stdout).entries).toEqual([]);

    // the export, applied by someone with an empty journal of their own
    const exported = join(d, "alice.json");
    const { writeFileSync } = await import("node:fs");
    writeFileSync(exported, j.stdout);
    const other = mkdtempSync(join(tmpdir(), "oncall-jrnl-other-"));
    const manager = await runCli(
      ["toil", "calc", LOG, "--config", ACK, "--json", "--person", "alice", "--answers", exported],
      { env: { ONCALL_DATA_DIR: other } },
    );
    expect(JSON.parse(manager.stdout).claims[0]).toMatchObject({
      kindSource: "review",
      workedSource: "review",
    });
  });

  it("forget appends a record clearing the alert's answers; the claim falls back to the log", async () => {
    const { d, run } = data();
    await run(["toil", "calc", LOG, "--awake", "inc-1", "--save"]);
    const before = JSON.parse((await run(["toil", "calc", LOG, "--json"])).stdout).claims[0];
    expect(before).toMatchObject({ kind: "awake", kindSource: "review" });
    const f = await run(["toil", "journal", "forget", "inc-1"]);
    expect(f).toMatchObject({ code: 0, stdout: "Forgot alice's answers about alert inc-1.\n", stderr: "" });
    const lines = readFileSync(join(d, "journal.jsonl"), "utf8").trim().split("\n");
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[1]!)).toEqual({
      v: 1,
      at: "2026-11-27T12:00:00.000Z",
      person: "alice",
      alert: "inc-1",
      forget: true,
    });
    const after = JSON.parse((await run(["toil", "calc", LOG, "--json"])).stdout).claims[0];
    expect(after).toMatchObject({ kind: "woken", kindSource: "mark" });
    expect((await run(["toil", "journal", "--json"])).stdout).toBe('{"schemaVersion":1,"entries":[]}\n');
  });

  it("forgetting an alert with no answers is a usage error", async () => {
    const { run } = data();
    const r = await run(["toil", "journal", "forget", "6004"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "error: no answers kept for alice about alert 6004 — oncall toil journal lists them, by tiny id or id\n",
    );
  });

  it("an empty journal's table says how answers get there", async () => {
    const { run } = data();
    // a note for a person, not a row: on stderr when piped
    expect((await run(["toil", "journal"])).stderr).toMatch(/^No answers kept for alice: toil calc --save/);
  });

  it("config path lists the journal", async () => {
    const { d } = data();
    const r = await runCli(["config", "path", "--json"], { env: { ONCALL_DATA_DIR: d } });
    expect(JSON.parse(r.stdout).journal).toBe(join(d, "journal.jsonl"));
  });
});
