import { describe, expect, it } from "vitest";
import { COMMANDS, GROUPS } from "../../src/commands/registry";
import { runCli } from "./run";

const WIDTH = 80;

/** Help as a person reads it: COLUMNS unset, so the 80 columns a terminal has by default. */
async function help(argv: string[]) {
  const r = await runCli([...argv, "--help"], { env: { COLUMNS: "" } });
  expect(r.code, argv.join(" ")).toBe(0);
  return r.stdout;
}

describe("every --help fits 80 columns", () => {
  const all = [[], ...GROUPS.map((g) => [g.name]), ...COMMANDS.map((c) => c.name.split(" "))];
  it.each(all.map((a) => [a.join(" ") || "oncall", a]))("%s --help", async (_, argv) => {
    const out = await help(argv as string[]);
    expect(out.length).toBeGreaterThan(0);
    for (const line of out.split("\n")) expect(line.length, line).toBeLessThanOrEqual(WIDTH);
  });

  it("summaries end in what they mean, not a dangling possessive", () => {
    for (const c of COMMANDS) expect(c.summary, c.name).not.toMatch(/'s$/);
  });
});
