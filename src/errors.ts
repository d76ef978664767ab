/**
 * Typed errors. Every layer throws these; only src/cli.ts turns them into exit codes (SPEC §7).
 * `message` is one line for humans: what is wrong and where; `hint` says what to do next.
 */
export type ErrorKind = "usage" | "config" | "input" | "auth" | "unavailable" | "rejected" | "interrupted";

export class OncallError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = "OncallError";
  }
}

export const usageError = (message: string, hint?: string) => new OncallError("usage", message, hint);
export const configError = (message: string, hint?: string) => new OncallError("config", message, hint);
export const inputError = (message: string, hint?: string) => new OncallError("input", message, hint);

export function isOncallError(e: unknown): e is OncallError {
  return e instanceof OncallError;
}
