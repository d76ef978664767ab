import { formatHours } from "../core/duration";
import type { LedgerRecord } from "../core/ledger";
import type { Zone } from "../core/zone";
import { escapeLines } from "./escape";
import { Printed, type Screen } from "./table";

/** `oncall toil ledger --json`: the records, in file order (SPEC §9). */
export interface LedgerDoc {
  schemaVersion: 1;
  records: LedgerRecord[];
}

/** Days as the tool prints them everywhere: 0.6875, 1, −0.25. */
export function ledgerDays(n: number): string {
  return String(Number(n.toFixed(4)));
}

/** The records, one row each, in the order they were recorded; an undo says so. */
export function ledgerText(doc: LedgerDoc, zone: Zone, { c, table, piped }: Screen): Printed {
  if (doc.records.length === 0) {
    return new Printed(piped).note(
      escapeLines("Nothing recorded as logged yet: oncall toil submit records claims as you log them.\n"),
    );
  }
  const rows = doc.records.map((r) => [
    r.date,
    r.claim,
    r.person,
    r.undo ? { text: "undo", paint: (t: string) => c.yellow(t) } : ledgerDays(r.days),
    // h:mm, as every other table shows hours (a negative adjustment keeps its sign)
    r.undo ? "" : `${r.hours < 0 ? "−" : ""}${formatHours(Math.abs(r.hours))}`,
    r.alerts.length,
    zone.label(Date.parse(r.at)),
  ]);
  return new Printed(piped).data(
    `${table(rows, {
      head: ["Date", "Claim", "Person", "Days", "Hours", "Alerts", "Recorded"],
      right: [3, 4, 5],
      drop: [5, 4, 2, 6],
      paintHead: (t) => c.cyan(t),
      paintBorder: (t) => c.gray(t),
    })}\n`,
  );
}
