import { usageError } from "../errors";
import { isCalendarDate } from "./calendar";
import { parseLocalDateTime } from "./rota";
import type { Zone } from "./zone";

/**
 * Dates on the command line are accepted in [2000-01-01, 2100-01-01), the range alert times are
 * trusted in (SPEC §3): a year such as 9999 is a typo, and computing a rota or a calendar that far
 * out would take minutes before saying anything.
 */
const FIRST_YEAR = 2000;
const LAST_YEAR = 2099;

/** What is wrong with a date "YYYY-MM-DD", in words, or null: its shape, not a calendar date, out of range. */
export function dateProblem(date: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return "expected a date YYYY-MM-DD";
  if (!isCalendarDate(date)) return `${date} is not a calendar date`;
  const year = Number(date.slice(0, 4));
  if (year < FIRST_YEAR || year > LAST_YEAR)
    return `the year ${year} is outside ${FIRST_YEAR}-01-01 to ${LAST_YEAR}-12-31`;
  return null;
}

/** A real calendar date "YYYY-MM-DD" (2026-02-30 is not) in 2000-2099, from a flag; else a usage error. */
export function checkDate(s: string, flag: string): string {
  const problem = dateProblem(s);
  // the problem says it all: the range is named only when the year is out of it
  if (problem) throw usageError(`${flag} ${s}: ${problem}`);
  return s;
}

/** A month "YYYY-MM" in 2000-2099, from a flag (`--month 2026-13` has no month 13); else a usage error. */
export function checkMonth(s: string, flag: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(s);
  if (!m) throw usageError(`${flag} ${s}: expected YYYY-MM, such as 2026-11`);
  const month = Number(m[2]);
  if (month < 1 || month > 12)
    throw usageError(`${flag} ${s}: there is no month ${m[2]}`, "months run 01 to 12");
  const year = Number(m[1]);
  if (year < FIRST_YEAR || year > LAST_YEAR)
    throw usageError(
      `${flag} ${s}: the year ${year} is outside ${FIRST_YEAR}-01 to ${LAST_YEAR}-12`,
      `months from ${FIRST_YEAR}-01 to ${LAST_YEAR}-12 are accepted`,
    );
  return s;
}

/**
 * `--at`, `--from` (SPEC §1): an ISO date or date-time, local unless it carries an offset, as an
 * instant; the date written must be a calendar date in 2000-2099. Else a usage error.
 */
export function checkDateTime(text: string, zone: Zone, flag: string): number {
  const date = /^\s*(\d{4}-\d{2}-\d{2})/.exec(text)?.[1];
  const ms = date === undefined ? null : parseLocalDateTime(text, zone);
  if (date === undefined || ms === null) {
    throw usageError(`${flag} ${text}: expected a date or date-time such as 2026-11-28 or 2026-11-28T18:00`);
  }
  const problem = dateProblem(date);
  if (problem) throw usageError(`${flag} ${text}: ${problem}`);
  return ms;
}

/** Whether a `--at`/`--from` value is a date alone (a day, not an instant). */
export function isDateOnly(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text.trim());
}
