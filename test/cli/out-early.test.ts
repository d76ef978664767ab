import { chmodSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./run";

const root = join(__dirname, "..", "..");
const CONFIG = join(root, "examples", "oncall.config.yaml");
const EXAMPLE = join(root, "examples", "alert-export-result_2026-10.csv");

/*
 * An --out the write would refuse is refused before the logs are read: a log that cannot be read
 * (exit 4 if reading came first) shows the order.
 */
describe("--out is checked before the logs are read", () => {
  const dir = mkdtempSync(join(tmpdir(), "out-early-"));
  writeFileSync(join(dir, "claims.json"), "{}");
  mkdirSync(join(dir, "sub"));
  writeFileSync(join(dir, "file"), "");
  symlinkSync(join(dir, "not-there.json"), join(dir, "dangling.json"));
  symlinkSync(join(dir, "sub"), join(dir, "to-sub"));
  const missing = join(dir, "no-such-log.csv");
  const run = (args: string[]) =>
    runCli(args, { env: { ONCALL_DATA_DIR: join(dir, "data"), NO_COLOR: "1" }, cwd: dir });

  it.each([
    [
      ["toil", "export", missing, "--out", "claims.json"],
      /^error: claims\.json already exists — pass --force/,
    ],
    [
      ["toil", "export", missing, "--out", "nope/claims.json"],
      /^error: cannot write nope\/claims\.json: the directory .*nope does not exist/,
    ],
    [
      ["toil", "export", missing, "--out", "file/claims.json"],
      /^error: cannot write file\/claims\.json: .*file is not a directory/,
    ],
    [["toil", "export", missing, "--out", "sub"], /^error: --out sub is a directory/],
    [["toil", "export", missing, "--out", "dangling.json"], /^error: dangling\.json already exists/],
    [["toil", "export", missing, "--out", "to-sub"], /^error: --out to-sub is a directory/],
    [
      ["alerts", "stats", missing, "--format", "html", "--out", "claims.json"],
      /^error: claims\.json already exists/,
    ],
    [
      ["alerts", "stats", missing, "--format", "html", "--out", "nope/r.html"],
      /the directory .*nope does not exist/,
    ],
  ])("%j", async (args, message) => {
    const r = await run([...args, "--config", CONFIG]);
    expect(r.stderr).toMatch(message);
    expect(r.code).toBe(2);
  });

  it("with --force, or a new file in a directory that is there, the logs are read (and refused here)", async () => {
    for (const out of ["claims.json", "sub/new.json"]) {
      const r = await run(["toil", "export", missing, "--out", out, "--force", "--config", CONFIG]);
      expect(r.code).toBe(4);
      expect(r.stderr).toMatch(/no-such-log\.csv/);
    }
    const ok = await run(["toil", "export", EXAMPLE, "--out", "claims.json", "--force", "--config", CONFIG]);
    expect(ok.code).toBe(0);
  });

  it.skipIf(process.getuid?.() === 0)(
    "a directory that may not be written in is refused before reading",
    async () => {
      mkdirSync(join(dir, "locked"));
      chmodSync(join(dir, "locked"), 0o500);
      const r = await run(["toil", "export", missing, "--out", "locked/c.json", "--config", CONFIG]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^error: cannot write locked\/c\.json: .*\(EACCES\)/);
    },
  );
});
