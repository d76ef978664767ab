import { afterEach, describe, expect, it, vi } from "vitest";
import { COMMANDS, GROUPS } from "../../src/commands/registry";
import { runCli } from "../cli/run";

/** Which command modules a run loads: each registry entry's load, watched. */
function watchLoads() {
  return COMMANDS.map((entry) => ({ name: entry.name, load: vi.spyOn(entry, "load") }));
}
const loaded = (spies: ReturnType<typeof watchLoads>) =>
  spies.filter((s) => s.load.mock.calls.length > 0).map((s) => s.name);

afterEach(() => vi.restoreAllMocks());

describe("the command registry", () => {
  it("each entry loads the declaration of the command it names", async () => {
    for (const entry of COMMANDS) expect((await entry.load()).name).toBe(entry.name);
  });

  it("every group of a command name has its summary and examples", () => {
    const groups = new Set(COMMANDS.filter((c) => c.name.includes(" ")).map((c) => c.name.split(" ")[0]));
    expect(new Set(GROUPS.map((g) => g.name))).toEqual(groups);
  });

  it("--help, --version and a group's help load no command module", async () => {
    const spies = watchLoads();
    for (const argv of [["--help"], ["--version"], ["toil", "--help"], ["help", "rota"], ["config"]]) {
      await runCli(argv);
    }
    expect(loaded(spies)).toEqual([]);
  });

  it("the top-level help lists every command's summary from the registry", async () => {
    const top = (await runCli(["--help"])).stdout.replace(/\s+/g, " ");
    for (const name of ["toil", "rota", "escalate", "config", "completion"])
      expect(top).toContain(` ${name} `);
    const toil = (await runCli(["toil", "--help"])).stdout.replace(/\s+/g, " ");
    for (const entry of COMMANDS.filter((c) => c.name.startsWith("toil ")))
      expect(toil).toContain(entry.summary);
  });

  it("a command's help and a run load that command's module only", async () => {
    const spies = watchLoads();
    const help = await runCli(["help", "rota", "hours"]);
    expect(help.stdout).toContain("--rate <amount>");
    expect(loaded(spies)).toEqual(["rota hours"]);
    const run = await runCli(["completion", "bash"], { invoke: async () => {} });
    expect(run.code).toBe(0);
    expect(loaded(spies)).toEqual(["rota hours", "completion"]);
  });
});
