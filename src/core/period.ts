import { usageError } from "../errors";
import type { Period } from "./toil";
import { Zone } from "./zone";

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar date "YYYY-MM-DD" (2026-02-30 is not), from a flag; else a usage error. */
export function checkDate(s: string, flag: string): string {
  if (
    !DATE.test(s) ||
    Number.isNaN(Date.parse(`${s}T00:00:00Z`)) ||
    !new Date(`${s}T00:00:00Z`).toISOString().startsWith(s)
  ) {
    throw usageError(`${flag} ${s}: expected a date YYYY-MM-DD`);
  }
  return s;
}

/**
 * The period of SPEC §4.8 from --from/--to (inclusive local dates) or --month YYYY-MM, as instants in
 * the team's zone: [first local midnight, the local midnight after the last day).
 */
export function resolvePeriod(
  flags: { from?: string | undefined; to?: string | undefined; month?: string | undefined },
  zone: Zone,
): Period | null {
  if (flags.month !== undefined) {
    if (flags.from !== undefined || flags.to !== undefined) {
      throw usageError(
        "--month cannot be combined with --from/--to",
        "pass either --month YYYY-MM or --from/--to dates",
      );
    }
    const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(flags.month);
    if (!m) throw usageError(`--month ${flags.month}: expected YYYY-MM`);
    const first = `${m[1]}-${m[2]}-01`;
    const next =
      Number(m[2]) === 12
        ? `${Number(m[1]) + 1}-01-01`
        : `${m[1]}-${String(Number(m[2]) + 1).padStart(2, "0")}-01`;
    return { from: zone.instant(first), to: zone.instant(next), label: flags.month };
  }
  if (flags.from === undefined && flags.to === undefined) return null;
  const from = flags.from === undefined ? null : checkDate(flags.from, "--from");
  const to = flags.to === undefined ? null : checkDate(flags.to, "--to");
  if (from !== null && to !== null && to < from) throw usageError(`--to ${to} is before --from ${from}`);
  return {
    from: from === null ? null : zone.instant(from),
    to: to === null ? null : zone.instant(Zone.addDays(to, 1)),
    label: from === null ? `to ${to}` : to === null ? `from ${from}` : `${from} to ${to}`,
  };
}
