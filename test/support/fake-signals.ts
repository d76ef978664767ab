import { type Signals, type StopSignal, signalHub } from "../../src/runtime/signals";

/**
 * Signals a test sends itself, through the same listeners the real ones reach: `interrupt()` is
 * Ctrl-C in-process, without a real kill. When no listener takes charge, the program would die of
 * the signal: that is recorded in `died` instead.
 */
export interface FakeSignals extends Signals {
  readonly died: StopSignal[];
  /** whether anything listens now (the real one then has handlers on the process) */
  readonly listening: boolean;
  interrupt(signal?: StopSignal): void;
}

export function fakeSignals(): FakeSignals {
  let listening = false;
  const died: StopSignal[] = [];
  const hub = signalHub({
    attach: () => {
      listening = true;
    },
    detach: () => {
      listening = false;
    },
    die: (signal) => died.push(signal),
  });
  return {
    died,
    get listening() {
      return listening;
    },
    onInterrupt: (fn) => hub.onInterrupt(fn),
    interrupt(signal = "SIGINT") {
      // with no one listening, the system's default: the program dies of it
      if (listening) hub.deliver(signal);
      else died.push(signal);
    },
  };
}
