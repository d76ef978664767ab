import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "./run";

const root = join(__dirname, "..", "..");
const EXAMPLE = join(root, "examples", "alert-export-result_2026-10.csv");
const CONFIG = join(root, "examples", "oncall.config.yaml");
const MIDSUMMER = Date.UTC(2026, 6, 1, 12);
const dir = mkdtempSync(join(tmpdir(), "oncall-suite-tz-"));
const startTZ = process.env.TZ;

afterEach(() => {
  if (startTZ === undefined) delete process.env.TZ;
  else process.env.TZ = startTZ;
});

describe("an in-process run leaves the process's time zone as it found it", () => {
  it("TZ and the local offset are the same after runCli as before, and the run itself worked in the config's zone", async () => {
    process.env.TZ = "Asia/Tokyo";
    const offset = new Date(MIDSUMMER).getTimezoneOffset();
    const r = await runCli(["toil", "calc", EXAMPLE, "--config", CONFIG]);
    expect(r.code).toBe(0);
    // the config's Europe/London, through the clock change
    expect(r.stdout).toMatch(/^2026-10-25\talice\t01:40 BST–01:40 GMT\twoken\t/m);
    expect(process.env.TZ).toBe("Asia/Tokyo");
    expect(new Date(MIDSUMMER).getTimezoneOffset()).toBe(offset);
  });

  it("an unset TZ stays unset", async () => {
    delete process.env.TZ;
    const r = await runCli(["rota", "who", "--config", CONFIG, "--json"]);
    expect(r.code).toBe(0);
    expect("TZ" in process.env).toBe(false);
  });

  it("TZ is put back after a run that fails", async () => {
    process.env.TZ = "UTC";
    const bad = join(dir, "bad.csv");
    writeFileSync(bad, "Alert ID,TinyID,CreatedAt\nx,1,\n");
    const r = await runCli(["toil", "calc", bad, "--config", CONFIG]);
    expect(r.code).toBe(4);
    expect(process.env.TZ).toBe("UTC");
    expect(new Date(MIDSUMMER).getTimezoneOffset()).toBe(0);
  });
});
