/**
 * The calendar of local dates "YYYY-MM-DD": weekdays, days, months and weeks. A local date has no
 * time zone, so its arithmetic is the proleptic Gregorian calendar that Date.UTC implements (the
 * same answers as luxon's, checked against it in test/unit/cal-calendar.property.test.ts, without
 * loading luxon and ICU at start-up). Instants and offsets belong to Zone (zone.ts).
 */

const DAY = 86_400_000;

export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Days since 1970-01-01 of a date. */
export function dayNumber(date: string): number {
  const [y, mo, d] = date.split("-").map(Number) as [number, number, number];
  return Math.floor(Date.UTC(y, mo - 1, d) / DAY);
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The number of days in a month (1 = January) of a year. */
export function daysInMonth(year: number, month: number): number {
  if (month !== 2) return MONTH_DAYS[month - 1]!;
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil), cheaper than Date.UTC. */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The date of a day number (days since 1970-01-01). */
export function dateOfDay(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}

/** 1 = Monday … 7 = Sunday of a day number (1970-01-01 was a Thursday). */
export function weekdayOfDay(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

/** 1 = Monday … 7 = Sunday of a date. */
export function weekdayOf(date: string): number {
  return weekdayOfDay(dayNumber(date));
}

/** "mon" … "sun" of a date. */
export function weekdayName(date: string): Weekday {
  return WEEKDAYS[weekdayOf(date) - 1]!;
}

/** 1 = Monday … 7 = Sunday of a weekday name. */
export function weekdayNumber(name: Weekday): number {
  return WEEKDAYS.indexOf(name) + 1;
}

/** Whether "YYYY-MM-DD" is a day on the calendar (2026-02-30 is not, whatever Date makes of it). */
export function isCalendarDate(date: string): boolean {
  const ms = Date.parse(`${date}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === date;
}

/** The date `n` days after `date`. */
export function addDays(date: string, n: number): string {
  return dateOfDay(dayNumber(date) + n);
}

/** The date of a weekday (1 = Monday) on or before `date`. */
export function weekdayOnOrBefore(date: string, weekday: number): string {
  return addDays(date, -((weekdayOf(date) - weekday + 7) % 7));
}

/** The date of a weekday (1 = Monday) on or after `date`. */
export function weekdayOnOrAfter(date: string, weekday: number): string {
  return addDays(date, (weekday - weekdayOf(date) + 7) % 7);
}

/** The first day of a month "YYYY-MM" (or of the month of a date). */
export function firstOfMonth(month: string): string {
  return `${month.slice(0, 7)}-01`;
}

/** The first day of the month after a month "YYYY-MM" (or after the month of a date). */
export function firstOfNextMonth(month: string): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 10);
}
