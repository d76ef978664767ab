import { spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, openSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt } from "../support/built-oncall";

// Standard output on a full disk (`> file` when the disk fills; /dev/full answers every write
// with ENOSPC): the output is cut short, so the run must not end as if it were whole. One line
// on stderr, exit 2 (a write that fails is a usage error, docs/exit-codes.md), no stack trace.
// A closed pipe (`| head`) stays exit 0.

const root = join(__dirname, "..", "..");
const dir = mkdtempSync(join(tmpdir(), "oncall-full-stdout-"));
const LOG = join(dir, "log.csv");
writeFileSync(
  LOG,
  `id,created_at,message,priority,tags,teams,acknowledged_by,acknowledged_at,closed_at,woken,worked
a1,2026-11-03T02:14:00Z,Site down,P1,,,alice@example.com,,,,
a2,2026-11-03T13:00:00Z,Disk full,P2,,,alice@example.com,,,,
`,
);
const CONFIG = join(dir, "team.yaml");
writeFileSync(
  CONFIG,
  "people:\n  - { id: alice, name: Alice, email: alice@example.com }\ntoil:\n  attribution: acknowledger\n",
);

function toFull(args: string[]) {
  const out = openSync("/dev/full", "w");
  try {
    const r = spawnSync(process.execPath, [join(root, "bin", "oncall.js"), ...args], {
      stdio: ["ignore", out, "pipe"],
      encoding: "utf8",
      timeout: 15_000,
      env: {
        PATH: process.env.PATH,
        HOME: dir,
        NO_COLOR: "1",
        ONCALL_NOW: "2026-11-27T12:00:00Z",
        ONCALL_DATA_DIR: dir,
        ONCALL_NO_COMPILE_CACHE: "1",
      },
    });
    return { code: r.status, stderr: r.stderr };
  } finally {
    closeSync(out);
  }
}

describe.skipIf(!existsSync("/dev/full"))("standard output on a full disk", () => {
  beforeAll(() => ensureBuilt());

  it.each([
    ["toil calc --json", ["toil", "calc", LOG, "--config", CONFIG, "--json"]],
    ["toil calc, rows", ["toil", "calc", LOG, "--config", CONFIG]],
    ["alerts stats --json", ["alerts", "stats", LOG, "--config", CONFIG, "--json"]],
    ["rota show", ["rota", "show", "--config", join(root, "examples", "oncall.config.yaml")]],
  ])("%s: exit 2, one line saying the disk is full (after what stderr had already said)", (_name, args) => {
    const r = toFull(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /(^|\n)error: cannot write the output: no space left on the device \(ENOSPC\) — free some space, or send the output elsewhere\n$/,
    );
    expect(r.stderr.match(/error:/g)).toHaveLength(1);
  });

  it("--version (answered before the CLI loads): exit 2, one line, no stack trace", () => {
    const r = toFull(["--version"]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/^error: cannot write the output: .*ENOSPC/);
  });
});
