import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import * as fsp from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type AtomicFs, writeFileAtomic } from "../../src/adapters/file-writer";
import { OncallError } from "../../src/errors";
import { fakeSignals } from "../support/fake-signals";
import { runCli } from "./run";

const root = join(__dirname, "..", "..");
const EXAMPLE = join(root, "examples", "alert-export-result_2026-10.csv");
const CONFIG = join(root, "examples", "oncall.config.yaml");
const fresh = () => mkdtempSync(join(tmpdir(), "oncall-out-write-"));

function errnoError(code: string, message: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${message}`), { code });
}

/** The real fs, with writeFile writing part of the text and then failing as a full disk does. */
const diskFull: AtomicFs = {
  ...fsp,
  async writeFile(path, text, opts) {
    await fsp.writeFile(path, String(text).slice(0, 10), opts);
    throw errnoError("ENOSPC", "no space left on device, write");
  },
};

async function failure(p: Promise<unknown>): Promise<OncallError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(OncallError);
  return e as OncallError;
}

describe("a failed atomic write", () => {
  it("disk full mid-write: no temp file left, a usage error saying what failed", async () => {
    const dir = fresh();
    const e = await failure(
      writeFileAtomic(dir, "claims.json", "x".repeat(100), false, fakeSignals(), diskFull),
    );
    expect(e.kind).toBe("usage");
    expect(e.message).toBe("cannot write claims.json: no space left on the device (ENOSPC)");
    expect(readdirSync(dir)).toEqual([]);
  });

  it("permission denied on the rename (--force): no temp file left, and the old file kept", async () => {
    const dir = fresh();
    writeFileSync(join(dir, "claims.json"), "old");
    const denied: AtomicFs = {
      ...fsp,
      rename: async () => {
        throw errnoError("EACCES", "permission denied, rename");
      },
    };
    const e = await failure(writeFileAtomic(dir, "claims.json", "new", true, fakeSignals(), denied));
    expect(e.message).toBe("cannot write claims.json: permission denied (EACCES)");
    expect(readdirSync(dir)).toEqual(["claims.json"]);
    expect(readFileSync(join(dir, "claims.json"), "utf8")).toBe("old");
  });

  it("the directory vanished: exit 2 naming it, no stack trace", async () => {
    const dir = fresh();
    const out = join(dir, "gone", "claims.json");
    const r = await runCli(["toil", "export", EXAMPLE, "--config", CONFIG, "--out", out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `error: cannot write ${out}: the directory ${join(dir, "gone")} does not exist (ENOENT) — create it, or choose another --out\n`,
    );
  });

  // A device is written directly (never renamed over): /dev/full answers every write with ENOSPC.
  it.skipIf(!existsSync("/dev/full"))("/dev/full: exit 2, says the disk is full", async () => {
    const r = await runCli([
      "toil",
      "export",
      EXAMPLE,
      "--config",
      CONFIG,
      "--out",
      "/dev/full",
      "--format",
      "json",
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: cannot write \/dev\/full: no space left on the device \(ENOSPC\) — /);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("--out", () => {
  it("a directory is a usage error saying so, with or without --force; nothing written in it", async () => {
    const dir = fresh();
    const sub = join(dir, "claims");
    mkdirSync(sub);
    for (const force of [[], ["--force"]]) {
      const r = await runCli(["toil", "export", EXAMPLE, "--config", CONFIG, "--out", sub, ...force]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`error: --out ${sub} is a directory — name a file in it\n`);
    }
    expect(readdirSync(dir)).toEqual(["claims"]);
    expect(readdirSync(sub)).toEqual([]);
  });

  it("toil export --out - writes to stdout: JSON by default, or the --format asked for", async () => {
    const r = await runCli(["toil", "export", EXAMPLE, "--config", CONFIG, "--out", "-"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout).schemaVersion).toBe(1);
    const csv = await runCli([
      "toil",
      "export",
      EXAMPLE,
      "--config",
      CONFIG,
      "--out",
      "-",
      "--format",
      "breathe",
    ]);
    expect(csv.code).toBe(0);
    expect(csv.stdout.split("\n")[0]).toBe("Name,Email,Date,Days,Hours,Notes");
  });
});
