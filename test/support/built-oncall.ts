import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = join(__dirname, "..", "..");
const BIN = join(root, "bin", "oncall.js");

/** Builds dist/ if a test of the built binary finds none. */
export function ensureBuilt(): void {
  if (!existsSync(join(root, "dist", "cli.cjs")))
    execFileSync(process.execPath, [join(root, "scripts", "build.mjs")], { cwd: root });
}

/**
 * The built binary in a new empty HOME and working directory, at a fixed now, with its compile
 * cache in `cache` (null: none, ONCALL_NO_COMPILE_CACHE=1).
 */
export function runBuilt(args: string[], cache: string | null, env: NodeJS.ProcessEnv = {}) {
  const home = mkdtempSync(join(tmpdir(), "oncall-built-home-"));
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: home,
    encoding: "utf8",
    // a run that hangs (a FIFO where a file belongs) fails its test instead of holding the suite
    timeout: 15_000,
    env: {
      PATH: process.env.PATH,
      HOME: home,
      NO_COLOR: "1",
      ONCALL_NOW: "2026-11-27T12:00:00Z",
      ...(cache === null ? { ONCALL_NO_COMPILE_CACHE: "1" } : { XDG_CACHE_HOME: cache }),
      ...env,
    },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
