/**
 * Durations of time worked (SPEC §4.6): "45m", "3h", "1h05m", "1:30", and bare numbers in hours
 * ("1.5"). Returns whole minutes (rounded to the nearest), or null when the text is not a duration.
 */
export function parseDuration(text: string): number | null {
  const s = text.trim().toLowerCase();
  if (s === "") return null;
  let m = /^(\d+):([0-5]\d)$/.exec(s);
  if (m) return Number(m[1]) * 60 + Number(m[2]);
  m = /^(?:(\d+(?:\.\d+)?)h)?\s*(?:(\d+)m(?:in)?)?$/.exec(s);
  if (m && (m[1] !== undefined || m[2] !== undefined)) {
    return Math.round(Number(m[1] ?? 0) * 60) + Number(m[2] ?? 0);
  }
  m = /^(\d+(?:\.\d+)?)$/.exec(s);
  if (m) return Math.round(Number(m[1]) * 60);
  return null;
}

/** The longest time worked a window can have (SPEC §4.6); a bare number of hours is at most 24. */
export const MAX_WORKED_MINUTES = 24 * 60;

/** A time worked, or what is wrong with the text (and, for a bare number, what was likely meant). */
export type ParsedWorked = { minutes: number } | { problem: string; suggestion: string | null };

/**
 * A time worked (SPEC §4.6): a duration of at most 24 hours. A bare number is hours, so "90" would
 * be ninety hours: it is refused, suggesting "90m", rather than read as what it surely is not.
 */
export function parseWorked(text: string): ParsedWorked {
  const s = text.trim();
  const minutes = parseDuration(s);
  if (minutes === null)
    return { problem: `expected a duration such as 45m, 1h30m or 1:30, found "${s}"`, suggestion: null };
  if (/^\d+(?:\.\d+)?$/.test(s) && Number(s) > MAX_WORKED_MINUTES / 60) {
    const n = Number(s);
    return {
      problem: `"${s}" would be ${s} hours: a bare number is hours, and at most 24`,
      suggestion: Number.isInteger(n) && n <= MAX_WORKED_MINUTES ? `${n}m` : null,
    };
  }
  if (minutes > MAX_WORKED_MINUTES)
    return { problem: `"${s}" is more than 24 hours, the most one window can take`, suggestion: null };
  return { minutes };
}

/** minutes → "1h35m", "45m", "2h" */
export function formatDuration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m}m`;
  if (m === 0) return `${h}h`;
  return `${h}h${m < 10 ? `0${m}` : m}m`;
}

/** hours → "h:mm", rounded to the nearest minute (SPEC §4.1): 1.75 → "1:45" */
export function formatHours(hours: number): string {
  const total = Math.round(hours * 60);
  const m = total % 60;
  return `${Math.floor(total / 60)}:${m < 10 ? `0${m}` : m}`;
}
