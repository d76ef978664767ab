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
