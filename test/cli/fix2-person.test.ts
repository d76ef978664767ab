import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./run";

const root = join(__dirname, "..", "..");
const CONFIG = join(root, "examples", "oncall.config.yaml");
const EXPORT = join(root, "examples", "alert-export-result_2026-10.csv");

describe("toil calc --person that the log never credits", () => {
  it("without a config, a typo is the same usage error as with one, listing the usernames the log credits", async () => {
    const r = await runCli(["toil", "calc", EXPORT, "--person", "zed"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(
      /^error: --person zed: no alert in the log is credited to that username — usernames the log credits: alice@example\.com, bob@example\.com, carol@example\.com\n$/m,
    );
  });

  it("suggests the credited username whose local part the --person names", async () => {
    const r = await runCli(["toil", "calc", EXPORT, "--person", "alice"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^error: --person alice: no alert in the log is credited to that username — did you mean --person alice@example\.com\?\n$/m,
    );
  });

  it("a username the log credits still works without a config", async () => {
    const r = await runCli(["toil", "calc", EXPORT, "--person", "alice@example.com", "--json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).claims.length).toBeGreaterThan(0);
  });

  it("with a config the people are listed as before", async () => {
    const r = await runCli(["toil", "calc", EXPORT, "--person", "zed", "--config", CONFIG]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^error: --person zed: no such person in the config, and no alert in the log is credited to that username — people: alice, bob, carol, dave, erin, frank\n$/,
    );
  });
});
