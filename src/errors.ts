/**
 * Typed errors. Every layer throws these; only src/cli.ts turns them into exit codes (SPEC §7).
 * `message` is one line for humans: what is wrong and where; `hint` says what to do next.
 */
export type ErrorKind =
  | "usage"
  | "config"
  | "input"
  | "auth"
  | "unavailable"
  | "rejected"
  | "interrupted"
  | "terminated";

export class OncallError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly hint?: string,
  ) {
    // Without a stack: it is never shown (src/cli.ts prints one line), and capturing one costs
    // microseconds per error, which --lenient pays once per unreadable row of a million-row log.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
    this.name = "OncallError";
  }
}

export const usageError = (message: string, hint?: string) => new OncallError("usage", message, hint);
export const configError = (message: string, hint?: string) => new OncallError("config", message, hint);
export const inputError = (message: string, hint?: string) => new OncallError("input", message, hint);

export function isOncallError(e: unknown): e is OncallError {
  return e instanceof OncallError;
}
