import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./run";

const root = join(__dirname, "..", "..");
const CONFIG = join(root, "examples", "oncall.config.yaml");
const NOW = { ONCALL_NOW: "2026-11-27T12:00:00Z", OPSGENIE_API_KEY: "0b9a1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d" };
const handMade = join(root, "examples", "hand-made.csv");

describe("escalate --timeout is read as the other whole-number flags are", () => {
  it.each([["0x10"], ["0.001"], ["1e2"], [" 5"], ["0"], ["601"], ["Infinity"]])(
    "--timeout %j: exit 2, naming the range",
    async (t) => {
      const r = await runCli(
        ["escalate", "--config", CONFIG, "--to", "head-of-ops", "--dry-run", "--timeout", t],
        { env: NOW },
      );
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`error: --timeout ${t}: expected a whole number from 1 to 600\n`);
    },
  );

  it("--timeout 600 is taken", async () => {
    const r = await runCli(
      ["escalate", "--config", CONFIG, "--to", "head-of-ops", "--dry-run", "--timeout", "600"],
      { env: NOW },
    );
    expect(r.stderr).not.toMatch(/timeout/);
    expect(r.code).toBe(0);
  });
});

describe("an empty value of any flag is a usage error, said the same way", () => {
  it.each([
    [["toil", "calc", handMade, "--config", CONFIG, "--woken", ""], "--woken"],
    [["toil", "calc", handMade, "--config", CONFIG, "--month", ""], "--month"],
    [["toil", "calc", handMade, "--config="], "--config"],
    [["rota", "show", "--config="], "--config"],
    [["rota", "show", "--config", CONFIG, "--line", ""], "--line"],
    [["escalate", "--config", CONFIG, "--to", ""], "--to"],
    [["escalate", "--config", CONFIG, "--to", "head-of-ops", "--message", ""], "--message"],
    [["config", "init", "--out", ""], "--out"],
    // once read by the whole-number and amount parsers (test/cli/cfg2-flags-messages.test.ts)
    [["rota", "show", "--config", CONFIG, "--weeks", ""], "--weeks"],
    [["rota", "hours", "--month", "2026-11", "--config", CONFIG, "--rate", ""], "--rate"],
  ])("%j: exit 2, %s must not be empty", async (argv, flag) => {
    const r = await runCli(argv, { env: NOW });
    expect(r.stderr).toBe(`error: ${flag}: must not be empty (see --help)\n`);
    expect(r.code).toBe(2);
  });

  it("a positional argument is not a flag: config set's empty value is not refused as one", async () => {
    const r = await runCli(["config", "set", "toil.teams", ""], { env: NOW });
    expect(r.stderr).not.toMatch(/must not be empty \(see --help\)/);
  });
});
