import type { Zone } from "../core/zone";
import { escapeLines, escapeText } from "./escape";
import type { Cell, Screen } from "./table";

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
      paintHead: (t) => c.cyan(t),
      paintBorder: (t) => c.gray(t),
    },
  )}\n`;
}

export function rotaShowText(
  doc: RotaShowDoc,
  lineNames: Map<string, string>,
  zone: Zone,
  now: number,
  screen: Screen,
): string {
  const { c, table } = screen;
  let out = `${c.bold("Rota")}${c.dim(`  ${when(zone, doc.from)} – ${when(zone, doc.to)} (${zone.name})`)}\n`;
  const lines = [...new Set(doc.shifts.map((s) => s.line))];
  if (lines.length === 0) out += "Nobody is on call in this period.\n";
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
          s.override ? `override${s.reason ? `: ${s.reason}` : ""}` : "",
        ];
      });
    out += `${c.bold(escapeText(lineNames.get(line) ?? line))}\n${table(rows, {
      head: ["Person", "From", "Until", "Note"],
      paintHead: (t) => c.cyan(t),
      paintBorder: (t) => c.gray(t),
    })}\n`;
  }
  return out + contactsTable(doc.contacts, screen);
}

/** `asked`: the time was given (--at), so the status says "at" that time rather than "now". */
export function rotaWhoText(
  doc: RotaWhoDoc,
  lineNames: Map<string, string>,
  zone: Zone,
  screen: Screen,
  asked = false,
): string {
  const { c, table } = screen;
  const moment = asked ? `at ${when(zone, doc.at)}` : "now";
  const status = doc.inSupportHours
    ? `In support hours ${moment}${doc.nextChange ? `; on call from ${when(zone, doc.nextChange)}` : ""}.`
    : `Out of hours ${moment}: on call${doc.nextChange ? ` until in-hours support at ${when(zone, doc.nextChange)}` : ""}.`;
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
  return `${c.bold(`On call at ${when(zone, doc.at)}`)}  ${c.dim(status)}\n${table(rows, {
    head: ["Line", "Person", "Phone", "When", "Note"],
    paintHead: (t) => c.cyan(t),
    paintBorder: (t) => c.gray(t),
  })}\n${contactsTable(doc.contacts, screen)}`;
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
