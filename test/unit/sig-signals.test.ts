import { EventEmitter } from "node:events";
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import * as fsp from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type AtomicFs, writeFileAtomic } from "../../src/adapters/file-writer";
import { processSignals, type StopSignal } from "../../src/runtime/signals";
import { fakeSignals } from "../support/fake-signals";

/** A stand-in for the process: signals are events on it, and `kill` records what it was sent. */
function fakeProcess() {
  const killed: StopSignal[] = [];
  const proc = Object.assign(new EventEmitter(), {
    pid: 4242,
    kill: (_pid: number, signal: StopSignal) => {
      killed.push(signal);
      return true;
    },
  });
  return { proc, killed, handlers: () => ["SIGINT", "SIGTERM", "SIGHUP"].map((s) => proc.listenerCount(s)) };
}

describe("the process's signals", () => {
  it("listen on the process only while someone listens, keeping the default handling otherwise", () => {
    const p = fakeProcess();
    const signals = processSignals(p.proc as unknown as NodeJS.Process);
    expect(p.handlers()).toEqual([0, 0, 0]);
    const stopA = signals.onInterrupt(() => false);
    const stopB = signals.onInterrupt(() => false);
    expect(p.handlers()).toEqual([1, 1, 1]);
    stopA();
    expect(p.handlers()).toEqual([1, 1, 1]);
    stopB();
    stopB();
    expect(p.handlers()).toEqual([0, 0, 0]);
  });

  it("when no listener takes charge, every listener runs, then the process dies of the same signal", () => {
    const p = fakeProcess();
    const signals = processSignals(p.proc as unknown as NodeJS.Process);
    const seen: string[] = [];
    signals.onInterrupt((s) => void seen.push(`a ${s}`));
    signals.onInterrupt((s) => void seen.push(`b ${s}`));
    p.proc.emit("SIGTERM", "SIGTERM");
    expect(seen).toEqual(["a SIGTERM", "b SIGTERM"]);
    // its own handlers gone first, so the re-sent signal gets the system's default action
    expect(p.handlers()).toEqual([0, 0, 0]);
    expect(p.killed).toEqual(["SIGTERM"]);
  });

  it("a listener that takes charge keeps the process alive and the others still run", () => {
    const p = fakeProcess();
    const signals = processSignals(p.proc as unknown as NodeJS.Process);
    let cleaned = 0;
    signals.onInterrupt(() => {
      cleaned++;
      return false;
    });
    signals.onInterrupt(() => true);
    p.proc.emit("SIGINT", "SIGINT");
    expect(cleaned).toBe(1);
    expect(p.killed).toEqual([]);
  });
});

describe("an atomic write interrupted through the signals it is given", () => {
  /** node's file functions, with the signal arriving once the temporary file is written */
  function interruptedFs(interrupt: () => void): AtomicFs {
    return {
      ...fsp,
      writeFile: (async (...args: Parameters<typeof fsp.writeFile>) => {
        await fsp.writeFile(...args);
        interrupt();
      }) as typeof fsp.writeFile,
    };
  }

  it("Ctrl-C mid-write removes the temporary file at once, then the program dies of it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "oncall-sig-write-"));
    const signals = fakeSignals();
    let leftAtSignal: string[] | null = null;
    const fs = interruptedFs(() => {
      signals.interrupt("SIGINT");
      leftAtSignal = readdirSync(dir);
    });
    // the fake program lives on past its death; what matters is what the signal left behind
    await writeFileAtomic(dir, "claims.json", "x".repeat(1000), false, signals, fs).catch(() => {});
    expect(leftAtSignal).toEqual([]);
    expect(signals.died).toEqual(["SIGINT"]);
    expect(existsSync(join(dir, "claims.json"))).toBe(false);
  });

  it("listens only while the temporary file may exist", async () => {
    const dir = mkdtempSync(join(tmpdir(), "oncall-sig-write-"));
    const signals = fakeSignals();
    let listeningMidWrite = false;
    const fs = interruptedFs(() => {
      listeningMidWrite = signals.listening;
    });
    await writeFileAtomic(dir, "claims.json", "done", false, signals, fs);
    expect(listeningMidWrite).toBe(true);
    expect(signals.listening).toBe(false);
    expect(readdirSync(dir)).toEqual(["claims.json"]);
    signals.interrupt("SIGINT");
    expect(readdirSync(dir)).toEqual(["claims.json"]);
  });
});
