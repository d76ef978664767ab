import { Readable, Writable } from "node:stream";
import { type Invoke, main } from "../../src/cli";
import type { Net } from "../../src/runtime/net";
import { type FakeSignals, fakeSignals } from "../support/fake-signals";

class Capture extends Writable {
  text = "";
  constructor(readonly isTTY: boolean) {
    super();
  }
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void) {
    this.text += chunk.toString();
    done();
  }
}

export interface RunOptions {
  tty?: boolean;
  /** what standard input holds: a text, or pieces that come as the test gives them */
  stdin?: string | AsyncIterable<Buffer>;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** fetch, clock and sleep for HTTP clients (a fake clock: tests that do not wait) */
  net?: Net;
  /** what a run does with the command and its checked options (default: run it) */
  invoke?: Invoke;
  /** Ctrl-C and kills the test sends in-process; a fresh fake by default, never the process's */
  signals?: FakeSignals;
  /** given, as the run starts, what stderr holds so far: for a test that acts mid-run */
  watchStderr?: (now: () => string) => void;
}

/** Runs the whole program in-process with fake streams: the gh iostreams.Test() idea. */
export async function runCli(argv: string[], o: RunOptions = {}) {
  const stdout = new Capture(o.tty ?? false);
  const stderr = new Capture(o.tty ?? false);
  o.watchStderr?.(() => stderr.text);
  const pieces = o.stdin === undefined ? [] : typeof o.stdin === "string" ? [Buffer.from(o.stdin)] : o.stdin;
  const stdin = Object.assign(Readable.from(pieces), {
    isTTY: o.tty ?? false,
  });
  // A run sets process.env.TZ to the team's zone (src/runtime/tz.ts): one zone per process is
  // right for the CLI, but here the process is the test runner's, so the zone is put back.
  const tz = process.env.TZ;
  let code: number;
  try {
    code = await main(
      argv,
      {
        stdout,
        stderr,
        stdin,
        env: { HOME: "/nonexistent-home", ONCALL_NOW: "2026-11-27T12:00:00Z", ...o.env },
        cwd: o.cwd ?? process.cwd(),
        ...(o.net ? { net: o.net } : {}),
        signals: o.signals ?? fakeSignals(),
      },
      o.invoke,
    );
  } finally {
    if (tz === undefined) delete process.env.TZ;
    else process.env.TZ = tz;
  }
  return { code, stdout: stdout.text, stderr: stderr.text };
}
