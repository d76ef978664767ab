import { describe, expect, it } from "vitest";
import { runCli } from "./run";

describe("help for a command that does not exist", () => {
  it("oncall help toil nonexistent is the same usage error as oncall toil nonexistent", async () => {
    const viaHelp = await runCli(["help", "toil", "nonexistent"]);
    const direct = await runCli(["toil", "nonexistent"]);
    expect(direct.code).toBe(2);
    expect(viaHelp.code).toBe(2);
    expect(viaHelp.stderr).toBe(direct.stderr);
    expect(viaHelp.stderr).toBe("error: unknown command 'nonexistent'\n  run: oncall toil --help\n");
    expect(viaHelp.stdout).toBe("");
  });

  it("oncall help nonexistent says what is wrong, exit 2", async () => {
    const r = await runCli(["help", "nonexistent"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("error: unknown command 'nonexistent'\n  run: oncall --help\n");
  });
});
