import { isAmbiguousLocal, parseLocalDateTime, Rota, type RotaConfig, type Shift } from "./rota";
import type { Zone } from "./zone";

export interface RotaProblem {
  path: (string | number)[];
  message: string;
  /** a warning is worth knowing but the rota still means one thing (overlapping overrides) */
  severity: "error" | "warning";
}

const WEEK = 7 * 86_400_000;

/** Overrides that end before (or when) they start: the rota would silently ignore them. */
export function invertedOverrides(config: RotaConfig, zone: Zone): RotaProblem[] {
  const problems: RotaProblem[] = [];
  config.overrides.forEach((o, i) => {
    const from = parseLocalDateTime(o.from, zone);
    const to = parseLocalDateTime(o.to, zone);
    if (from !== null && to !== null && from >= to) {
      problems.push({
        path: ["rota", "overrides", i, "to"],
        message: `ends (${o.to}) before or when it starts (${o.from})`,
        severity: "error",
      });
    }
  });
  return problems;
}

/**
 * Overrides that overlap on one line, one warning per pair: normal (cover inside a swap), and the
 * later one in the file holds the line for the overlap — but a typo looks the same, so say so. At
 * most `limit` pairs, then one warning counting the rest: n overrides can make n²/2 pairs.
 */
export function overlapWarnings(rota: Rota, limit: number, more: string): RotaProblem[] {
  const pairs = rota.overlappingOverrides(limit);
  const warnings: RotaProblem[] = pairs.map((o) => ({
    path: ["rota", "overrides", o.later],
    message: `overlaps rota.overrides[${o.earlier}] on ${o.line} from ${rota.zone.label(o.from)} to ${rota.zone.label(o.to)}: the later one in the file holds the line then (${o.person})`,
    severity: "warning",
  }));
  if (pairs.length === limit) {
    const rest = rota.overlapCount() - limit;
    if (rest > 0) {
      warnings.push({
        path: ["rota", "overrides"],
        message: `and ${rest} more overlapping pair${rest === 1 ? "" : "s"} of overrides${more}`,
        severity: "warning",
      });
    }
  }
  return warnings;
}

/** Lines that start after `now`: nobody is on them until then, which `rota who` alone would show. */
export function notStartedWarnings(config: RotaConfig, zone: Zone, now: number): RotaProblem[] {
  const rota = new Rota(config, zone);
  const warnings: RotaProblem[] = [];
  config.lines.forEach((l, i) => {
    const start = rota.handoverOn(l.start);
    if (start > now) {
      warnings.push({
        path: ["rota", "lines", i, "start"],
        message: `${l.name ?? l.id} starts ${zone.label(start)}: nobody is on it until then`,
        severity: "warning",
      });
    }
  });
  return warnings;
}

/** Overlapping pairs `rota check` lists before counting the rest. */
export const CHECK_OVERLAPS_LISTED = 100;

/** How far past the last line start or override the clash check looks: a year of turns. */
const CLASH_HORIZON = 53 * WEEK;

/**
 * What schema validation cannot see in a rota: overrides that end before they start or overlap
 * on one line, override times in the repeated autumn hour, and a person on both lines at once.
 */
export function checkRota(config: RotaConfig, zone: Zone): RotaProblem[] {
  const problems: RotaProblem[] = [];
  const inverted = invertedOverrides(config, zone);
  const invertedAt = new Map(inverted.map((p) => [p.path[2], p]));
  config.overrides.forEach((o, i) => {
    for (const key of ["from", "to"] as const) {
      if (isAmbiguousLocal(o[key], zone)) {
        problems.push({
          path: ["rota", "overrides", i, key],
          message: `${o[key]} is in the hour the clocks repeat; it is read as the first (summer-time) one: add an offset (e.g. ${o[key]}+01:00 or +00:00) to say which`,
          severity: "error",
        });
      }
    }
    const bad = invertedAt.get(i);
    if (bad) problems.push(bad);
  });
  const rota = new Rota(config, zone);
  // pushed one by one: push(...list) passes each item on the stack, and a hostile list overflows it
  for (const w of overlapWarnings(rota, CHECK_OVERLAPS_LISTED, " (not listed)")) problems.push(w);
  // A person on both (any two) lines at once, from the first start to a year past the last start
  // or override: a sweep per person in time order, so the work grows with the shifts, not their square.
  if (config.lines.length > 1) {
    let from = Number.POSITIVE_INFINITY;
    let last = Number.NEGATIVE_INFINITY;
    for (const l of config.lines) {
      const start = rota.handoverOn(l.start);
      from = Math.min(from, start);
      last = Math.max(last, start);
    }
    for (const o of config.overrides) {
      const f = parseLocalDateTime(o.from, zone);
      const t = parseLocalDateTime(o.to, zone);
      if (f !== null && t !== null && f < t) {
        from = Math.min(from, f);
        last = Math.max(last, t);
      }
    }
    const byPerson = new Map<string, Shift[]>();
    for (const s of rota.shifts(from, last + CLASH_HORIZON)) {
      const list = byPerson.get(s.person!);
      if (list) list.push(s);
      else byPerson.set(s.person!, [s]);
    }
    const order = new Map(config.lines.map((l, i) => [l.id, i]));
    const clashes: string[] = [];
    for (const [person, list] of byPerson) {
      list.sort((a, b) => a.start - b.start);
      let open: Shift[] = [];
      for (const b of list) {
        open = open.filter((a) => a.end > b.start);
        for (const a of open) {
          if (a.line === b.line) continue;
          const e = Math.min(a.end, b.end);
          // the lines in the config's order, whichever shift began first
          const [x, y] = order.get(a.line)! < order.get(b.line)! ? [a.line, b.line] : [b.line, a.line];
          clashes.push(`${person} on ${x} and ${y} from ${zone.label(b.start)} to ${zone.label(e)}`);
        }
        open.push(b);
      }
    }
    if (clashes.length > 0) {
      problems.push({
        path: ["rota", "lines"],
        message: `a person is on two lines at once: ${clashes.slice(0, 3).join("; ")}${clashes.length > 3 ? `; and ${clashes.length - 3} more` : ""}`,
        severity: "error",
      });
    }
  }
  return problems;
}
