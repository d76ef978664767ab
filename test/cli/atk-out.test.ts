import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt } from "../support/built-oncall";
import { runCli } from "./run";

const root = join(__dirname, "..", "..");
const fixtures = join(root, "test", "fixtures", "stats");
const config = join(fixtures, "config.yaml");
const log = join(fixtures, "november.csv");
const env = () => ({ ONCALL_DATA_DIR: mkdtempSync(join(tmpdir(), "atk-out-data-")), NO_COLOR: "1" });

function fifo(): string {
  const path = join(mkdtempSync(join(tmpdir(), "atk-out-")), "ff");
  execFileSync("mkfifo", [path]);
  return path;
}

describe("--out naming a FIFO that nothing reads", () => {
  for (const force of [[], ["--force"]]) {
    it(`alerts stats --format html ${force.join(" ")}: exit 2 naming it, at once`, async () => {
      const ff = fifo();
      const r = await runCli(
        [
          "alerts",
          "stats",
          log,
          "--config",
          config,
          "--month",
          "2026-11",
          "--format",
          "html",
          "--out",
          ff,
          ...force,
        ],
        { env: env() },
      );
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`error: --out ${ff} is a named pipe (FIFO) that nothing is reading`);
    });
  }

  it("toil export: exit 2 too (every command writes through the same writer)", async () => {
    const ff = fifo();
    const r = await runCli(
      ["toil", "export", log, "--config", config, "--month", "2026-11", "--format", "json", "--out", ff],
      {
        env: env(),
      },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--out ${ff} is a named pipe (FIFO)`);
  });
});

describe("--out /dev/stdout into a pipe (a FIFO with its reader) is still written", () => {
  beforeAll(() => ensureBuilt());
  it("alerts stats --format html --out /dev/stdout | wc -c", () => {
    const r = spawnSync(
      "bash",
      [
        "-c",
        `set -o pipefail; "$1" "$2" alerts stats "$3" --config "$4" --month 2026-11 --format html --out /dev/stdout | wc -c`,
        "sh",
        process.execPath,
        join(root, "bin", "oncall.js"),
        log,
        config,
      ],
      { encoding: "utf8", timeout: 15_000, env: { ...process.env, ...env(), ONCALL_NO_COMPILE_CACHE: "1" } },
    );
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("wrote /dev/stdout\n");
    expect(Number(r.stdout.trim())).toBeGreaterThan(1000);
  });
});
