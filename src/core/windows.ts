/** Something that happened to a person at an instant: an alert credited to them. */
export interface Timed {
  at: number;
  id: string;
}

export interface Window<T extends Timed> {
  start: number;
  end: number;
  items: T[];
}

/** Orders credits in time, ties by alert id (SPEC §4.4). */
export function byTimeThenId(a: Timed, b: Timed): number {
  return a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Groups one person's alerts into windows (SPEC §4.4): the first opens [t0, t0 + length); every
 * later alert before the end joins it; the first at or after the end opens the next. Length is
 * elapsed time, so a clock change inside a window changes nothing.
 */
export function groupIntoWindows<T extends Timed>(items: readonly T[], windowMinutes: number): Window<T>[] {
  const sorted = [...items].sort(byTimeThenId);
  const length = windowMinutes * 60_000;
  const windows: Window<T>[] = [];
  let current: Window<T> | undefined;
  for (const item of sorted) {
    if (current === undefined || item.at >= current.end) {
      current = { start: item.at, end: item.at + length, items: [item] };
      windows.push(current);
    } else {
      current.items.push(item);
    }
  }
  return windows;
}
