import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseConfigText } from "../../src/adapters/config";
import { runCli } from "./run";

const CONFIG = join(__dirname, "..", "..", "examples", "oncall.config.yaml");

describe("config show prints YAML that reads back the same under YAML 1.1 and 1.2", () => {
  it("times and dates are quoted, and the output is a valid config equal to the resolved one", async () => {
    const r = await runCli(["config", "show", "--config", CONFIG]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ {2}start: "10:00"$/m);
    expect(r.stdout).toMatch(/^ {2}end: "18:00"$/m);
    expect(r.stdout).toMatch(/time: "10:00"/);
    expect(r.stdout).toMatch(/"2026-12-24"/);
    expect(r.stdout).not.toMatch(/^%YAML/m);
    const resolved = JSON.parse(
      (await runCli(["config", "show", "--config", CONFIG, "--json"])).stdout,
    ).config;
    // YAML 1.1 readers (PyYAML, older tools) read unquoted 10:00 as 600 and 2026-12-24 as a date
    expect(parse(r.stdout, { version: "1.1" })).toEqual(resolved);
    expect(parse(r.stdout)).toEqual(resolved);
    expect(parseConfigText(r.stdout, "pasted.yaml")).toEqual(resolved);
  });
});
