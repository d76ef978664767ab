import { fstatSync, type Stats, statSync, writeSync } from "node:fs";

/** What the CLI writes its output and messages to: a stream, or a descriptor written directly. */
export type StdWritable = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

/**
 * The process's standard output or error. A file, a pipe, a socket or the null device is written
 * directly to its descriptor, synchronously, as Node writes to files and (on Linux) pipes: making
 * process.stdout costs 2–4 ms of CPU on Node 24 (it loads node:stream, and node:net for a pipe),
 * a tenth of what a start may take beyond Node's own (SPEC §8, docs/performance.md). A terminal,
 * or anything else, is Node's own stream (its width, its colours).
 */
export function stdWritable(fd: 1 | 2, stream: () => StdWritable): StdWritable {
  return writesDirectly(fd) ? directWritable(fd) : stream();
}

/** Whether a descriptor is written directly (a file, a pipe, a socket, the null device): not a terminal. */
export function writesDirectly(fd: number): boolean {
  let st: Stats;
  try {
    st = fstatSync(fd);
  } catch {
    return false;
  }
  return st.isFile() || st.isFIFO() || st.isSocket() || (st.isCharacterDevice() && st.rdev === nullDevice());
}

function nullDevice(): number {
  try {
    return statSync("/dev/null").rdev;
  } catch {
    return -1;
  }
}

/** One byte of a SharedArrayBuffer to wait on: a synchronous pause while a pipe's reader catches up. */
let pause: Int32Array | undefined;

function directWritable(fd: number): StdWritable {
  const onError: ((e: NodeJS.ErrnoException) => void)[] = [];
  const writer = {
    isTTY: false,
    write(chunk: string | Uint8Array, ...rest: unknown[]): boolean {
      const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
      let done = 0;
      while (done < bytes.length) {
        try {
          done += writeSync(fd, bytes, done, bytes.length - done);
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          // a pipe left non-blocking by whoever made it, its reader behind: wait a moment, go on
          if (code === "EAGAIN") {
            pause ??= new Int32Array(new SharedArrayBuffer(4));
            Atomics.wait(pause, 0, 0, 1);
            continue;
          }
          // as a stream reports it (a closed pipe, say): to whoever listens, else thrown
          if (onError.length === 0) throw e;
          for (const f of onError) f(e as NodeJS.ErrnoException);
          return true; // nothing is queued: a "drain" would never come
        }
      }
      const callback = rest.find((r) => typeof r === "function") as (() => void) | undefined;
      callback?.();
      return true;
    },
    on(event: string, f: (e: NodeJS.ErrnoException) => void) {
      if (event === "error") onError.push(f);
      return writer;
    },
    once(_event: string, _f: () => void) {
      // writes are done when write returns: there is never a "drain" to wait for
      return writer;
    },
  };
  return writer as unknown as StdWritable;
}
