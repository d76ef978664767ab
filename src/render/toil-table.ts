import Table from "cli-table3";
import { formatDuration, formatHours } from "../core/duration";
import type { ToilResult } from "../core/toil";
import type { Zone } from "../core/zone";
import { painter } from "./style";

function days(n: number): string {
  return String(Number(n.toFixed(4)));
}

/** The human view: claims, totals per person, what was skipped (listed with --verbose). */
export function toilTable(
  result: ToilResult,
  zone: Zone,
  opts: { color: boolean; verbose: boolean },
): string {
  const c = painter(opts.color);
  const lines: string[] = [];
  const scope = result.period ? `period ${result.period.label}` : "all alerts in the log";
  lines.push(
    c.bold(`TOIL claims, ${scope}`) +
      c.dim(`  (${result.timezone}; credited by ${result.rules.attribution})`),
  );
  if (result.claims.length === 0) {
    lines.push("No claims.");
  } else {
    const table = new Table({
      head: ["Date", "Person", "Time", "Kind", "Alerts", "Worked", "Days", "Hours"],
      style: { head: opts.color ? ["cyan"] : [], border: opts.color ? ["grey"] : [] },
    });
    for (const cl of result.claims) {
      const start = Date.parse(cl.start);
      const end = Date.parse(cl.end);
      const alerts = cl.alerts.map((a) => a.tinyId ?? a.id);
      table.push([
        cl.date,
        cl.person,
        `${zone.hhmm(start)}–${zone.hhmm(end)}`,
        cl.kind === "woken" ? c.yellow("woken") : "awake",
        alerts.length > 3 ? `${alerts.slice(0, 3).join(", ")} +${alerts.length - 3}` : alerts.join(", "),
        cl.workedMinutes === null ? c.dim("–") : formatDuration(cl.workedMinutes),
        days(cl.days),
        formatHours(cl.hours),
      ]);
    }
    lines.push(table.toString());
    lines.push(c.bold("Totals"));
    const totals = new Table({
      head: ["Person", "Name", "Claims", "Alerts", "Days", "Hours"],
      style: { head: opts.color ? ["cyan"] : [], border: opts.color ? ["grey"] : [] },
    });
    for (const t of result.totals.byPerson) {
      totals.push([t.person, t.name, t.claims, t.alerts, days(t.days), formatHours(t.hours)]);
    }
    if (result.totals.byPerson.length > 1) {
      totals.push([
        c.bold("all"),
        "",
        result.totals.claims,
        result.totals.alerts,
        days(result.totals.days),
        formatHours(result.totals.hours),
      ]);
    }
    lines.push(totals.toString());
  }
  const counts = Object.entries(result.skippedCounts).filter(([, n]) => n > 0);
  if (counts.length > 0) {
    const total = counts.reduce((s, [, n]) => s + n, 0);
    const listed = result.skipped.length;
    lines.push(
      `Skipped ${total} alert${total === 1 ? "" : "s"}: ${counts.map(([r, n]) => `${n} ${r}`).join(", ")}` +
        (listed > 0 && !opts.verbose ? c.dim("  (--verbose lists them)") : ""),
    );
    if (opts.verbose) {
      for (const s of result.skipped) lines.push(`  ${s.alert}  ${s.reason}  ${s.detail}`);
    }
  }
  return `${lines.join("\n")}\n`;
}
