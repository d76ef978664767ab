import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./run";

const root = join(__dirname, "..", "..");
const EXAMPLES = join(root, "examples");
const EXPORT = join(EXAMPLES, "alert-export-result_2026-10.csv");

describe("an optional flag value that swallowed the log's name", () => {
  for (const cmd of ["calc", "export"]) {
    it(`toil ${cmd} --week LOG: says --week took the file, and how to write it`, async () => {
      const out = cmd === "export" ? ["--out", "-"] : [];
      const r = await runCli(["toil", cmd, ...out, "--week", EXPORT]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toBe(
        `error: --week took '${EXPORT}' as its date: put the log first (oncall toil ${cmd} LOG --week) or write --week=DATE\n  run: oncall toil ${cmd} --help\n`,
      );
    });
  }

  it("a log given and --week's value names an existing file: the same", async () => {
    const r = await runCli(["toil", "calc", join(EXAMPLES, "dst.csv"), "--week", EXPORT]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      new RegExp(
        `^error: --week took '${EXPORT.replace(/[./]/g, "\\$&")}' as its date: put the log first \\(oncall toil calc LOG --week\\) or write --week=DATE`,
      ),
    );
  });

  it("--week with a real date and no log is still the missing log", async () => {
    const r = await runCli(["toil", "calc", "--week", "2026-10-07"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: missing required argument 'log'\n/);
  });

  it("the log first, then --week, works", async () => {
    const r = await runCli(["toil", "calc", EXPORT, "--week", "--json"]);
    expect(r.code).toBe(0);
  });
});
