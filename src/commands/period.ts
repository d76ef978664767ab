import { addDays, firstOfMonth, firstOfNextMonth } from "../core/calendar";
import { checkDate, checkMonth } from "../core/period";
import type { Period } from "../core/toil";
import type { Zone } from "../core/zone";
import { usageError } from "../errors";

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
    const month = checkMonth(flags.month, "--month");
    return {
      from: zone.instant(firstOfMonth(month)),
      to: zone.instant(firstOfNextMonth(month)),
      label: month,
    };
  }
  if (flags.from === undefined && flags.to === undefined) return null;
  const from = flags.from === undefined ? null : checkDate(flags.from, "--from");
  const to = flags.to === undefined ? null : checkDate(flags.to, "--to");
  if (from !== null && to !== null && to < from)
    throw usageError(`--to ${to} is before --from ${from}`, `swap them: --from ${to} --to ${from}`);
  return {
    from: from === null ? null : zone.instant(from),
    to: to === null ? null : zone.instant(addDays(to, 1)),
    label: from === null ? `to ${to}` : to === null ? `from ${from}` : `${from} to ${to}`,
  };
}

/** The calendar month before the one `now` falls in, locally: what the month's routine looks at. */
export function previousMonth(zone: Zone, now: number): Period {
  const month = addDays(firstOfMonth(zone.dateOf(now).slice(0, 7)), -1).slice(0, 7);
  return resolvePeriod({ month }, zone)!;
}
