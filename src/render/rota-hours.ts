import type { HoursRow, PersonHours } from "../core/rota-hours";
import type { Zone } from "../core/zone";
import { csvRow } from "./csv";
import { when } from "./rota";
import { Printed, type Screen } from "./table";

/** `oncall rota hours`: what the JSON prints, and the tables and CSV are drawn from. */
export interface RotaHoursDoc {
  schemaVersion: 1;
  month: string;
  payPeriod: string;
  from: string;
  to: string;
  rate: number | null;
  currency: string;
  rows: (HoursRow & { name: string })[];
  people: (PersonHours & { name: string; pay: number | null })[];
}

/** Currencies written as a symbol before the amount (£2.50); a code takes a space (EUR 2.50). */
export const CURRENCY_SYMBOLS = ["£", "$", "€"];

/** The hours per line and per person, with the pay when there is a rate; piped, the rows per line are the data. */
export function rotaHoursText(
  doc: RotaHoursDoc,
  lineNames: Map<string, string>,
  zone: Zone,
  { c, table, piped }: Screen,
): Printed {
  const paint = { paintHead: (t: string) => c.cyan(t), paintBorder: (t: string) => c.gray(t) };
  const printed = new Printed(piped).note(
    `${c.bold(`On-call hours, ${doc.month}`)}${c.dim(`  (${doc.payPeriod}: ${when(zone, doc.from)} – ${when(zone, doc.to)})`)}\n`,
  );
  printed.data(
    `${table(
      doc.rows.map((r) => [
        r.name,
        lineNames.get(r.line) ?? r.line,
        r.shiftHours.toFixed(2),
        r.outOfHoursHours.toFixed(2),
      ]),
      { head: ["Person", "Line", "On call (h)", "Out of hours (h)"], right: [2, 3], cut: [0, 1], ...paint },
    )}\n`,
  );
  const symbol = CURRENCY_SYMBOLS.includes(doc.currency);
  printed.note(
    `${c.bold("Per person")}${c.dim("  (time on two lines at once counted once)")}\n${table(
      doc.people.map((p) => [
        p.name,
        p.shiftHours.toFixed(2),
        p.outOfHoursHours.toFixed(2),
        p.pay === null ? "" : `${doc.currency}${symbol ? "" : " "}${p.pay.toFixed(2)}`,
      ]),
      {
        head: [
          "Person",
          "On call (h)",
          "Out of hours (h)",
          doc.rate === null ? "Pay (--rate)" : `Pay at ${money(doc.rate)}/h`,
        ],
        right: [1, 2, 3],
        cut: [0],
        ...paint,
      },
    )}\n`,
  );
  return printed;
}

/** One row per person; the currency only beside a pay. */
export function rotaHoursCsv(doc: RotaHoursDoc, tty: boolean): string {
  let out = csvRow(["person", "name", "shift_hours", "out_of_hours_hours", "pay", "currency"]);
  for (const p of doc.people)
    out += csvRow(
      [p.person, p.name, p.shiftHours, p.outOfHoursHours, p.pay, doc.rate === null ? null : doc.currency],
      tty,
    );
  return out;
}

/** Money as it is written: two decimals (2.50), more only when the rate has them (2.125). */
function money(amount: number): string {
  return Number.isInteger(Math.round(amount * 1e6) / 1e4) ? amount.toFixed(2) : String(amount);
}
