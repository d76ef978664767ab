import type { Zone } from "../core/zone";
import { escapeLines, escapeText } from "./escape";
import { type Cell, Printed, type Screen } from "./table";

export interface ShiftView {
  line: string;
  person: string | null;
  name: string | null;
  start: string;
  end: string;
  override: boolean;
  reason?: string | null;
}

export interface ContactView {
  id: string;
  person: string;
  name: string;
  title: string;
  phone: string | null;
}

export interface RotaShowDoc {
  schemaVersion: 1;
  from: string;
  to: string;
  shifts: ShiftView[];
  contacts: ContactView[];
}

export interface RotaWhoDoc {
  schemaVersion: 1;
  at: string;
  inSupportHours: boolean;
  nextChange: string | null;
  lines: (ShiftView & {
    from: string | null;
    until: string | null;
    phone: string | null;
    startsAt?: string | null;
  })[];
  contacts: ContactView[];
}

/** "Wed 25 Nov 10:00", with the year when it is not this year (see Zone#label) */
export function when(zone: Zone, iso: string): string {
  return zone.label(Date.parse(iso));
}

export function contactsTable(contacts: ContactView[], { c, table }: Screen): string {
  if (contacts.length === 0) return "";
  return `${c.bold("Escalation contacts")}\n${table(
    contacts.map((x) => [x.title, x.name, x.phone ?? "", x.id]),
    {
      head: ["Role", "Name", "Phone", "oncall escalate --to"],
      cut: [0, 1],
      drop: [0, 1],
      paintHead: (t) => c.cyan(t),
      paintBorder: (t) => c.gray(t),
    },
  )}\n`;
}

/**
 * The rota, a table per line on a terminal (the current shift marked). Piped, one table of every
 * shift with its line first, and no marker: a script tells "now" from the times (see Printed).
 */
export function rotaShowText(
  doc: RotaShowDoc,
  lineNames: Map<string, string>,
  zone: Zone,
  now: number,
  screen: Screen,
): Printed {
  const { c, table, piped } = screen;
  const printed = new Printed(piped);
  printed.note(
    `${c.bold("Rota")}${c.dim(`  ${when(zone, doc.from)} – ${when(zone, doc.to)} (${zone.name})`)}\n`,
  );
  const lines = [...new Set(doc.shifts.map((s) => s.line))];
  if (lines.length === 0) printed.note("Nobody is on call in this period.\n");
  const note = (s: ShiftView) => (s.override ? `override${s.reason ? `: ${s.reason}` : ""}` : "");
  const opts = {
    head: ["Person", "From", "Until", "Note"],
    cut: [0, 3],
    drop: [3, 2],
    paintHead: (t: string) => c.cyan(t),
    paintBorder: (t: string) => c.gray(t),
  };
  if (piped) {
    const rows = doc.shifts.map((s) => [
      lineNames.get(s.line) ?? s.line,
      s.name ?? "(nobody)",
      when(zone, s.start),
      when(zone, s.end),
      note(s),
    ]);
    if (rows.length > 0) printed.data(`${table(rows, { ...opts, head: ["Line", ...opts.head] })}\n`);
  } else {
    for (const line of lines) {
      const rows: Cell[][] = doc.shifts
        .filter((s) => s.line === line)
        .map((s) => {
          const current = Date.parse(s.start) <= now && now < Date.parse(s.end);
          const mark = (t: string) => (current ? c.bold(c.green(t)) : t);
          return [
            { text: `${s.name ?? "(nobody)"}${current ? " ◀ now" : ""}`, paint: mark },
            when(zone, s.start),
            when(zone, s.end),
            note(s),
          ];
        });
      printed.data(`${c.bold(escapeText(lineNames.get(line) ?? line))}\n${table(rows, opts)}\n`);
    }
  }
  return printed.note(contactsTable(doc.contacts, screen));
}

/** `asked`: the time was given (--at), so the status says "at" that time rather than "now". */
export function rotaWhoText(
  doc: RotaWhoDoc,
  lineNames: Map<string, string>,
  zone: Zone,
  screen: Screen,
  asked = false,
): Printed {
  const { c, table, piped } = screen;
  // the title says the time: the status does not say it again
  const moment = asked ? "" : " now";
  const status = doc.inSupportHours
    ? `In support hours${moment}${doc.nextChange ? `; on call from ${when(zone, doc.nextChange)}` : ""}.`
    : `Out of hours${moment}: on call${doc.nextChange ? ` until in-hours support at ${when(zone, doc.nextChange)}` : ""}.`;
  const title = `On call at ${when(zone, doc.at)}`;
  // on one line when it fits the terminal, else the status under the title (never wrapped)
  const gap = title.length + 2 + status.length <= screen.width ? "  " : "\n";
  const rows: Cell[][] = doc.lines.map((l) => [
    lineNames.get(l.line) ?? l.line,
    l.person === null
      ? { text: "nobody", paint: (t) => c.dim(t) }
      : { text: l.name ?? l.person, paint: (t) => c.bold(t) },
    l.phone ?? "",
    l.until === null
      ? l.startsAt
        ? `the line starts ${when(zone, l.startsAt)}`
        : ""
      : `until ${when(zone, l.until)}`,
    l.override ? `override${l.reason ? `: ${l.reason}` : ""}` : "",
  ]);
  return new Printed(piped)
    .note(`${c.bold(title)}${gap}${c.dim(status)}\n`)
    .data(
      `${table(rows, {
        head: ["Line", "Person", "Phone", "When", "Note"],
        cut: [0, 1, 4],
        drop: [4, 3, 0],
        paintHead: (t) => c.cyan(t),
        paintBorder: (t) => c.gray(t),
      })}\n`,
    )
    .note(contactsTable(doc.contacts, screen));
}

export interface RotaNextDoc {
  schemaVersion: 1;
  person: string;
  name: string;
  at: string;
  shifts: (ShiftView & { now: boolean })[];
}

/** A person's next shifts, one line each, with how far off each is. */
export function rotaNextText(doc: RotaNextDoc, lineNames: Map<string, string>, zone: Zone): string {
  // Names, line names and reasons come from the config: escaped before they reach a terminal.
  if (doc.shifts.length === 0) return escapeLines(`${doc.name} is not on the rota in the next year.\n`);
  const now = Date.parse(doc.at);
  const lines = doc.shifts.map((s) => {
    const days = Math.round((Date.parse(s.start) - now) / 86_400_000);
    const inWhen = s.now ? "now" : days <= 0 ? "today" : days === 1 ? "tomorrow" : `in ${days} days`;
    return `  ${lineNames.get(s.line) ?? s.line}: ${when(zone, s.start)} – ${when(zone, s.end)} (${inWhen})${s.override ? `, override${s.reason ? `: ${s.reason}` : ""}` : ""}`;
  });
  return escapeLines(`${doc.name} (${doc.person}) is on call:\n${lines.join("\n")}\n`);
}
