import { firstOfMonth, firstOfNextMonth } from "./calendar";
import type { Rota, Shift } from "./rota";
import type { SupportCalendar } from "./support-hours";

const MINUTE = 60_000;

export interface HoursRow {
  person: string;
  line: string;
  shiftHours: number;
  outOfHoursHours: number;
}

export interface PersonHours {
  person: string;
  shiftHours: number;
  outOfHoursHours: number;
}

/** Merges overlapping [start, end) intervals. */
function union(intervals: { start: number; end: number }[]): { start: number; end: number }[] {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  const out: { start: number; end: number }[] = [];
  for (const i of sorted) {
    const last = out[out.length - 1];
    if (last && i.start <= last.end) last.end = Math.max(last.end, i.end);
    else out.push({ ...i });
  }
  return out;
}

/**
 * Out-of-hours minutes of [start, end), one per minute begun at start, start + 1 min, …: the
 * minutes since the epoch those fall in, counted by the calendar a stretch at a time.
 */
function outOfHoursMinutes(start: number, end: number, calendar: SupportCalendar): number {
  if (end <= start) return 0;
  const first = Math.floor(start / MINUTE);
  return calendar.outOfHoursMinutes(first, first + Math.ceil((end - start) / MINUTE));
}

const hours = (minutes: number) => Math.round((minutes / 60) * 100) / 100;

/**
 * On-call hours in [from, to): per person and line, the whole shift hours and the out-of-hours
 * hours (what on-call pay is for); per person, time on two lines at once counted once.
 */
export function onCallHours(
  rota: Rota,
  calendar: SupportCalendar,
  from: number,
  to: number,
): { rows: HoursRow[]; people: PersonHours[] } {
  const shifts: Shift[] = rota.shifts(from, to);
  const rows = new Map<string, HoursRow & { shift: number; ooh: number }>();
  const perPerson = new Map<string, { start: number; end: number }[]>();
  for (const s of shifts) {
    const person = s.person!;
    const key = `${person}\u0000${s.line}`;
    let row = rows.get(key);
    if (!row) {
      row = { person, line: s.line, shiftHours: 0, outOfHoursHours: 0, shift: 0, ooh: 0 };
      rows.set(key, row);
    }
    row.shift += (s.end - s.start) / MINUTE;
    row.ooh += outOfHoursMinutes(s.start, s.end, calendar);
    const list = perPerson.get(person) ?? [];
    list.push({ start: s.start, end: s.end });
    perPerson.set(person, list);
  }
  const people: PersonHours[] = [...perPerson.entries()]
    .map(([person, intervals]) => {
      const merged = union(intervals);
      return {
        person,
        shiftHours: hours(merged.reduce((n, i) => n + (i.end - i.start) / MINUTE, 0)),
        outOfHoursHours: hours(merged.reduce((n, i) => n + outOfHoursMinutes(i.start, i.end, calendar), 0)),
      };
    })
    .sort((a, b) => (a.person < b.person ? -1 : 1));
  return {
    rows: [...rows.values()]
      .map(({ shift, ooh, ...r }) => ({ ...r, shiftHours: hours(shift), outOfHoursHours: hours(ooh) }))
      .sort((a, b) => (a.person < b.person ? -1 : a.person > b.person ? 1 : a.line < b.line ? -1 : 1)),
    people,
  };
}

/**
 * The pay period of a month: `handover-month` runs from the month's first handover to the next
 * month's (the team pays for the month an on-call week started in); `calendar-month` from the
 * 1st at midnight to the next 1st.
 */
export function payPeriod(
  rota: Rota,
  month: string,
  kind: "handover-month" | "calendar-month",
): { from: number; to: number } {
  const first = firstOfMonth(month);
  const next = firstOfNextMonth(month);
  if (kind === "calendar-month") return { from: rota.zone.instant(first), to: rota.zone.instant(next) };
  const firstHandover = (date: string) => {
    const w = rota.weekAt(rota.zone.instant(date));
    return w.start >= rota.zone.instant(date) ? w.start : w.end;
  };
  return { from: firstHandover(first), to: firstHandover(next) };
}
