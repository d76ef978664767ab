import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./run";

const root = join(__dirname, "..", "..");
const EXAMPLE = join(root, "examples", "alert-export-result_2026-10.csv");
const CONFIG = join(root, "examples", "oncall.config.yaml");
const calc = (flags: string[], env: NodeJS.ProcessEnv = {}) =>
  runCli(["toil", "calc", EXAMPLE, "--config", CONFIG, ...flags], { env });

describe("a person-prefixed mark names someone credited with the alert", () => {
  it("--woken bob:5220 (alice's alert) is a usage error naming who is credited", async () => {
    const r = await calc(["--woken", "bob:5220"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: --woken bob:5220: bob is not credited with alert 5220 \(alice is\)/);
    expect(r.stderr.split("\n").filter(Boolean)).toHaveLength(1);
    expect(r.stdout).toBe("");
  });

  it("--worked bob:5220=2h is refused the same way", async () => {
    const r = await calc(["--worked", "bob:5220=2h"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^error: --worked bob:5220=2h: bob is not credited with alert 5220 \(alice is\)/,
    );
  });

  it("--awake alice:5220 (hers) is accepted", async () => {
    const r = await calc(["--awake", "alice:5220", "--worked", "alice:5220=2h"]);
    expect(r.code).toBe(0);
  });
});

describe("a mark whose alert is not found says why truthfully", () => {
  it("--woken 5220 --person bob: the alert may be someone else's, not missing from the log", async () => {
    const r = await calc(["--woken", "5220", "--person", "bob"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      "--woken 5220: no alert of bob's (--person bob) has that id, tiny id or alias; it may be someone else's",
    );
    expect(r.stderr).not.toContain("no alert in the log");
  });

  it("--woken 9999999 without --person still says the log has no such alert", async () => {
    const r = await calc(["--woken", "9999999"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--woken 9999999: no alert in the log has that id, tiny id or alias");
  });

  it("--woken zed:5220: zed is not a person in the config", async () => {
    const r = await calc(["--woken", "zed:5220"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: --woken zed:5220: zed is not a person in the config/);
  });

  it("--worked zed:5220=1h: zed is not a person in the config", async () => {
    const r = await calc(["--worked", "zed:5220=1h"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: --worked zed:5220=1h: zed is not a person in the config/);
  });
});
