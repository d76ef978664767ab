import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import * as fsp from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type AtomicFs, writeFileAtomic } from "../../src/adapters/file-writer";
import { fakeSignals } from "../support/fake-signals";
import { runCli } from "./run";

const root = join(__dirname, "..", "..");
const EXAMPLE = join(root, "examples", "alert-export-result_2026-10.csv");
const CONFIG = join(root, "examples", "oncall.config.yaml");
const fresh = () => mkdtempSync(join(tmpdir(), "oncall-fix1-stream-"));

describe("toil export streams into the atomic writer (SPEC §8)", () => {
  it("the writer takes pieces and writes them as blocks, never the whole text as one string", async () => {
    const dir = fresh();
    const seen: unknown[] = [];
    const fs: AtomicFs = {
      ...fsp,
      async writeFile(path, data, opts) {
        seen.push(data);
        return fsp.writeFile(path, data, opts);
      },
    };
    const pieces = Array.from({ length: 20_000 }, (_, i) => `piece ${i}\n`);
    await writeFileAtomic(dir, "out.txt", pieces, false, fakeSignals(), fs);
    expect(typeof seen[0]).not.toBe("string");
    expect(readFileSync(join(dir, "out.txt"), "utf8")).toBe(pieces.join(""));
  });

  it("pieces that fail part-way leave no file and no temporary file behind", async () => {
    const dir = fresh();
    function* failing() {
      yield "x".repeat(100_000);
      throw new Error("the pieces failed");
    }
    await expect(writeFileAtomic(dir, "out.json", failing(), false, fakeSignals())).rejects.toThrow();
    expect(readdirSync(dir)).toEqual([]);
  });

  it("the JSON file is the same bytes as before: the --json document, indented", async () => {
    const dir = fresh();
    const r = await runCli(["toil", "export", EXAMPLE, "--config", CONFIG, "--out", "claims.json"], {
      cwd: dir,
    });
    expect(r.code).toBe(0);
    const text = readFileSync(join(dir, "claims.json"), "utf8");
    const calc = await runCli(["toil", "calc", EXAMPLE, "--config", CONFIG, "--json"]);
    expect(text).toBe(`${JSON.stringify(JSON.parse(calc.stdout), null, 2)}\n`);
    const piped = await runCli(["toil", "export", EXAMPLE, "--config", CONFIG, "--out", "-"]);
    expect(piped.stdout).toBe(calc.stdout);
  });
});
