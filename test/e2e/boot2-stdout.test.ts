import { spawnSync } from "node:child_process";
import { mkdtempSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// SPEC §8 start-up: piped output is written to the descriptor directly; making process.stdout
// (node:stream, node:net for a pipe) cost 2–4 ms of every run on Node 24.
const root = join(__dirname, "..", "..");
const BIN = join(root, "bin", "oncall.js");
const CONFIG = join(root, "examples", "oncall.config.yaml");
const EXAMPLE = join(root, "examples", "alert-export-result_2026-10.csv");
const dir = mkdtempSync(join(tmpdir(), "oncall-boot2-stdout-"));
const HOOK = join(dir, "hook.cjs");
writeFileSync(
  HOOK,
  `process.on("exit", () => require("node:fs").writeFileSync(process.env.LOADS, process.moduleLoadList.join("\\n")));`,
);
const env = { PATH: process.env.PATH, HOME: dir, NO_COLOR: "1", ONCALL_NOW: "2026-11-27T12:00:00Z" };
const CALC = ["toil", "calc", EXAMPLE, "--config", CONFIG];

describe("output to a pipe, a file or /dev/null", () => {
  it("is written without Node's stream modules, for toil calc and rota who", () => {
    for (const args of [CALC, ["rota", "who", "--config", CONFIG]]) {
      const loads = join(dir, `${args[1]}.txt`);
      const r = spawnSync(process.execPath, ["-r", HOOK, BIN, ...args], {
        env: { ...env, LOADS: loads },
        encoding: "utf8",
      });
      // piped, titles and totals go to stderr (docs/commands.md); no warning or error may
      expect(r.stderr).not.toMatch(/^(error|warning)/m);
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/\t/);
      const seen = readFileSync(loads, "utf8").split("\n");
      expect(seen).toContain("NativeModule vm"); // the hook saw the run
      expect(seen).not.toContain("NativeModule net");
      // node:v8, which a TOIL run over a small log loads on Node 22 and 24 to tune V8's tier-up
      // (bin/oncall.js), brings node:stream with it; nothing else may
      if (args[0] === "rota") expect(seen).not.toContain("NativeModule v8");
      if (!seen.includes("NativeModule v8")) expect(seen).not.toContain("NativeModule stream");
    }
  });

  it("is the same bytes in a file as through a pipe, warnings and errors still on stderr", () => {
    const piped = spawnSync(process.execPath, [BIN, ...CALC, "--json"], { env, encoding: "utf8" });
    const file = join(dir, "out.json");
    const fd = openSync(file, "w");
    const filed = spawnSync(process.execPath, [BIN, ...CALC, "--json"], {
      env,
      encoding: "utf8",
      stdio: ["ignore", fd, "pipe"],
    });
    expect(piped.status).toBe(0);
    expect(filed.status).toBe(0);
    expect(JSON.parse(piped.stdout).claims.length).toBeGreaterThan(0);
    expect(readFileSync(file, "utf8")).toBe(piped.stdout);
    const bad = spawnSync(
      process.execPath,
      [BIN, "toil", "calc", join(dir, "nope.csv"), "--config", CONFIG],
      {
        env,
        encoding: "utf8",
      },
    );
    expect(bad.status).toBe(4);
    expect(bad.stdout).toBe("");
    expect(bad.stderr).toMatch(/^error: .*nope\.csv: no such file/);
  });

  it("ends quietly with exit 0 when the reader closes the pipe early (| head)", () => {
    // The month's alerts forty times over (each copy its own ids): its --json is far more than a
    // pipe holds, so writes go on after `head` has gone.
    const [header, ...rows] = readFileSync(EXAMPLE, "utf8").trimEnd().split("\n");
    const copies = Array.from({ length: 40 }, (_, k) => rows.map((r) => r.replace(/^([^,]+)/, `$1-${k}`)));
    const big = join(dir, "big.csv");
    writeFileSync(big, `${header}\n${copies.flat().join("\n")}\n`);
    const script = `"$1" "$2" toil calc "$3" --config "$4" --json | head -c 10 >/dev/null; echo "exit=\${PIPESTATUS[0]}"`;
    const whole = spawnSync(process.execPath, [BIN, "toil", "calc", big, "--config", CONFIG, "--json"], {
      env,
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(whole.status).toBe(0);
    expect(whole.stdout.length).toBeGreaterThan(4 * 64 * 1024); // four times what a pipe holds
    const r = spawnSync("bash", ["-c", script, "bash", process.execPath, BIN, big, CONFIG], {
      env,
      encoding: "utf8",
    });
    expect(r.stdout.trim()).toBe("exit=0");
    expect(r.stderr).not.toMatch(/EPIPE|Error/);
  });
});
