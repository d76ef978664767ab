import { formatDuration, formatHours } from "../core/duration";
import type { ToilResult } from "../core/toil";
import type { Zone } from "../core/zone";
import { escapeText } from "./escape";
import type { Cell, Screen } from "./table";

function days(n: number): string {
  return String(Number(n.toFixed(4)));
}

/** The human view: claims, totals per person, what was skipped (listed with --verbose). */
export function toilTable(
  result: ToilResult,
  zone: Zone,
  screen: Screen,
  opts: { verbose: boolean },
): string {
  const { c, table } = screen;
  const lines: string[] = [];
  const scope = result.period ? `period ${result.period.label}` : "all alerts in the log";
  lines.push(
    c.bold(`TOIL claims, ${scope}`) +
      c.dim(`  (${result.timezone}; credited by ${result.rules.attribution})`),
  );
  if (result.claims.length === 0) {
    lines.push("No claims.");
  } else {
    const paint = { paintHead: (t: string) => c.cyan(t), paintBorder: (t: string) => c.gray(t) };
    const rows: Cell[][] = result.claims.map((cl) => {
      const alerts = cl.alerts.map((a) => a.tinyId ?? a.id);
      return [
        cl.date,
        cl.person,
        timeRange(zone, Date.parse(cl.start), Date.parse(cl.end)),
        cl.kind === "woken" ? { text: "woken", paint: (t) => c.yellow(t) } : "awake",
        alerts.length > 3 ? `${alerts.slice(0, 3).join(", ")} +${alerts.length - 3}` : alerts.join(", "),
        cl.workedMinutes === null ? { text: "–", paint: (t) => c.dim(t) } : formatDuration(cl.workedMinutes),
        days(cl.days),
        formatHours(cl.hours),
      ];
    });
    lines.push(
      table(rows, {
        head: ["Date", "Person", "Time", "Kind", "Alerts", "Worked", "Days", "Hours"],
        right: [6, 7],
        ...paint,
      }),
    );
    lines.push(c.bold("Totals"));
    const totals: Cell[][] = result.totals.byPerson.map((t) => [
      t.person,
      t.name,
      t.claims,
      t.alerts,
      days(t.days),
      formatHours(t.hours),
    ]);
    if (result.totals.byPerson.length > 1) {
      totals.push([
        { text: "all", paint: (t) => c.bold(t) },
        "",
        result.totals.claims,
        result.totals.alerts,
        days(result.totals.days),
        formatHours(result.totals.hours),
      ]);
    }
    lines.push(
      table(totals, {
        head: ["Person", "Name", "Claims", "Alerts", "Days", "Hours"],
        right: [2, 3, 4, 5],
        ...paint,
      }),
    );
  }
  const counts = Object.entries(result.skippedCounts).filter(([, n]) => n > 0);
  if (counts.length > 0) {
    const total = counts.reduce((s, [, n]) => s + n, 0);
    const listed = result.skipped.length;
    lines.push(
      `Skipped ${total} alert${total === 1 ? "" : "s"}: ${counts.map(([r, n]) => `${n} ${r}`).join(", ")}` +
        (listed > 0 && !opts.verbose ? c.dim("  (--verbose lists them)") : ""),
    );
    if (opts.verbose) for (const line of skippedList(result.skipped)) lines.push(line);
  }
  return `${lines.join("\n")}\n`;
}

/** "02:14–03:14"; across a clock change, with the zone's names: "01:40 BST–01:40 GMT". */
function timeRange(zone: Zone, start: number, end: number): string {
  if (zone.offsetMinutes(start) === zone.offsetMinutes(end)) return `${zone.hhmm(start)}–${zone.hhmm(end)}`;
  const name = (ms: number) =>
    new Intl.DateTimeFormat("en-GB", { timeZone: zone.name, timeZoneName: "short" })
      .formatToParts(ms)
      .find((p) => p.type === "timeZoneName")?.value ?? "";
  return `${zone.hhmm(start)} ${name(start)}–${zone.hhmm(end)} ${name(end)}`;
}

/** The --verbose list of skipped alerts, in aligned columns: alert, reason, detail (from the log: escaped). */
function skippedList(skipped: ToilResult["skipped"]): string[] {
  const rows = skipped.map((s) => [escapeText(s.alert), s.reason, escapeText(s.detail)] as const);
  // a loop, not Math.max(...): the list is as long as the log
  let alertWidth = 0;
  let reasonWidth = 0;
  for (const [a, r] of rows) {
    alertWidth = Math.max(alertWidth, a.length);
    reasonWidth = Math.max(reasonWidth, r.length);
  }
  return rows.map(([a, r, d]) => `  ${a.padEnd(alertWidth)}  ${r.padEnd(reasonWidth)}  ${d}`.trimEnd());
}
