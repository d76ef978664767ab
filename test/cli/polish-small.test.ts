import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./run";

const root = join(__dirname, "..", "..");
const CONFIG = join(root, "examples", "oncall.config.yaml");
const EXPORT = join(root, "examples", "alert-export-result_2026-10.csv");

describe("small things a new user met", () => {
  it("a log with acknowledgers but no owner, under toil.attribution: owner, suggests acknowledger", async () => {
    const r = await runCli(["toil", "calc", join(root, "examples", "hand-made.csv"), "--config", CONFIG]);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain("the log lacks the owner of each alert, which toil.attribution: owner needs");
    expect(r.stderr).toContain("toil.attribution: acknowledger");
    expect(r.stderr.split("\n").filter(Boolean)).toHaveLength(1);
  });

  for (const cmd of [
    ["toil", "calc"],
    ["toil", "export"],
    ["rota", "who"],
    ["rota", "hours"],
    ["escalate"],
    ["config", "show"],
  ]) {
    it(`oncall ${cmd.join(" ")} --help lists --format once`, async () => {
      const r = await runCli([...cmd, "--help"]);
      expect(r.code).toBe(0);
      expect(r.stdout.match(/^ +--format <format>/gm)).toHaveLength(1);
      expect(r.stdout).toMatch(/^ +--json /m); // the global options are still listed
    });
  }

  it("the top-level --help still lists the global --format", async () => {
    const r = await runCli(["--help"]);
    expect(r.stdout.match(/^ +--format <format>/gm)).toHaveLength(1);
  });

  it("--infer-worked on a log with no close times warns once", async () => {
    const r = await runCli(["toil", "calc", EXPORT, "--config", CONFIG, "--infer-worked"]);
    expect(r.code).toBe(0);
    const lines = r.stderr.split("\n").filter((l) => l.includes("--infer-worked"));
    expect(lines).toEqual([
      "warning: --infer-worked: the log has no close times, so no time worked can be inferred",
    ]);
  });

  it("rota who --at says at that time, not now", async () => {
    const r = await runCli(["rota", "who", "--config", CONFIG, "--at", "2026-12-25T03:00"]);
    expect(r.code).toBe(0);
    // the title is for a person (stderr when piped) and says the time once
    expect(r.stderr).toContain(
      "On call at Fri 25 Dec 03:00  Out of hours: on call until in-hours support at ",
    );
    expect(r.stderr.split("Fri 25 Dec 03:00")).toHaveLength(2);
    expect(r.stderr + r.stdout).not.toContain(" now");
  });

  it("rota who without --at still says now", async () => {
    const r = await runCli(["rota", "who", "--config", CONFIG], {
      env: { ONCALL_NOW: "2026-11-28T03:00:00Z" },
    });
    expect(r.stderr).toContain("Out of hours now: on call until");
  });

  it("rota hours --rate 2.50 shows money with two decimals", async () => {
    // on a terminal, where tables have their header row (piped rows have none, as gh prints them)
    const r = await runCli(["rota", "hours", "--config", CONFIG, "--month", "2026-11", "--rate", "2.50"], {
      tty: true,
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Pay at 2.50/h");
    expect(r.stdout).not.toContain("2.5/h");
  });
});
