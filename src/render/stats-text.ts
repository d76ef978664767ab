import type { StatsDoc } from "../app/stats";
import { escapeText } from "./escape";
import { Printed, type Screen } from "./table";

const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
/** Heat-map shades, none to most: a cell's share of the busiest cell picks one. */
const SHADES = [" ", "░", "▒", "▓", "█"];
const BAR = 24;

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
export function statsText(doc: StatsDoc, screen: Screen): Printed {
  const { c } = screen;
  const p = new Printed(screen.piped);
  const title = doc.period === null ? "every alert read" : doc.period.label;
  p.note(`${c.bold(`Out-of-hours statistics: ${escapeText(title)}`)} (${doc.timezone})\n\n`);

  const maxOoh = Math.max(1, ...doc.periods.map((r) => r.outOfHoursAlerts));
  const periodRows = doc.periods.map((r) => [
    r.label,
    r.alerts,
    r.outOfHoursAlerts,
    r.outOfHoursWindows,
    r.wokenWindows,
    num(r.toilDays),
    r.escalatedAlerts,
    seconds(r.ackMedianSeconds),
    seconds(r.ackP90Seconds),
    pct(r.wokenNightsShare),
    ...(screen.piped ? [] : ["█".repeat(Math.round((r.outOfHoursAlerts / maxOoh) * BAR))]),
  ]);
  const periodHead = [
    doc.by === "person" ? "period" : doc.by,
    "alerts",
    "ooh alerts",
    "ooh windows",
    "woken",
    "TOIL days",
    "escalated",
    "ack median",
    "ack p90",
    "woken nights",
    ...(screen.piped ? [] : ["ooh alerts"]),
  ];
  const periods = screen.table(periodRows, {
    head: periodHead,
    right: [1, 2, 3, 4, 5, 6, 7, 8, 9],
    cut: [10],
  });
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
    const people = screen.table(
      doc.people.map((x) => [
        x.name,
        x.windows,
        x.wokenWindows,
        x.wokenNightsRecent,
        x.longestWokenRun,
        num(x.toilDays),
        ...(doc.people.some((y) => y.claimedDays !== null)
          ? [x.claimedDays === null ? "–" : num(x.claimedDays)]
          : []),
        x.outOfHoursHours === null ? "–" : num(x.outOfHoursHours),
        ...(doc.rate === null ? [] : [x.pay === null ? "–" : x.pay.toFixed(2)]),
        x.nextShift === null ? "–" : `${x.nextShift.line} ${x.nextShift.start.slice(0, 10)}`,
      ]),
      {
        head: [
          "person",
          "windows",
          "woken",
          "woken nights (4 wk)",
          "longest run",
          "TOIL days",
          ...(doc.people.some((y) => y.claimedDays !== null) ? ["claimed"] : []),
          "ooh on-call h",
          ...(doc.rate === null ? [] : ["pay"]),
          "next shift",
        ],
        right: [1, 2, 3, 4, 5, 6, 7],
        cut: [0],
      },
    );
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
