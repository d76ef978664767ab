/**
 * The network and the passing of time, as a value (STYLE: time and network injected): HTTP clients
 * take these from the command context, so a test runs retries, backoff and deadlines on a fake
 * clock against a real local server, in milliseconds.
 */
export interface Net {
  fetch: typeof fetch;
  /** epoch milliseconds */
  now: () => number;
  /** waits `ms`, or rejects with the signal's reason when it aborts first */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** calls `fire` once `ms` have passed on this clock (a deadline); returns the function that cancels it */
  after: (ms: number, fire: () => void) => () => void;
}

export function realSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

export const realNet: Net = {
  fetch: (input, init) => fetch(input, init),
  now: () => Date.now(),
  sleep: realSleep,
  after: (ms, fire) => {
    const t = setTimeout(fire, ms);
    return () => clearTimeout(t);
  },
};
