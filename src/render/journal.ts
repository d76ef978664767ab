import type { JournalRecord } from "../core/answers";
import type { Zone } from "../core/zone";
import { escapeLines } from "./escape";
import { Printed, type Screen } from "./table";

/** `oncall toil journal --json`: the current answers as records, which is also the export (SPEC §9). */
export interface JournalDoc {
  schemaVersion: 1;
  entries: JournalRecord[];
}

/** The current answers, one row per alert; an empty journal says how answers get there. */
export function journalText(
  doc: JournalDoc,
  person: string,
  zone: Zone,
  { c, table, piped }: Screen,
): Printed {
  if (doc.entries.length === 0) {
    return new Printed(piped).note(
      escapeLines(
        `No answers kept for ${person}: toil calc --save keeps --woken, --awake and --worked; toil add records a callout.\n`,
      ),
    );
  }
  const at = (iso: string | undefined) => (iso === undefined ? "" : zone.label(Date.parse(iso)));
  const rows = doc.entries.map((e) => [
    e.calledAt !== undefined ? `${e.tinyId ?? e.alert} (manual, ${at(e.calledAt)})` : (e.tinyId ?? e.alert),
    e.woken === undefined ? "" : e.woken ? "woken" : "awake",
    at(e.workedUntil),
    e.declined ?? "",
    e.note ?? "",
    at(e.at),
  ]);
  return new Printed(piped).data(
    `${table(rows, {
      head: ["Alert", "Woken", "Worked until", "Declined", "Note", "Recorded"],
      cut: [3, 4],
      drop: [4, 3, 5],
      paintHead: (t) => c.cyan(t),
      paintBorder: (t) => c.gray(t),
    })}\n`,
  );
}
