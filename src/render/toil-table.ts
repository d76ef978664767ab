import { formatDuration, formatHours } from "../core/duration";
import type { Claim, ToilResult } from "../core/toil";
import type { Zone } from "../core/zone";
import { escapeText } from "./escape";
import { type Cell, Printed, type Screen } from "./table";

function days(n: number): string {
  return String(Number(n.toFixed(4)));
}

/**
 * The human view: claims, totals per person, what was skipped (listed with --verbose). Piped, the
 * claims are the data and the rest is for a person (see Printed). `person`: --person was given, so
 * the Person column is the one name and goes early on a narrow terminal.
 */
export function toilTable(
  result: ToilResult,
  zone: Zone,
  screen: Screen,
  opts: { verbose: boolean; person?: boolean },
): Printed {
  const { c, table, piped } = screen;
  const printed = new Printed(piped);
  const scope = result.period ? `period ${result.period.label}` : "all alerts in the log";
  printed.note(
    `${c.bold(`TOIL claims, ${scope}`)}${c.dim(`  (${result.timezone}; credited by ${result.rules.attribution})`)}\n`,
  );
  const paint = { paintHead: (t: string) => c.cyan(t), paintBorder: (t: string) => c.gray(t) };
  // the ledger's columns once something was recorded: before that every claim is new, and says nothing
  const ledger =
    result.hiddenSubmitted !== undefined ||
    (result.withdrawn?.length ?? 0) > 0 ||
    result.claims.some((cl) => cl.status !== undefined && cl.status !== "new");
  if (result.claims.length === 0) {
    printed.note("No claims.\n");
  } else {
    // A mark tells guesses from answers; when every claim is a guess, one line says so instead.
    const guesses = result.claims.filter((cl) => cl.guess).length;
    const mark = !piped && guesses > 0 && guesses < result.claims.length;
    const rows: Cell[][] = result.claims.map((cl) => {
      const alerts = cl.alerts.map((a) => a.tinyId ?? a.id);
      return [
        cl.date,
        cl.person,
        timeRange(zone, Date.parse(cl.start), Date.parse(cl.end)),
        cl.kind === "woken" ? { text: "woken", paint: (t) => c.yellow(t) } : "awake",
        // a script gets every id; a person the first few and how many more
        alerts.length > 3 && !piped
          ? `${alerts.slice(0, 3).join(", ")} +${alerts.length - 3}`
          : alerts.join(", "),
        cl.workedMinutes === null ? { text: "–", paint: (t) => c.dim(t) } : formatDuration(cl.workedMinutes),
        // a person sees which figures rest on a guess; a script reads guess from --json
        cl.guess && mark ? { text: `${days(cl.days)}?`, paint: (t) => c.yellow(t) } : days(cl.days),
        formatHours(cl.hours),
        ...(ledger ? [statusCell(cl, c)] : []),
      ];
    });
    printed.data(
      `${table(rows, {
        head: [
          "Date",
          "Person",
          "Time",
          "Kind",
          "Alerts",
          "Worked",
          "Days",
          "Hours",
          ...(ledger ? ["Status"] : []),
        ],
        right: [6, 7],
        // Nothing here is free text: a cut alert id (`6001…`) names no alert, so the alerts are
        // whole or left out (the ids are in --json and the piped rows), and no head is cut.
        cut: [],
        // the hours are the days at the rota's hours a day: worth less than the alerts they rest on
        drop: opts.person ? [5, 1, 7, 4, 3] : [5, 7, 4, 3, 1],
        whole: true,
        ...paint,
      })}\n`,
    );
    if (!piped && guesses > 0) {
      const what = mark ? "? a guess" : "every claim is a guess";
      printed.err += `${c.dim(`${what}: woken or awake, or the time worked, was not answered; oncall toil review asks`)}\n`;
    }
    const totals: Cell[][] = result.totals.byPerson.map((t) => [
      t.person,
      t.name,
      t.claims,
      t.alerts,
      days(t.days),
      formatHours(t.hours),
      ...(ledger ? [days(t.submittedDays ?? 0), days(t.toClaimDays ?? t.days)] : []),
    ]);
    if (result.totals.byPerson.length > 1) {
      totals.push([
        { text: "all", paint: (t) => c.bold(t) },
        "",
        result.totals.claims,
        result.totals.alerts,
        days(result.totals.days),
        formatHours(result.totals.hours),
        ...(ledger
          ? [days(result.totals.submittedDays ?? 0), days(result.totals.toClaimDays ?? result.totals.days)]
          : []),
      ]);
    }
    printed.note(
      `${c.bold("Totals")}\n${table(totals, {
        head: [
          "Person",
          "Name",
          "Claims",
          "Alerts",
          "Days",
          "Hours",
          ...(ledger ? ["Submitted", "To claim"] : []),
        ],
        right: [2, 3, 4, 5, 6, 7],
        cut: [1],
        drop: [3, 2, 1, 5],
        whole: true,
        ...paint,
      })}\n`,
    );
  }
  if (result.hiddenSubmitted)
    printed.note(
      c.dim(
        `${result.hiddenSubmitted} submitted claim${result.hiddenSubmitted === 1 ? "" : "s"} not shown (--new)\n`,
      ),
    );
  for (const w of result.withdrawn ?? []) {
    printed.note(
      `${c.yellow("Withdrawn")}: ${w.claim} (${w.person}, ${w.date}, ${days(w.days)} days logged ${w.at.slice(0, 10)}): ` +
        "its alerts make no claim now; ask HR or your line manager for an adjustment\n",
    );
  }
  for (const d of result.declined) {
    const alerts = d.alerts.map((a) => a.tinyId ?? a.id).join(", ");
    const note = d.note === null ? "" : ` (${d.note})`;
    printed.note(
      `${c.dim("Declined (no claim):")} ${d.date} ${timeRange(zone, Date.parse(d.start), Date.parse(d.end))} ${escapeText(`${d.person}, alerts ${alerts}: ${d.reason}${note}`)}\n`,
    );
  }
  const counts = Object.entries(result.skippedCounts).filter(([, n]) => n > 0);
  if (counts.length > 0) {
    const total = counts.reduce((s, [, n]) => s + n, 0);
    const listed = result.skipped.length;
    printed.note(
      `Skipped ${total} alert${total === 1 ? "" : "s"}: ${counts.map(([r, n]) => `${n} ${r}`).join(", ")}` +
        // other-person skips are only counted (SPEC §5 skippedCounts): the hint promises what is listed
        (listed > 0 && !opts.verbose
          ? c.dim(
              `  (--verbose lists ${listed === total ? "them" : `${listed}; other-person ones are only counted`})`,
            )
          : "") +
        "\n",
    );
    if (opts.verbose && listed > 0) {
      printed.note(
        `${table(
          result.skipped.map((s) => [s.alert, s.reason, s.detail]),
          { head: ["Alert", "Reason", "Detail"], cut: [2], ...paint },
        )}\n`,
      );
    }
  }
  return printed;
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

/** A claim's standing against the ledger; a changed one with its difference. */
function statusCell(cl: Claim, c: Screen["c"]): Cell {
  if (cl.status === "changed") {
    const d = cl.difference ?? 0;
    // the rules changed since it was logged (the config digest differs): that is why (SPEC §9)
    const why = cl.rulesChanged ? ", rules changed" : "";
    return { text: `changed ${d > 0 ? "+" : "\u2212"}${days(Math.abs(d))}${why}`, paint: (t) => c.yellow(t) };
  }
  if (cl.status === "new") return { text: "new", paint: (t) => c.bold(t) };
  return cl.status ?? "";
}
