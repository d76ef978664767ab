import { usageError } from "../errors";
import type { IO } from "../runtime/io";
import type { Net } from "../runtime/net";

/** What every command handler receives: IO, the clock, and the output format decision. */
export interface CommandContext {
  io: IO;
  now: number;
  /** fetch, clock and sleep for HTTP clients (tests pass a fake clock); the real ones when absent */
  net?: Net;
  /** the --format (or --json) choice among the command's formats, or the default */
  format<F extends string>(allowed: readonly F[], fallback: F | undefined): F;
}

export function createContext(io: IO, now: number, requested: string | undefined, net?: Net): CommandContext {
  return {
    io,
    now,
    ...(net ? { net } : {}),
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
