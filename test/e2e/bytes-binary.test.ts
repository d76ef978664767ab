import { execFileSync, spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

const root = join(__dirname, "..", "..");
const BIN = join(root, "bin", "oncall.js");
const EXAMPLE = join(root, "examples", "alert-export-result_2026-10.csv");
const EXAMPLE_ZIP = join(root, "examples", "alert-export-result_2026-10.zip");
const CONFIG = join(root, "examples", "oncall.config.yaml");
const home = mkdtempSync(join(tmpdir(), "oncall-bytes-e2e-"));
const env = { PATH: process.env.PATH, HOME: home, NO_COLOR: "1", ONCALL_NOW: "2026-11-27T12:00:00Z" };

beforeAll(() => {
  if (!existsSync(join(root, "dist", "cli.cjs")))
    execFileSync(process.execPath, [join(root, "scripts", "build.mjs")], { cwd: root });
});

/** The built binary with real file descriptors: a pipe, a device, a process substitution. */
function run(args: string[], stdin: "pipe" | number = "pipe", input?: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: home,
    input,
    stdio: [stdin, "pipe", "pipe"],
    encoding: "utf8",
    env,
    // A safety net only: an unbounded reader would run until killed.
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("the built binary on endless and piped input", () => {
  it("refuses standard input that never ends (/dev/zero after a header) with exit 4", () => {
    // The header, then zeros for ever: the shell's `(echo header; cat /dev/zero) | oncall …`.
    const script = `(head -1 "$1"; cat /dev/zero) | "$2" "$3" toil calc - --config "$4"`;
    const r = spawnSync("bash", ["-c", script, "bash", EXAMPLE, process.execPath, BIN, CONFIG], {
      cwd: home,
      encoding: "utf8",
      env,
      timeout: 60_000,
    });
    expect(r.status).toBe(4);
    expect(r.stderr).toMatch(/^error: stdin:2: a record longer than 1 MiB — /);
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
  });

  it("with --lenient, endless unreadable rows end in exit 4 once a million have been read", () => {
    const script = `(head -1 "$1"; yes ',,,,,,,,,,,,,,') | "$2" "$3" toil calc - --lenient --config "$4"`;
    const r = spawnSync("bash", ["-c", script, "bash", EXAMPLE, process.execPath, BIN, CONFIG], {
      cwd: home,
      encoding: "utf8",
      env,
      timeout: 120_000,
    });
    expect(r.status).toBe(4);
    expect(r.stderr).toMatch(
      /^error: stdin: more than 1,000,000 unreadable rows \(the last at stdin:\d+\): is this an alert log\?/m,
    );
  });

  it("refuses /dev/zero itself, as stdin and as a path", () => {
    const fd = openSync("/dev/zero", "r");
    try {
      const r = run(["toil", "calc", "-", "--config", CONFIG], fd);
      expect(r.code).toBe(4);
      expect(r.stderr).toMatch(/^error: stdin: not a recognised alert log/);
    } finally {
      closeSync(fd);
    }
    const r = run(["toil", "calc", "/dev/zero", "--config", CONFIG]);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/^error: \/dev\/zero: not a recognised alert log/);
  });

  it("reads process substitutions, of a CSV and of a zip, as it reads the files", () => {
    const direct = run(["toil", "calc", EXAMPLE, "--config", CONFIG, "--json"]);
    expect(direct.code).toBe(0);
    const sub = (file: string) =>
      spawnSync(
        "bash",
        [
          "-c",
          `"$1" "$2" toil calc <(cat "$3") --config "$4" --json`,
          "bash",
          process.execPath,
          BIN,
          file,
          CONFIG,
        ],
        { cwd: home, encoding: "utf8", env, timeout: 60_000 },
      );
    for (const file of [EXAMPLE, EXAMPLE_ZIP]) {
      const r = sub(file);
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      const claims = (s: string) => JSON.parse(s).claims;
      expect(claims(r.stdout)).toEqual(claims(direct.stdout));
    }
  });

  it("refuses a 100 MB single line opened by a stray quote at its line, within its first MiB", () => {
    const p = join(home, "quote.csv");
    const [header, row] = readFileSync(EXAMPLE, "utf8").split("\n");
    writeFileSync(p, `${header}\n${row}\n"${"b".repeat(100_000_000)}`);
    const r = run(["toil", "calc", p, "--config", CONFIG]);
    rmSync(p);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/^error: .*quote\.csv:3: a quoted field opened on this line runs on past 1 MiB/);
  });
});
