import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./run";

const NOW = { ONCALL_NOW: "2026-11-27T03:00:00Z" };
const OFFER = 16 * 1024 * 1024;

/**
 * A FIFO fed by another process that offers OFFER bytes of `a: b` lines and reports how many it
 * could write: a bounded reader closes the pipe after about 1 MiB, an unbounded one takes them all.
 */
function feed(fifo: string): Promise<number> {
  const writer = spawn(
    process.execPath,
    [
      "-e",
      `const fs = require("fs");
       const fd = fs.openSync(process.argv[1], "w");
       const chunk = Buffer.from("a: b\\n".repeat(13107));
       let n = 0;
       try { while (n < ${OFFER}) n += fs.writeSync(fd, chunk); } catch {}
       process.stdout.write(String(n));`,
      fifo,
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  let out = "";
  writer.stdout.on("data", (d) => {
    out += d;
  });
  return new Promise((done) => writer.on("close", () => done(Number(out))));
}

function fifoIn(dir: string, name: string): string {
  const path = join(dir, name);
  execFileSync("mkfifo", [path]);
  return path;
}

describe("config files are read with a bound (1 MiB), whatever the file is", () => {
  it("--config naming a pipe: stops reading after 1 MiB and exits 3 naming the file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cfg2-fifo-"));
    const fifo = fifoIn(dir, "config.yaml");
    const written = feed(fifo);
    const r = await runCli(["rota", "who", "--config", fifo], { env: NOW });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(fifo);
    expect(r.stderr).toContain("1024 KiB");
    expect(await written).toBeLessThan(4 * 1024 * 1024);
  });

  it("a discovered .oncallrc.yaml that is a pipe is read with the same bound", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cfg2-disc-"));
    const fifo = fifoIn(dir, ".oncallrc.yaml");
    const written = feed(fifo);
    const r = await runCli(["rota", "who"], { env: { ...NOW, HOME: dir }, cwd: dir });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(".oncallrc.yaml");
    expect(await written).toBeLessThan(4 * 1024 * 1024);
  });

  it("a discovered package.json that is a pipe is read with the same bound", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cfg2-pkg-"));
    const fifo = fifoIn(dir, "package.json");
    const written = feed(fifo);
    const r = await runCli(["rota", "who"], { env: { ...NOW, HOME: dir }, cwd: dir });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("package.json");
    expect(await written).toBeLessThan(4 * 1024 * 1024);
  });

  it("rota check reads with the bound too", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cfg2-check-"));
    const fifo = fifoIn(dir, "config.yaml");
    const written = feed(fifo);
    const r = await runCli(["rota", "check", "--config", fifo], { env: NOW });
    expect(r.code).toBe(3);
    expect(await written).toBeLessThan(4 * 1024 * 1024);
  });

  it("/dev/zero, named or discovered through a link, is refused after 1 MiB (exit 3)", async () => {
    const named = await runCli(["rota", "who", "--config", "/dev/zero"], { env: NOW });
    expect(named.code).toBe(3);
    expect(named.stderr).toMatch(/^error: \/dev\/zero: the file is larger than 1024 KiB/);
    const dir = mkdtempSync(join(tmpdir(), "cfg2-zero-"));
    mkdirSync(join(dir, "repo"));
    symlinkSync("/dev/zero", join(dir, "repo", ".oncallrc.yaml"));
    const found = await runCli(["rota", "who"], { env: { ...NOW, HOME: dir }, cwd: join(dir, "repo") });
    expect(found.code).toBe(3);
    expect(found.stderr).toContain(".oncallrc.yaml");
    expect(found.stderr.split("\n").filter(Boolean)).toHaveLength(1);
  });
});
