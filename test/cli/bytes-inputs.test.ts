import { execFileSync } from "node:child_process";
import { createWriteStream, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./run";

const root = join(__dirname, "..", "..");
const EXAMPLE = join(root, "examples", "alert-export-result_2026-10.csv");
const CONFIG = join(root, "examples", "oncall.config.yaml");
const dir = mkdtempSync(join(tmpdir(), "oncall-bytes-cli-"));
const calc = (file: string, o?: Parameters<typeof runCli>[1]) =>
  runCli(["toil", "calc", file, "--config", CONFIG, "--json"], o);

/** stderr is one error line: what, where and what to do; no stack. */
function oneLine(stderr: string): string {
  const lines = stderr.trimEnd().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^error: /);
  return lines[0]!;
}

describe("toil calc on logs that are not plain files", () => {
  it("reads a FIFO as it reads the file", async () => {
    const fromFile = await calc(EXAMPLE);
    expect(fromFile.code).toBe(0);
    const fifo = join(dir, "export.fifo");
    execFileSync("mkfifo", [fifo]);
    createWriteStream(fifo).end(readFileSync(EXAMPLE));
    const r = await calc(fifo);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(fromFile.stderr);
    expect(r.stdout.replaceAll(fifo, EXAMPLE)).toBe(fromFile.stdout);
  });

  it("says on a terminal that it is waiting for standard input, and how to end it", async () => {
    const r = await calc("-", { tty: true, stdin: readFileSync(EXAMPLE, "utf8") });
    expect(r.code).toBe(0);
    expect(r.stderr.split("\n")[0]).toMatch(/reading the alert log from standard input.*Ctrl-D/);
    const piped = await calc("-", { stdin: readFileSync(EXAMPLE, "utf8") });
    expect(piped.stderr).toBe("");
  });
});

describe("toil calc on hostile or odd bytes: exit 4, one line naming file and line", () => {
  it("refuses a 10 MB record", async () => {
    const p = join(dir, "long.csv");
    const [header, first] = readFileSync(EXAMPLE, "utf8").split("\n");
    writeFileSync(p, `${header}\n${first}\n${"x".repeat(10_000_000)}\n`);
    const r = await calc(p);
    expect(r.code).toBe(4);
    expect(oneLine(r.stderr)).toMatch(new RegExp(`^error: ${p}:3: a record longer than 1 MiB — `));
  });

  it("refuses endless zeros on standard input", async () => {
    const r = await calc("-", { stdin: "\0".repeat(3 * 1024 * 1024) });
    expect(r.code).toBe(4);
    expect(oneLine(r.stderr)).toMatch(/^error: stdin: not a recognised alert log/);
  });

  it("says an empty file is empty", async () => {
    const p = join(dir, "empty.csv");
    writeFileSync(p, "");
    const r = await calc(p);
    expect(r.code).toBe(4);
    expect(oneLine(r.stderr)).toMatch(new RegExp(`^error: ${p}: is empty — `));
  });

  it.each([
    ["the start of a BOM", [0xef, 0xbb]],
    ["a lone 0xFF", [0xff]],
    ["a lone 0xFE", [0xfe]],
  ])("a file of a byte or two (%s) is not called empty: it is no alert log", async (_what, bytes) => {
    const p = join(dir, "tiny.csv");
    writeFileSync(p, Buffer.from(bytes));
    const r = await calc(p);
    expect(r.code).toBe(4);
    expect(oneLine(r.stderr)).toMatch(new RegExp(`^error: ${p}: not a recognised alert log`));
  });

  it("warns once when bytes are read as Windows-1252", async () => {
    const p = join(dir, "excel.csv");
    const text = readFileSync(EXAMPLE, "latin1").replace(/Disk usage/g, "Disk usage £");
    writeFileSync(p, Buffer.from(text, "latin1"));
    const r = await calc(p);
    expect(r.code).toBe(0);
    const warnings = r.stderr.split("\n").filter((l) => /Windows-1252/.test(l));
    expect(warnings).toEqual([
      expect.stringMatching(/^warning: .*excel\.csv: bytes that are not valid UTF-8/),
    ]);
  });
});
