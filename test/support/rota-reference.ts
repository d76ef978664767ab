import { DateTime } from "luxon";
import type { RotaConfig, RotaLine, Shift } from "../../src/core/rota";

const WEEK = 7 * 86_400_000;

/**
 * The instant of a local "YYYY-MM-DDTHH:MM" in a zone, by luxon rather than the code under test;
 * in the repeated hour of an autumn change, the first occurrence (as SPEC §2 reads an override).
 */
export function localInstant(text: string, zone = "Europe/London"): number {
  const dt = DateTime.fromISO(text, { zone });
  const hourEarlier = dt.minus({ hours: 1 });
  return hourEarlier.toFormat("yyyy-MM-dd'T'HH:mm") === text ? hourEarlier.toMillis() : dt.toMillis();
}

/** A shift with what it comes from: "before" the line's start, "t<turn>" or "o<override>". */
export type RefPiece = Omit<Shift, "line"> & { source: string };

/**
 * The rota straight from its definition (SPEC §2), with luxon for the calendar: the handover of
 * week k is k weeks of local days after the line's start; the later override in the file holds
 * the line; nobody before the start.
 */
export class RotaReference {
  constructor(
    readonly config: RotaConfig,
    readonly instants: { from: number; to: number }[],
  ) {}

  private readonly starts = new Map<string, number>();

  weekStart(line: RotaLine, k: number): number {
    const key = `${line.id} ${k}`;
    let start = this.starts.get(key);
    if (start === undefined) {
      const [hour, minute] = this.config.handover.time.split(":").map(Number) as [number, number];
      start = DateTime.fromISO(line.start, { zone: "Europe/London" })
        .plus({ days: 7 * k })
        .set({ hour, minute })
        .toMillis();
      this.starts.set(key, start);
    }
    return start;
  }

  week(line: RotaLine, ms: number): number {
    let k = Math.floor((ms - this.weekStart(line, 0)) / WEEK);
    while (ms < this.weekStart(line, k)) k--;
    while (ms >= this.weekStart(line, k + 1)) k++;
    return k;
  }

  state(line: RotaLine, ms: number): Omit<RefPiece, "start" | "end"> {
    for (let i = this.config.overrides.length - 1; i >= 0; i--) {
      const o = this.config.overrides[i]!;
      const t = this.instants[i]!;
      if (o.line === line.id && t.from <= ms && ms < t.to)
        return { person: o.person, override: true, reason: o.reason ?? null, source: `o${i}` };
    }
    const k = this.week(line, ms);
    if (k < 0) return { person: null, override: false, reason: null, source: "before" };
    const turn = Math.floor(k / line.weeksPerTurn);
    return {
      person: line.members[turn % line.members.length]!,
      override: false,
      reason: null,
      source: `t${turn}`,
    };
  }

  /** Who holds a line at an instant, from the definition alone. */
  personOn(lineId: string, ms: number): string | null {
    return this.state(this.config.lines.find((l) => l.id === lineId)!, ms).person;
  }

  lineShifts(lineId: string, from: number, to: number): RefPiece[] {
    const line = this.config.lines.find((l) => l.id === lineId)!;
    const cuts = new Set([from, to]);
    this.config.overrides.forEach((o, i) => {
      if (o.line !== lineId) return;
      for (const t of [this.instants[i]!.from, this.instants[i]!.to]) if (t > from && t < to) cuts.add(t);
    });
    for (let k = this.week(line, from) + 1; this.weekStart(line, k) < to; k++)
      cuts.add(this.weekStart(line, k));
    const points = [...cuts].sort((a, b) => a - b);
    const out: RefPiece[] = [];
    for (let i = 0; i + 1 < points.length; i++) {
      const s = this.state(line, points[i]!);
      const prev = out[out.length - 1];
      if (prev && prev.source === s.source) prev.end = points[i + 1]!;
      else out.push({ ...s, start: points[i]!, end: points[i + 1]! });
    }
    return out;
  }
}
