import { usageError } from "../errors";
import type { IO } from "../runtime/io";
import { type Net, realNet } from "../runtime/net";
import { processSignals, type Signals } from "../runtime/signals";

/** What every command handler receives: IO, the clock, signals, and the output format decision. */
export interface CommandContext {
  io: IO;
  now: number;
  /** fetch, clock, sleep and deadlines for HTTP clients: the real ones, or a test's fake clock */
  net: Net;
  /** Ctrl-C and kills: the process's, or a test's that it triggers itself */
  signals: Signals;
  /** the --format (or --json) choice among the command's formats, or the default */
  format<F extends string>(allowed: readonly F[], fallback: F | undefined): F;
}

export function createContext(
  io: IO,
  now: number,
  requested: string | undefined,
  net: Net = realNet,
  signals: Signals = processSignals(),
): CommandContext {
  return {
    io,
    now,
    signals,
    net,
    format<F extends string>(allowed: readonly F[], fallback: F | undefined): F {
      if (requested === undefined) {
        if (fallback === undefined)
          throw usageError("no output format given", `pass --format ${allowed.join("|")}`);
        return fallback;
      }
      if (!(allowed as readonly string[]).includes(requested)) {
        throw usageError(`--format ${requested}: expected one of ${allowed.join(", ")}`);
      }
      return requested as F;
    },
  };
}
