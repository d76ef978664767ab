import type { CheckEntry, Evidence, PersonCheck } from "../core/check";
import { STATUS_WORDS } from "../core/check";
import { formatDuration, formatHours } from "../core/duration";
import type { KindSource, WorkedSource } from "../core/toil";
import type { Zone } from "../core/zone";
import { escapeLines } from "./escape";
import { Printed, type Screen } from "./table";

/** `toil check --json`. */
export interface CheckDoc {
  schemaVersion: 1;
  claimsFile: string;
  people: PersonCheck[];
}

/** `toil check --person P --date D --json`. */
export interface EvidenceDoc extends Evidence {
  schemaVersion: 1;
  text: string;
}

const days = (n: number | null) => (n === null ? "–" : String(n));

function entryNote(e: CheckEntry): string {
  if (e.note !== null) return e.note;
  if (e.status === "differs") return `claimed ${days(e.claimedDays)}, supported ${days(e.computedDays)}`;
  return "";
}

/** One table, a row per person and night; each person's totals after it. */
export function checkText(doc: CheckDoc, { c, table, piped }: Screen): Printed {
  const printed = new Printed(piped);
  if (doc.people.length === 0) return printed.note("No claims made and none supported.\n");
  const rows = doc.people.flatMap((p) =>
    p.entries.map((e) => [
      p.person,
      e.night,
      days(e.claimedDays),
      days(e.computedDays),
      STATUS_WORDS[e.status],
      e.claims.join(" "),
      entryNote(e),
    ]),
  );
  printed.data(
    `${table(rows, {
      head: ["Person", "Night", "Claimed", "Supported", "Status", "Claims", "Note"],
      right: [2, 3],
      // The note says why a row differs: whole, over more lines if need be, while the claim ids
      // (in the claims file, and in --json) go first. No column is cut: an id or a note cut short
      // says nothing.
      cut: [],
      drop: [5],
      whole: true,
      paintHead: (t) => c.cyan(t),
      paintBorder: (t) => c.gray(t),
    })}\n`,
  );
  const totals = doc.people.map((p) => {
    const n = (s: string) => p.entries.filter((e) => e.status === s).length;
    return `${p.person}: claimed ${p.claimedDays}, supported ${p.computedDays}; ${n("ok")} matching, ${n("differs")} differing, ${n("no-alert")} with no alert found, ${n("not-claimed")} not claimed`;
  });
  return printed.note(escapeLines(`${totals.join("\n")}\n`));
}

const KIND_WORDS: Record<KindSource, string> = {
  mark: "as the log's woken column says",
  review: "confirmed by employee (their journal)",
  "recently-awake": "guessed: still up from an earlier alert",
  tag: "guessed from the alert's tags",
  "sleep-hours": "guessed: within sleep hours",
};

const WORKED_WORDS: Record<WorkedSource, string> = {
  flag: "given on the command line",
  review: "self-reported, their journal",
  "log-column": "the log's worked column",
  inferred: "inferred from the log's close times",
};

const VIA_WORDS: Record<string, string> = {
  "first-line": "first line",
  "second-line": "second line",
  acknowledger: "acknowledged by them",
  owner: "owned by them",
  "escalation-target": "paged by oncall escalate",
  manual: "a callout with no alert",
};

/** The paragraph an approval email needs: the windows, their alerts, who was paged, how each answer is known. */
export function evidenceParagraph(e: Evidence, zone: Zone): string {
  const night = `the night of ${zone.label(zone.instant(e.night, 12 * 60)).replace(/ 12:00$/, "")}`;
  const asked =
    e.requestedDays === null
      ? ""
      : ` asks for ${e.requestedDays} day${e.requestedDays === 1 ? "" : "s"} for ${night}.`;
  const head =
    e.requestedDays === null ? `${e.name} (${e.person}), ${night}:` : `${e.name} (${e.person})${asked}`;
  if (e.claims.length === 0)
    return `${head} The alert logs show no out-of-hours alert credited to ${e.person} that night, so nothing is supported.`;
  const windows = e.claims.map((c) => {
    const start = Date.parse(c.start);
    const alerts = c.alerts
      .map(
        (a) =>
          `alert ${a.tinyId ?? a.id} at ${zone.hhmm(Date.parse(a.createdAt))} "${a.message}" (${VIA_WORDS[a.via] ?? a.via})`,
      )
      .join(", ");
    const worked =
      c.workedMinutes === null || c.workedSource === null
        ? "time worked not known"
        : `worked ${formatDuration(c.workedMinutes)}, to ${zone.hhmm(start + c.workedMinutes * 60_000)} (${WORKED_WORDS[c.workedSource]})`;
    return `${zone.label(start)}–${zone.hhmm(Date.parse(c.end))}: ${alerts}; ${c.kind} (${KIND_WORDS[c.kindSource]}); ${worked}; ${c.days} day${c.days === 1 ? "" : "s"} (claim ${c.id})`;
  });
  const hours = formatHours(e.claims.reduce((sum, c) => sum + c.hours, 0));
  const verdict =
    e.requestedDays === null
      ? ""
      : e.status === "ok"
        ? " That matches the request."
        : ` The request is for ${e.requestedDays}: it differs by ${Math.round((e.requestedDays - e.computedDays) * 10_000) / 10_000}.`;
  const guessed = e.claims.some((c) => c.kindSource !== "mark" && c.kindSource !== "review")
    ? " Where the kind is guessed, only the person knows: ask for their journal export (oncall toil journal --json)."
    : "";
  return `${head} The alert logs show ${windows.length} out-of-hours window${windows.length === 1 ? "" : "s"}: ${windows.join("; ")}. Supported: ${e.computedDays} day${e.computedDays === 1 ? "" : "s"} (${hours}).${verdict}${guessed}`;
}
