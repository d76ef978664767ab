import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./run";

const root = join(__dirname, "..", "..");
const CONFIG = join(root, "examples", "oncall.config.yaml");
const DST = join(root, "examples", "dst.csv");

describe("date errors say what is wrong once, and how to fix it", () => {
  it("an impossible date is not a calendar date, with no word on the range", async () => {
    const r = await runCli(["rota", "show", "--week", "2026-02-30", "--config", CONFIG]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("error: --week 2026-02-30: 2026-02-30 is not a calendar date\n");
  });

  it("a date out of range states the range once", async () => {
    const r = await runCli(["rota", "who", "--at", "9999-12-31T23:00", "--config", CONFIG]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "error: --at 9999-12-31T23:00: the year 9999 is outside 2000-01-01 to 2099-12-31\n",
    );
  });

  it("--to before --from says how to put it right", async () => {
    const r = await runCli(["toil", "calc", DST, "--from", "2026-10-10", "--to", "2026-10-01"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "error: --to 2026-10-01 is before --from 2026-10-10 — swap them: --from 2026-10-01 --to 2026-10-10\n",
    );
  });

  it("rota hours marks --month required in its help, and its absence points there", async () => {
    const help = await runCli(["rota", "hours", "--help"]);
    expect(help.stdout).toMatch(/--month <YYYY-MM>\s+the month whose pay period to count \(required\)/);
    const r = await runCli(["rota", "hours", "--config", CONFIG]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "error: required option '--month <YYYY-MM>' not specified\n  run: oncall rota hours --help\n",
    );
  });
});
