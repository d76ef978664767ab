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

/** A pay rate per hour far above any on-call rate is a typo. */
const MAX_RATE = 10_000;

/** `--rate`: a decimal amount per hour, as on a payslip (Number() would read "" as 0 and 1e308 as Infinity). */
export function rateArg(text: string | undefined): number | null {
  if (text === undefined) return null;
  const rate = /^\d{1,6}(\.\d{1,4})?$/.test(text) ? Number(text) : -1;
  if (rate < 0 || rate > MAX_RATE)
    throw usageError(
      `--rate ${text}: expected an amount per hour from 0 to ${MAX_RATE}, in decimal`,
      "for example --rate 2.50",
    );
  return rate;
}
