import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./run";

const log = join(__dirname, "..", "..", "examples", "alert-export-result_2026-10.csv");

describe("with nobody in the config, usernames are credited as they are", () => {
  it("no team config: one warning saying so, not a second one calling every username unknown", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "lead-nopeople-"));
    const r = await runCli(["toil", "calc", log], { cwd, env: { HOME: cwd } });
    expect(r.code).toBe(0);
    const warnings = r.stderr.split("\n").filter((l) => l.startsWith("warning:"));
    expect(warnings).toEqual([
      "warning: no team config found, so the defaults apply and usernames are credited as they are (see docs/config.md)",
    ]);
    expect(r.stdout).toContain("alice@example.com");
  });
});
