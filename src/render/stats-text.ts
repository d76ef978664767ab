import type { StatsDoc, StatsPerson } from "../app/stats";
import type { Zone } from "../core/zone";
import { escapeText } from "./escape";
import { when } from "./rota";
import { type Cell, Printed, type Screen, type TableOptions } from "./table";

const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
/** Heat-map shades, none to most: a cell's share of the busiest cell picks one. */
const SHADES = [" ", "░", "▒", "▓", "█"];
const BAR = 24;

/** A column of a stats table: its head, its cell in a row, and how it gives way on a narrow terminal. */
interface Column<T> {
  head: string;
  cell: (row: T) => Cell;
  right?: boolean;
  /** free text, cut with … as a last resort */
  cut?: boolean;
  /** left out on a narrow terminal: the lower, the sooner */
  drop?: number;
}

/**
 * A whole table (TableOptions.whole): short heads never cut, the least useful columns left out
 * first, so 80 columns show fewer figures rather than `al…` and `Alic…`.
 */
function columnsTable<T>(screen: Screen, rows: readonly T[], cols: readonly (Column<T> | false)[]): string {
  const kept = cols.filter((x): x is Column<T> => x !== false);
  const at = (want: (x: Column<T>) => boolean) => kept.flatMap((x, i) => (want(x) ? [i] : []));
  const opts: TableOptions = {
    head: kept.map((x) => x.head),
    right: at((x) => x.right === true),
    cut: at((x) => x.cut === true),
    drop: at((x) => x.drop !== undefined).sort((a, b) => kept[a]!.drop! - kept[b]!.drop!),
    whole: true,
  };
  return screen.table(
    rows.map((r) => kept.map((x) => x.cell(r))),
    opts,
  );
}

/**
 * A person's next shift: one in progress as such (its start is in the past), one to come by its
 * start: "first-line now, until Sat 28 Nov 18:00", "first-line Wed 9 Dec 10:00".
 */
export function nextShiftText(shift: StatsPerson["nextShift"], zone: Zone, now: number): string {
  if (shift === null) return "–";
  if (Date.parse(shift.start) <= now) return `${shift.line} now, until ${when(zone, shift.end)}`;
  return `${shift.line} ${when(zone, shift.start)}`;
}

/** "4m05s", "1h02m": an ack time, or "–" when there is none to measure. */
export function seconds(s: number | null): string {
  if (s === null) return "–";
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, "0")}m`;
}

const pct = (share: number | null) => (share === null ? "–" : `${Math.round(share * 100)}%`);
const num = (n: number) => String(Math.round(n * 10_000) / 10_000);

/** The shade of a count against the busiest count: empty only for zero. */
export function shade(n: number, max: number): string {
  if (n <= 0 || max <= 0) return SHADES[0]!;
  // the busiest cell is solid; any count at all is at least the lightest shade
  return SHADES[Math.max(1, Math.ceil((n / max) * (SHADES.length - 1)))]!;
}

/**
 * Terminal: the period table with a bar each, the people, the heat map, escalations by hour and the
 * noisiest sources. Piped: the period rows alone on stdout (tab-separated), the rest on stderr.
 */
export function statsText(doc: StatsDoc, screen: Screen, clock: { zone: Zone; now: number }): Printed {
  const { c } = screen;
  const p = new Printed(screen.piped);
  const title = doc.period === null ? "every alert read" : doc.period.label;
  p.note(`${c.bold(`Out-of-hours statistics: ${escapeText(title)}`)} (${doc.timezone})\n\n`);

  const maxOoh = Math.max(1, ...doc.periods.map((r) => r.outOfHoursAlerts));
  type Row = StatsDoc["periods"][number];
  // what a period is about (its alerts out of hours, the TOIL they cost, who was woken) stays longest
  const periods = columnsTable<Row>(screen, doc.periods, [
    { head: doc.by === "person" ? "period" : doc.by, cell: (r) => r.label },
    { head: "alerts", cell: (r) => r.alerts, right: true, drop: 7 },
    { head: "ooh alerts", cell: (r) => r.outOfHoursAlerts, right: true },
    { head: "windows", cell: (r) => r.outOfHoursWindows, right: true, drop: 1 },
    { head: "woken", cell: (r) => r.wokenWindows, right: true, drop: 6 },
    { head: "TOIL days", cell: (r) => num(r.toilDays), right: true },
    { head: "escalated", cell: (r) => r.escalatedAlerts, right: true, drop: 3 },
    { head: "ack p50", cell: (r) => seconds(r.ackMedianSeconds), right: true, drop: 4 },
    { head: "ack p90", cell: (r) => seconds(r.ackP90Seconds), right: true, drop: 2 },
    { head: "woken nights", cell: (r) => pct(r.wokenNightsShare), right: true, drop: 5 },
    !screen.piped && {
      head: "ooh alerts",
      cell: (r) => "█".repeat(Math.round((r.outOfHoursAlerts / maxOoh) * BAR)),
      cut: true,
      drop: 0,
    },
  ]);
  // The table stdout carries piped is the one --by asks for: the periods', or the people's.
  const byPerson = doc.by === "person";
  const periodsPart = () => {
    if (doc.periods.length === 0) p.note("No alerts in the period.\n");
    else if (byPerson) p.note(`${c.bold("The period")}\n${periods}\n\n`);
    else p.data(screen.piped ? `${periods}\n` : `${periods}\n\n`);
  };
  if (!byPerson) periodsPart();

  if (doc.people.length === 0 && byPerson) p.note("Nobody is on the rota or credited with a window.\n");
  if (doc.people.length > 0) {
    const claimed = doc.people.some((y) => y.claimedDays !== null);
    const people = columnsTable<StatsPerson>(screen, doc.people, [
      { head: "person", cell: (x) => x.name, cut: true },
      { head: "windows", cell: (x) => x.windows, right: true, drop: 5 },
      { head: "woken", cell: (x) => x.wokenWindows, right: true, drop: 6 },
      { head: "4-wk nights", cell: (x) => x.wokenNightsRecent, right: true, drop: 2 },
      { head: "longest run", cell: (x) => x.longestWokenRun, right: true, drop: 1 },
      { head: "TOIL days", cell: (x) => num(x.toilDays), right: true },
      claimed && {
        head: "claimed",
        cell: (x) => (x.claimedDays === null ? "–" : num(x.claimedDays)),
        right: true,
      },
      {
        head: "ooh hours",
        cell: (x) => (x.outOfHoursHours === null ? "–" : num(x.outOfHoursHours)),
        right: true,
        drop: 3,
      },
      doc.rate !== null && {
        head: "pay",
        cell: (x) => (x.pay === null ? "–" : x.pay.toFixed(2)),
        right: true,
        drop: 4,
      },
      { head: "next shift", cell: (x) => nextShiftText(x.nextShift, clock.zone, clock.now), drop: 0 },
    ]);
    if (!byPerson) p.note(`${c.bold("People")}\n${people}\n\n`);
    else p.data(screen.piped ? `${people}\n` : `${people}\n\n`);
  }
  if (byPerson) periodsPart();

  const max = Math.max(0, ...doc.grid.flat());
  const hours = Array.from({ length: 24 }, (_, h) => (h % 3 === 0 ? String(h).padEnd(3) : "")).join("");
  const lines = doc.grid.map((row, d) => `${WEEKDAYS[d]} ${row.map((n) => shade(n, max)).join("")}`);
  p.note(
    `${c.bold("Out-of-hours alerts by weekday and hour")} (busiest: ${max})\n    ${hours}\n${lines.join("\n")}\n\n`,
  );

  const maxEsc = Math.max(0, ...doc.escalationsByHour);
  p.note(
    `${c.bold("Escalations by hour")}\n    ${doc.escalationsByHour.map((n) => shade(n, maxEsc)).join("")}  (${doc.escalationsByHour.reduce((a, b) => a + b, 0)} escalated)\n\n`,
  );

  if (doc.noisiest.length > 0) {
    const noisy = screen.table(
      doc.noisiest.map((s) => [
        s.source,
        s.count,
        s.refires,
        num(s.days),
        s.lowPriorityOutOfHours === null ? "–" : s.lowPriorityOutOfHours,
      ]),
      {
        head: ["noisiest source", "alerts", "re-fires", "TOIL days", "ooh below P2"],
        right: [1, 2, 3, 4],
        cut: [0],
      },
    );
    p.note(`${c.bold("Noisiest sources")}\n${noisy}\n`);
  }
  return p;
}
