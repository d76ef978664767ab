import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { constants, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type AtomicFs, writeFileAtomic } from "../../src/adapters/file-writer";
import { EXIT_CODES } from "../../src/cli";
import { FakeOpsgenie, fakeNet } from "../support/fake-opsgenie";
import { fakeSignals } from "../support/fake-signals";
import { runCli } from "./run";

// One rule (docs/exit-codes.md): a run stopped by a signal ends with 128 + the signal's number,
// as a shell reports a process the signal killed: 130 for Ctrl-C (SIGINT), 143 for SIGTERM.
const CONFIG = join(__dirname, "..", "..", "examples", "oncall.config.yaml");
const KEY = "test-default-api-key-0000";
const fake = new FakeOpsgenie();

beforeAll(() => fake.start());
afterAll(() => fake.stop());
beforeEach(() => fake.reset());

describe("a run stopped by a signal exits 128 + its number", () => {
  it("the exit codes of the kinds are those the shell gives a process the signal killed", () => {
    expect(EXIT_CODES.interrupted).toBe(128 + constants.signals.SIGINT);
    expect(EXIT_CODES.terminated).toBe(128 + constants.signals.SIGTERM);
  });

  it.each([
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const)(
    "escalate, %s while waiting for confirmation: exit %i, the id and alias said",
    async (sig, code) => {
      fake.statusFaults = [{ kind: "hold" }];
      const signals = fakeSignals();
      const run = runCli(["escalate", "--config", CONFIG, "--to", "head-of-ops", "--alert", `s${code}`], {
        env: { ONCALL_OPSGENIE_URL: fake.url, OPSGENIE_API_KEY: KEY, ONCALL_ME: "alice" },
        net: fakeNet(),
        signals,
      });
      await fake.whenHeld();
      signals.interrupt(sig);
      const r = await run;
      expect(r.code).toBe(code);
      expect(r.stderr).toMatch(/interrupted after the request was sent \(request [0-9a-f-]{36}, alias /);
      expect(signals.died).toEqual([]);
    },
  );

  it.each(["SIGINT", "SIGTERM"] as const)(
    "the atomic writer, %s mid-write: no temporary file, and the run dies of that signal (130 / 143)",
    async (sig) => {
      const dir = mkdtempSync(join(tmpdir(), "fix3-sig-"));
      const signals = fakeSignals();
      let tmp = "";
      const fs = {
        writeFile: async (path: string, text: string, o: unknown) => {
          tmp = path;
          await writeFile(path, text, o as never);
          signals.interrupt(sig);
        },
        link: async () => {},
        rename: async () => {},
        unlink: async () => {},
        stat: async () => {
          throw Object.assign(new Error("none"), { code: "ENOENT" });
        },
      } as unknown as AtomicFs;
      await writeFileAtomic(dir, "out.csv", "a,b\n", false, signals, fs);
      expect(signals.died).toEqual([sig]);
      expect(existsSync(tmp)).toBe(false);
      expect(readdirSync(dir)).toEqual([]);
    },
  );
});
