import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
// @ts-expect-error: a plain .mjs shared with the benchmark, without type declarations
import { alertId, exportRow, OPSGENIE_HEADER, prng } from "../../scripts/lib/opsgenie-export.mjs";
import type { runCli as RunCli } from "./run";

/** The length of every piece the atomic writer was handed by the last export (a string: one piece). */
const pieces = vi.hoisted(() => ({ sizes: [] as number[] }));

vi.mock("../../src/adapters/file-writer", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../src/adapters/file-writer")>();
  function* counted(content: Iterable<string>) {
    for (const p of content) {
      pieces.sizes.push(p.length);
      yield p;
    }
  }
  return {
    ...real,
    writeFileAtomic: (...args: Parameters<typeof real.writeFileAtomic>) => {
      pieces.sizes = [];
      const [cwd, target, content, ...rest] = args;
      if (typeof content === "string") pieces.sizes.push(content.length);
      return real.writeFileAtomic(
        cwd,
        target,
        typeof content === "string" ? content : counted(content),
        ...rest,
      );
    },
  };
});

const root = join(__dirname, "..", "..");
const CONFIG = join(root, "bench", "config.yaml");
const dir = mkdtempSync(join(tmpdir(), "oncall-fix1b-export-"));
const LOG = join(dir, "log.csv");
const CLAIMS = 3000;
{
  // an alert every five hours for most of a year, owned in turn: thousands of claims
  const rand = prng(11);
  const start = Date.parse("2026-01-05T00:00:00Z");
  const owners = ["ana", "ben", "cai", "dee", "eli"].map((p) => `${p}@example.com`);
  const rows = [OPSGENIE_HEADER];
  for (let i = 0; i < CLAIMS * 2; i++) {
    const createdAt = start + i * 5 * 3_600_000;
    rows.push(
      exportRow({
        id: alertId(rand, createdAt),
        alias: `check-${i}`,
        tinyId: 1000 + i,
        message: "Site down",
        createdAt,
        acknowledged: true,
        updatedAfterMs: 600_000,
        owner: owners[i % owners.length],
        teams: "Platform",
      }),
    );
  }
  writeFileSync(LOG, `${rows.join("\n")}\n`);
}

// The suite shares one module graph per worker (vitest.config.ts: isolate false): the program is
// loaded afresh here, so that it sees the mock, and the mock is gone again for the files after.
let runCli: typeof RunCli;
beforeAll(async () => {
  vi.resetModules();
  ({ runCli } = await import("./run"));
});
afterAll(() => {
  vi.doUnmock("../../src/adapters/file-writer");
  vi.resetModules();
});

describe("toil export --format csv and breathe stream into the atomic writer, row by row (SPEC §8)", () => {
  for (const format of ["csv", "breathe"]) {
    it(`--format ${format}: many pieces, each a row, never the whole export as one string`, async () => {
      const out = `claims.${format}.csv`;
      const r = await runCli(["toil", "export", LOG, "--config", CONFIG, "--format", format, "--out", out], {
        cwd: dir,
      });
      expect(r.code).toBe(0);
      const claims = Number(/^wrote (\d+) claims/.exec(r.stderr)?.[1]);
      expect(claims).toBeGreaterThan(1000);
      // the header and one piece per claim; none larger than a row
      expect(pieces.sizes).toHaveLength(claims + 1);
      expect(Math.max(...pieces.sizes)).toBeLessThan(1000);
      const piped = await runCli([
        "toil",
        "export",
        LOG,
        "--config",
        CONFIG,
        "--format",
        format,
        "--out",
        "-",
      ]);
      expect(readFileSync(join(dir, out), "utf8")).toBe(piped.stdout);
      expect(piped.stdout.split("\n")).toHaveLength(claims + 2);
    });
  }
});
