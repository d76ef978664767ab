import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, statSync, watch, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs shared with the benchmark, without type declarations
import { alertId, exportRow, OPSGENIE_HEADER, prng } from "../../scripts/lib/opsgenie-export.mjs";

const root = join(__dirname, "..", "..");
const BIN = join(root, "bin", "oncall.js");
const BUNDLE = join(root, "dist", "cli.cjs");
const CONFIG = join(root, "bench", "config.yaml");
const dir = mkdtempSync(join(tmpdir(), "oncall-fc-interrupt-"));
const BIG = join(dir, "big.csv");

function newestSource(): number {
  const files = readdirSync(join(root, "src"), { recursive: true, encoding: "utf8" }).map((f) =>
    join(root, "src", f),
  );
  files.push(join(root, "scripts", "build.mjs"), join(root, "package.json"));
  return Math.max(...files.map((f) => statSync(f).mtimeMs));
}

beforeAll(() => {
  if (!existsSync(BUNDLE) || statSync(BUNDLE).mtimeMs < newestSource())
    execFileSync(process.execPath, [join(root, "scripts", "build.mjs")], { cwd: root });
  // An export big enough (about 40 MB) that writing it takes a while: the temporary file is there
  // to be seen. Its size comes from long messages rather than many rows, which would cost seconds
  // to generate and to compute before the write starts.
  const rand = prng(7);
  const start = Date.parse("2026-01-05T00:00:00Z");
  const message = "Site down: ".padEnd(3300, "x");
  const rows: string[] = [OPSGENIE_HEADER];
  for (let i = 0; i < 15_000; i++) {
    const createdAt = start + i * 60_000;
    rows.push(
      exportRow({
        id: alertId(rand, createdAt),
        alias: `check-${i}`,
        tinyId: 1000 + i,
        message,
        createdAt,
        acknowledged: true,
        updatedAfterMs: 600_000,
        owner: "ana@example.com",
        teams: "Platform",
      }),
    );
  }
  writeFileSync(BIG, `${rows.join("\n")}\n`);
});

const tmpFiles = (out: string) => readdirSync(out).filter((f) => f.endsWith(".tmp"));

/** Starts an export, waits for its temporary file to appear (watching the directory), then sends the signal. */
async function interruptExport(signal: NodeJS.Signals, name: string) {
  const out = join(dir, name);
  mkdirSync(out);
  const child = spawn(
    process.execPath,
    [BIN, "toil", "export", BIG, "--config", CONFIG, "--out", join(out, "all.json")],
    {
      cwd: dir,
      env: { PATH: process.env.PATH, HOME: dir, NO_COLOR: "1", ONCALL_NOW: "2026-11-27T03:00:00Z" },
    },
  );
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.on("exit", (code, sig) => done({ code, signal: sig })),
  );
  let finished = false;
  void exited.then(() => {
    finished = true;
  });
  // Woken by the directory itself when the temporary file appears, or by the process ending.
  await new Promise<void>((seen) => {
    const done = () => {
      watcher.close();
      seen();
    };
    const watcher = watch(out, () => {
      if (tmpFiles(out).length > 0) done();
    });
    void exited.then(done);
    if (tmpFiles(out).length > 0) done();
  });
  expect(finished, "the export finished before its temporary file was seen").toBe(false);
  // freeze it where it is, so the signal lands mid-write however fast the disk is
  child.kill("SIGSTOP");
  expect(tmpFiles(out)).toHaveLength(1);
  child.kill(signal);
  child.kill("SIGCONT");
  return { ...(await exited), out };
}

describe("an interrupted export leaves nothing behind (SPEC §8)", () => {
  it("SIGINT while writing: interrupted, no temporary file, no half output", {
    timeout: 120_000,
  }, async () => {
    const r = await interruptExport("SIGINT", "int");
    expect(r.signal === "SIGINT" || r.code === 130).toBe(true);
    expect(readdirSync(r.out)).toEqual([]);
  });

  it("SIGTERM while writing: no temporary file either", { timeout: 120_000 }, async () => {
    const r = await interruptExport("SIGTERM", "term");
    expect(r.signal === "SIGTERM" || r.code === 143).toBe(true);
    expect(readdirSync(r.out)).toEqual([]);
  });
});
