import { usageError } from "../errors";

/** A whole-number flag (`--weeks`, `--count`, `--timeout`): its value, or the fallback when absent. */
export function positiveInt(text: string | undefined, flag: string, fallback: number, max = 520): number {
  if (text === undefined) return fallback;
  // Decimal digits only: Number() would also read "0x10" as 16, "1e2" as 100, "0.5" and "" too.
  const n = /^\d{1,6}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw usageError(`${flag} ${text}: expected a whole number from 1 to ${max}`);
  return n;
}
