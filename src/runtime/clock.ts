import { dateProblem } from "../core/period";
import { usageError } from "../errors";

/**
 * The clock: ONCALL_NOW (an ISO instant with an offset or Z) fixes "now" for scripts and tests;
 * otherwise the system clock. Core never reads the time itself.
 */
export function resolveNow(env: NodeJS.ProcessEnv, systemNow: () => number = Date.now): number {
  const fixed = env.ONCALL_NOW;
  if (fixed === undefined || fixed === "") return systemNow();
  const ms = /(Z|[+-]\d\d:?\d\d)$/i.test(fixed) ? Date.parse(fixed) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw usageError(
      `ONCALL_NOW is not an ISO instant: "${fixed}"`,
      "set it like ONCALL_NOW=2026-11-03T02:14:00Z, or unset it to use the system clock",
    );
  }
  // The date as written must be a real one in the range every other date is trusted in: 2026-02-31
  // is not 3 March, and a year such as 9999 would have the rota computed for minutes.
  const problem = dateProblem(fixed.slice(0, 10));
  if (problem) {
    throw usageError(
      `ONCALL_NOW=${fixed}: ${problem}`,
      "set it like ONCALL_NOW=2026-11-03T02:14:00Z, or unset it",
    );
  }
  return ms;
}
