import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Ajv from "ajv";
import { describe, expect, it } from "vitest";
import { oncallLogs } from "../support/oncall-log";
import { runCli } from "./run";

// The --json documents of the journal's and the ledger's smaller commands, against their schemas
// (which share the record definitions of toil journal's and toil ledger's).
const root = join(__dirname, "..", "..");
const schema = (name: string) =>
  JSON.parse(readFileSync(join(root, "schema", `${name}.schema.json`), "utf8"));
const ajv = new Ajv({ allErrors: true });
ajv.addSchema(schema("toil-journal"));
ajv.addSchema(schema("toil-ledger"));
const check = (name: string, doc: unknown) => {
  const validate = ajv.compile(schema(name));
  expect(validate(doc) ? [] : validate.errors).toEqual([]);
};
const ACK = join(root, "examples", "acknowledger.config.yaml");

describe("the --json of toil add, toil journal forget and toil ledger undo", () => {
  it("each matches its schema", async () => {
    const env = {
      ONCALL_DATA_DIR: mkdtempSync(join(tmpdir(), "oncall-json-docs-")),
      ONCALL_ME: "alice",
      ONCALL_NOW: "2026-12-01T09:00:00Z",
    };
    const run = async (argv: string[]) => {
      const r = await runCli([...argv, "--config", ACK, "--json"], { env });
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout);
    };
    const added = await run([
      "toil",
      "add",
      "--at",
      "2026-11-25T02:10",
      "--woken",
      "--until",
      "03:00",
      "--note",
      "call",
    ]);
    check("toil-add", added);
    expect(added.entry.alert).toMatch(/^m-[0-9a-f]{10}$/);
    check("toil-journal-forget", await run(["toil", "journal", "forget", added.entry.alert]));

    const log = oncallLogs("oncall-json-docs-log-")("nov.csv", [
      "a1,2026-11-03T02:14:00Z,Site down,P1,,,alice@example.com,,,,",
    ]);
    const submitted = await run(["toil", "submit", log, "--yes"]);
    const undone = await run(["toil", "ledger", "undo", submitted.records[0].claim]);
    check("toil-ledger-undo", undone);
    expect(undone.undone[0]).toMatchObject({ claim: submitted.records[0].claim, undo: true });
  });
});
