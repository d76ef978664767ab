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
  return ms;
}
