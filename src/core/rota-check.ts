import { isAmbiguousLocal, parseLocalDateTime, Rota, type RotaConfig } from "./rota";
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
 * later one in the file holds the line for the overlap — but a typo looks the same, so say so.
 */
export function overlapWarnings(rota: Rota): RotaProblem[] {
  return rota.overlappingOverrides().map((o) => ({
    path: ["rota", "overrides", o.later],
    message: `overlaps rota.overrides[${o.earlier}] on ${o.line} from ${rota.zone.label(o.from)} to ${rota.zone.label(o.to)}: the later one in the file holds the line then (${o.person})`,
    severity: "warning",
  }));
}

/**
 * What schema validation cannot see in a rota: overrides that end before they start or overlap
 * on one line, override times in the repeated autumn hour, and a person on both lines at once.
 */
export function checkRota(config: RotaConfig, zone: Zone): RotaProblem[] {
  const problems: RotaProblem[] = [];
  const inverted = invertedOverrides(config, zone);
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
    problems.push(...inverted.filter((p) => p.path[2] === i));
  });
  const rota = new Rota(config, zone);
  problems.push(...overlapWarnings(rota));
  // A person on both (any two) lines at once, over the rota's first year and every override
  if (config.lines.length > 1) {
    const starts = config.lines.map((l) => rota.handoverOn(l.start));
    let from = Math.min(...starts);
    let to = Math.max(...starts) + 53 * WEEK;
    for (const o of config.overrides) {
      const f = parseLocalDateTime(o.from, zone);
      const t = parseLocalDateTime(o.to, zone);
      if (f !== null) from = Math.min(from, f);
      if (t !== null) to = Math.max(to, t);
    }
    const shifts = rota.shifts(from, to);
    const clashes: string[] = [];
    for (let i = 0; i < shifts.length; i++) {
      for (let j = i + 1; j < shifts.length; j++) {
        const a = shifts[i]!;
        const b = shifts[j]!;
        if (a.line === b.line || a.person !== b.person) continue;
        const s = Math.max(a.start, b.start);
        const e = Math.min(a.end, b.end);
        if (s < e)
          clashes.push(`${a.person} on ${a.line} and ${b.line} from ${zone.label(s)} to ${zone.label(e)}`);
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
