import { WEEKDAYS, type Weekday, weekdayNumber, weekdayOfDay } from "./calendar";
import { parseHHMM, type Zone } from "./zone";

const MINUTE = 60_000;
const DAY_MINUTES = 1440;
/** Zones change offset on a quarter hour of UTC (the Zone caches offsets per quarter hour too). */
const QUARTER_HOUR = 15;
const FORTNIGHT = 14 * 86_400_000;

// Kept where the config schema has always found them.
export { WEEKDAYS, type Weekday };

export interface SupportHours {
  days: Weekday[];
  start: string; // "10:00"
  end: string; // "18:00"
}

/** A calendar of days without in-hours support: public holidays of a division and closure days. */
export type HolidayCheck = (date: string) => boolean;

/**
 * Decides in-hours or out of hours (SPEC §4.2): out of hours is before `start` or at/after `end`
 * on a support day, any time on other days, public holidays and extra holidays.
 */
export class SupportCalendar {
  private readonly days: Set<number>;
  private readonly startMin: number;
  private readonly endMin: number;
  private readonly supportDay = new Map<number, boolean>();

  constructor(
    readonly zone: Zone,
    hours: SupportHours,
    private readonly isHoliday: HolidayCheck,
  ) {
    this.days = new Set(hours.days.map(weekdayNumber));
    this.startMin = parseHHMM(hours.start);
    this.endMin = parseHHMM(hours.end);
  }

  isOutOfHours(ms: number): boolean {
    const local = this.zone.local(ms);
    const day = Math.floor(local / 86_400_000);
    const minute = Math.floor((local - day * 86_400_000) / 60_000);
    if (minute < this.startMin || minute >= this.endMin) return true;
    return !this.isSupportDay(day);
  }

  /**
   * How many of the whole minutes [from, to), counted in minutes since the epoch, are out of hours:
   * a stretch at a time (one local day at one offset), never minute by minute, so a day's work
   * costs a few dozen steps whatever its length.
   */
  outOfHoursMinutes(from: number, to: number): number {
    let outside = 0;
    let m = from;
    while (m < to) {
      const offset = this.zone.offsetMinutes(m * MINUTE);
      const local = m + offset;
      const day = Math.floor(local / DAY_MINUTES);
      const minute = local - day * DAY_MINUTES;
      const end = this.offsetKeptUntil(m, Math.min(to, m + DAY_MINUTES - minute), offset);
      const length = end - m;
      const inside = this.isSupportDay(day)
        ? Math.max(0, Math.min(minute + length, this.endMin) - Math.max(minute, this.startMin))
        : 0;
      outside += length - inside;
      m = end;
    }
    return outside;
  }

  /**
   * When in-hours support next starts or stops after an instant: the first whole minute from
   * `ms` on whose state differs from the state at `ms`, found from the definition a stretch (one
   * local day at one offset) at a time; null if none within `within`.
   */
  nextChange(ms: number, within = FORTNIGHT): number | null {
    const out = this.isOutOfHours(ms);
    const limit = ms + within;
    let m = Math.ceil(ms / MINUTE);
    while (m * MINUTE < limit) {
      const offset = this.zone.offsetMinutes(m * MINUTE);
      const local = m + offset;
      const day = Math.floor(local / DAY_MINUTES);
      const minute = local - day * DAY_MINUTES;
      const end = this.offsetKeptUntil(m, m + DAY_MINUTES - minute, offset);
      // the first minute of the stretch in the other state, as a local minute of the day
      let change: number | null = null;
      if (!this.isSupportDay(day)) change = out ? null : minute;
      else if (out)
        change = Math.max(minute, this.startMin) < this.endMin ? Math.max(minute, this.startMin) : null;
      else change = minute < this.startMin || minute >= this.endMin ? minute : this.endMin;
      if (change !== null && m + (change - minute) < end) {
        const t = (m + (change - minute)) * MINUTE;
        return t < limit ? t : null;
      }
      m = end;
    }
    return null;
  }

  /** The first minute in (from, to) where the offset is no longer `offset`, else `to`. */
  private offsetKeptUntil(from: number, to: number, offset: number): number {
    for (let q = (Math.floor(from / QUARTER_HOUR) + 1) * QUARTER_HOUR; q < to; q += QUARTER_HOUR) {
      if (this.zone.offsetMinutes(q * MINUTE) !== offset) return q;
    }
    return to;
  }

  /** Whether an instant is out of hours only because its day is a holiday (public or closure day). */
  isHolidayHours(ms: number): boolean {
    const local = this.zone.local(ms);
    const day = Math.floor(local / 86_400_000);
    const minute = Math.floor((local - day * 86_400_000) / MINUTE);
    if (minute < this.startMin || minute >= this.endMin) return false;
    return this.days.has(weekdayOfDay(day)) && this.isHoliday(this.zone.dateOfDay(day));
  }

  /** why a day has no support, or null when it is a support day */
  dayOff(date: string): "weekend" | "holiday" | null {
    const ms = this.zone.instant(date, 12 * 60);
    const p = this.zone.parts(ms);
    if (!this.days.has(p.weekday)) return "weekend";
    return this.isHoliday(date) ? "holiday" : null;
  }

  private isSupportDay(day: number): boolean {
    let v = this.supportDay.get(day);
    if (v === undefined) {
      v = this.days.has(weekdayOfDay(day)) && !this.isHoliday(this.zone.dateOfDay(day));
      this.supportDay.set(day, v);
    }
    return v;
  }
}
