import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// SPEC §8 start-up: the built-in modules a piped run loads are part of its time (node:crypto alone
// ~10 ms on Node 24). The built binary runs with a preloaded hook that writes down, at exit, every
// built-in module Node loaded.
const root = join(__dirname, "..", "..");
const BIN = join(root, "bin", "oncall.js");
const CONFIG = join(root, "examples", "oncall.config.yaml");
const EXAMPLE = join(root, "examples", "alert-export-result_2026-10.csv");
const dir = mkdtempSync(join(tmpdir(), "oncall-boot2-builtins-"));
const HOOK = join(dir, "hook.cjs");
writeFileSync(
  HOOK,
  `process.on("exit", () => require("node:fs").writeFileSync(process.env.LOADS, process.moduleLoadList.join("\\n")));`,
);

function builtinsLoaded(args: string[]): string[] {
  const file = join(dir, `${args.join("-").replace(/\W/g, "_")}.txt`);
  const env = {
    PATH: process.env.PATH,
    HOME: dir,
    NO_COLOR: "1",
    ONCALL_NOW: "2026-11-27T12:00:00Z",
    LOADS: file,
  };
  const r = spawnSync(process.execPath, ["-r", HOOK, BIN, ...args], { env, encoding: "utf8" });
  // piped, titles and totals go to stderr (docs/commands.md); no warning or error may
  expect(r.stderr).not.toMatch(/^(error|warning)/m);
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/\t/);
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.startsWith("NativeModule "))
    .map((l) => l.slice("NativeModule ".length));
}

describe("a piped run loads only the built-ins it uses", () => {
  it("toil calc on a month's export computes claim ids without node:crypto", () => {
    const seen = builtinsLoaded(["toil", "calc", EXAMPLE, "--config", CONFIG]);
    expect(seen).toContain("vm"); // the hook saw the run (bin/oncall.js loads the bundle through vm)
    expect(seen).not.toContain("crypto");
  });

  it("toil calc reads a small export whole: no file streams, no fs/promises, standard input untouched", () => {
    const seen = builtinsLoaded(["toil", "calc", EXAMPLE, "--config", CONFIG]);
    expect(seen).not.toContain("internal/fs/streams");
    expect(seen).not.toContain("fs/promises");
  });

  it("rota who loads neither node:crypto nor the file-system promises", () => {
    const seen = builtinsLoaded(["rota", "who", "--config", CONFIG]);
    expect(seen).toContain("vm");
    expect(seen).not.toContain("crypto");
    expect(seen).not.toContain("fs/promises");
  });
});
