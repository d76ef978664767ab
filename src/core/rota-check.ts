import { isAmbiguousLocal, parseLocalDateTime, Rota, type RotaConfig } from "./rota";
import type { Zone } from "./zone";

export interface RotaProblem {
  path: (string | number)[];
  message: string;
}

const WEEK = 7 * 86_400_000;

/**
 * What schema validation cannot see in a rota: overrides that end before they start or overlap
 * on one line, override times in the repeated autumn hour, and a person on both lines at once.
 */
export function checkRota(config: RotaConfig, zone: Zone): RotaProblem[] {
  const problems: RotaProblem[] = [];
  config.overrides.forEach((o, i) => {
    for (const key of ["from", "to"] as const) {
      if (isAmbiguousLocal(o[key], zone)) {
        problems.push({
          path: ["rota", "overrides", i, key],
          message: `${o[key]} is in the hour the clocks repeat; it is read as the first (summer-time) one: add an offset (e.g. ${o[key]}+01:00 or +00:00) to say which`,
        });
      }
    }
    const from = parseLocalDateTime(o.from, zone);
    const to = parseLocalDateTime(o.to, zone);
    if (from !== null && to !== null && from >= to) {
      problems.push({
        path: ["rota", "overrides", i, "to"],
        message: `ends (${o.to}) before or when it starts (${o.from})`,
      });
    }
  });
  // Overlapping overrides on one line
  config.overrides.forEach((a, i) => {
    config.overrides.forEach((b, j) => {
      if (j <= i || a.line !== b.line) return;
      const [af, at, bf, bt] = [a.from, a.to, b.from, b.to].map((t) => parseLocalDateTime(t, zone));
      if (af == null || at == null || bf == null || bt == null) return;
      if (af < bt && bf < at) {
        problems.push({
          path: ["rota", "overrides", j],
          message: `overlaps override ${i + 1} on ${a.line} (${a.from} – ${a.to}): only one person can hold a line at a time`,
        });
      }
    });
  });
  // A person on both (any two) lines at once, over the rota's first year and every override
  if (config.lines.length > 1) {
    const rota = new Rota(config, zone);
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
      });
    }
  }
  return problems;
}
