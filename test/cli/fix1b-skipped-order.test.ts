import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./run";

const root = join(__dirname, "..", "..");
const EXAMPLE = join(root, "examples", "alert-export-result_2026-10.csv");
const CONFIG = join(root, "examples", "oncall.config.yaml");

describe("toil calc --verbose lists what was skipped oldest first, as the claims are", () => {
  it("by alert time, whatever the reason, though the log lists the newest first", async () => {
    const r = await runCli([
      "toil",
      "calc",
      EXAMPLE,
      "--config",
      CONFIG,
      "--verbose",
      "--from",
      "2026-10-10",
      "--to",
      "2026-10-20",
    ]);
    expect(r.code).toBe(0);
    const rows = r.stderr
      .split("\n")
      .filter((l) => /^\d+\t(in-hours|out-of-period)\t/.test(l))
      .map((l) => l.split("\t")[0]);
    // in-hours 5217-5219 (Mon 5 Oct) come between the out-of-period alerts of Sat 3 Oct and Tue 6 Oct
    expect(rows).toEqual([
      "5210",
      "5211",
      "5212",
      "5213",
      "5214",
      "5215",
      "5216",
      "5217",
      "5218",
      "5219",
      "5220",
      "5221",
      "5222",
      "5226",
      "5227",
      "5230",
      "5231",
      "5232",
      "5233",
      "5234",
      "5235",
      "5236",
      "5237",
      "5238",
      "5239",
      "5240",
      "5241",
      "5242",
      "5243",
    ]);
  });

  it("and --json's skipped in the same order", async () => {
    const r = await runCli(["toil", "calc", EXAMPLE, "--config", CONFIG, "--json"]);
    const ids = (JSON.parse(r.stdout).skipped as { alert: string }[]).map((s) => s.alert);
    expect(ids).toEqual(["5217", "5218", "5219", "5226", "5227", "5230", "5231", "5232", "5233", "5234"]);
  });
});
