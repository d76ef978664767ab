/** Ctrl-C, a kill, a closed terminal: the ways a user stops a run. */
export type StopSignal = "SIGINT" | "SIGTERM" | "SIGHUP";

export const STOP_SIGNALS: readonly StopSignal[] = ["SIGINT", "SIGTERM", "SIGHUP"];

/**
 * Signals as a value (STYLE: signals arrive through the context), so a test interrupts a command
 * in-process without killing the test runner.
 */
export interface Signals {
  /**
   * Calls `fn` when the user stops the run. `fn` returns true when it takes charge: the run then
   * ends itself (escalate, to say what was sent). When no listener takes charge, the program dies
   * of the signal after every listener has run, as it would with none (130 for SIGINT in a shell).
   * Returns the function that stops listening.
   */
  onInterrupt(fn: (signal: StopSignal) => boolean | undefined): () => void;
}

/**
 * The listeners and what a signal does to them, apart from where signals come from: `attach` is
 * called when the first listener arrives and `detach` when the last one leaves, so a run that
 * listens to nothing keeps the system's default handling; `die` ends the program by the signal.
 */
export function signalHub(edges: {
  attach(deliver: (signal: StopSignal) => void): void;
  detach(): void;
  die(signal: StopSignal): void;
}): Signals & { deliver(signal: StopSignal): void } {
  const listeners = new Set<(signal: StopSignal) => boolean | undefined>();
  const deliver = (signal: StopSignal) => {
    let taken = false;
    for (const fn of [...listeners]) if (fn(signal) === true) taken = true;
    if (taken) return;
    listeners.clear();
    edges.detach();
    edges.die(signal);
  };
  return {
    deliver,
    onInterrupt(fn) {
      // each registration is its own, even of the same function
      const own = (signal: StopSignal) => fn(signal);
      if (listeners.size === 0) edges.attach(deliver);
      listeners.add(own);
      return () => {
        if (!listeners.delete(own)) return;
        if (listeners.size === 0) edges.detach();
      };
    },
  };
}

/** The process's signals: the real one, wired in src/cli.ts's main. */
export function processSignals(proc: NodeJS.Process = process): Signals {
  let handler: ((signal: StopSignal) => void) | null = null;
  return signalHub({
    attach(deliver) {
      handler = (signal) => deliver(signal);
      for (const s of STOP_SIGNALS) proc.on(s, handler);
    },
    detach() {
      if (handler) for (const s of STOP_SIGNALS) proc.removeListener(s, handler);
      handler = null;
    },
    // with our listeners gone, the signal's default action ends the process as the shell expects
    die: (signal) => {
      proc.kill(proc.pid, signal);
    },
  });
}
