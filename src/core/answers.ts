/**
 * The journal's answers (SPEC §9) as the pipeline uses them: records folded into each (person,
 * alert)'s current answer, then resolved against the person's windows into marks and times worked
 * of source `review`. Pure: the records come from src/adapters/journal.ts, the windows from
 * buildWindows.
 */

import type { Alert } from "./alert";
import { type Credit, MANUAL_ALIAS_PREFIX } from "./attribution";
import type { Diagnostics } from "./diagnostics";
import { MAX_WORKED_MINUTES } from "./duration";
import type { DeclinedEntry, Mark, PersonWindows, WorkedEntry } from "./toil";
import type { Window } from "./windows";
import type { Zone } from "./zone";

const MINUTE = 60_000;

/** One journal line, as validated by the adapter. */
export interface JournalRecord {
  v: 1;
  /** when it was recorded */
  at: string;
  person: string;
  /** the alert's id (a manual callout's is `m-<10 hex>`) */
  alert: string;
  tinyId?: string;
  woken?: boolean;
  workedUntil?: string;
  declined?: string;
  note?: string;
  /** a manual callout (`toil add`): when it began */
  calledAt?: string;
  forget?: true;
}

/** An answer field with where it stands in the journal: later in the file is later. */
interface Held<T> {
  value: T;
  seq: number;
}

/** What is known about one alert for one person, each field its latest value. */
export interface Answer {
  person: string;
  alert: string;
  tinyId: string | null;
  woken: Held<boolean> | null;
  workedUntil: Held<number> | null;
  declined: Held<string> | null;
  note: Held<string> | null;
  calledAt: number | null;
  /** when the latest record about it was made */
  at: string;
}

const FIELDS = ["woken", "workedUntil", "declined", "note"] as const;

/** The current answers: each field its latest value per (person, alert); `forget` clears them all. */
export function foldJournal(records: readonly JournalRecord[]): Answer[] {
  const byKey = new Map<string, Answer>();
  records.forEach((r, seq) => {
    const key = `${r.person}\u0000${r.alert}`;
    if (r.forget) {
      byKey.delete(key);
      return;
    }
    let a = byKey.get(key);
    if (!a) {
      a = {
        person: r.person,
        alert: r.alert,
        tinyId: null,
        woken: null,
        workedUntil: null,
        declined: null,
        note: null,
        calledAt: null,
        at: r.at,
      };
      byKey.set(key, a);
    }
    a.at = r.at;
    if (r.tinyId !== undefined) a.tinyId = r.tinyId;
    if (r.calledAt !== undefined) a.calledAt = Date.parse(r.calledAt);
    if (r.woken !== undefined) a.woken = { value: r.woken, seq };
    if (r.workedUntil !== undefined) a.workedUntil = { value: Date.parse(r.workedUntil), seq };
    if (r.declined !== undefined) a.declined = { value: r.declined, seq };
    if (r.note !== undefined) a.note = { value: r.note, seq };
  });
  // An answer whose every field was given and then cleared by nothing stays; one with no field
  // left (only a tinyId) says nothing.
  return [...byKey.values()].filter((a) => FIELDS.some((f) => a[f] !== null) || a.calledAt !== null);
}

/** The current answer as a journal record again: what `toil journal --json` exports. */
export function answerRecord(a: Answer): JournalRecord {
  return {
    v: 1,
    at: new Date(Date.parse(a.at)).toISOString(),
    person: a.person,
    alert: a.alert,
    ...(a.tinyId !== null ? { tinyId: a.tinyId } : {}),
    ...(a.calledAt !== null ? { calledAt: new Date(a.calledAt).toISOString() } : {}),
    ...(a.woken !== null ? { woken: a.woken.value } : {}),
    ...(a.workedUntil !== null ? { workedUntil: new Date(a.workedUntil.value).toISOString() } : {}),
    ...(a.declined !== null ? { declined: a.declined.value } : {}),
    ...(a.note !== null ? { note: a.note.value } : {}),
  };
}

/**
 * The answers as marks and times worked for the windows they fall in (SPEC §9): a window's work
 * ends at the latest `workedUntil` of its alerts, so it survives the window re-forming; woken
 * answers that disagree within one window are settled by the latest, with a warning.
 */
export function answersForWindows(
  answers: readonly Answer[],
  people: readonly PersonWindows[],
  zone: Zone,
  diag: Diagnostics,
): { marks: Mark[]; worked: WorkedEntry[]; declined: DeclinedEntry[] } {
  const marks: Mark[] = [];
  const worked: WorkedEntry[] = [];
  const declined: DeclinedEntry[] = [];
  if (answers.length === 0) return { marks, worked, declined };
  const byPerson = new Map<string, Map<string, Answer>>();
  for (const a of answers) {
    let m = byPerson.get(a.person);
    if (!m) {
      m = new Map();
      byPerson.set(a.person, m);
    }
    m.set(a.alert, a);
  }
  for (const { person, windows } of people) {
    const mine = byPerson.get(person);
    if (!mine) continue;
    for (const w of windows) {
      const given = w.items.flatMap((i) => {
        const a = mine.get(i.id);
        return a ? [{ credit: i, answer: a }] : [];
      });
      if (given.length === 0) continue;
      const decline = latestDecline(given);
      const mark = latestMark(given, person, w, zone, diag);
      // Woken or awake given after the decline takes the window back, and the reverse (SPEC §9: latest).
      if (decline && (mark === null || decline.seq > mark.seq)) {
        declined.push({
          alertId: decline.alert,
          person,
          reason: decline.reason,
          note: latestNote(given),
        });
        continue;
      }
      if (mark) marks.push(mark.mark);
      let until: number | null = null;
      for (const g of given) {
        const u = g.answer.workedUntil?.value;
        if (u === undefined) continue;
        // As for --worked and --until: no window's work runs past a day. A kept end beyond it (a
        // hand edit, someone else's export) is not believed, and nothing it would claim is added.
        if (u < w.start) {
          diag.warn(
            `the answers for ${person}'s alert ${g.credit.alert.tinyId ?? g.credit.id} say work ran until ${zone.label(u)}, before its window began (${zone.label(w.start)}): ignored`,
          );
          continue;
        }
        if (u - w.start > MAX_WORKED_MINUTES * MINUTE) {
          diag.warn(
            `the answers for ${person}'s alert ${g.credit.alert.tinyId ?? g.credit.id} say work ran until ${zone.label(u)}, more than 24 hours after its window began (${zone.label(w.start)}): ignored`,
          );
          continue;
        }
        if (until === null || u > until) until = u;
      }
      if (until !== null) {
        worked.push({
          alertId: given[0]!.credit.id,
          person,
          minutes: Math.max(0, Math.round((until - w.start) / MINUTE)),
          source: "review",
        });
      }
    }
  }
  return { marks, worked, declined };
}

function latestDecline(
  given: readonly { credit: Credit; answer: Answer }[],
): { alert: string; reason: string; seq: number } | null {
  let latest: { alert: string; reason: string; seq: number } | null = null;
  for (const { credit, answer } of given) {
    const d = answer.declined;
    if (d !== null && (latest === null || d.seq > latest.seq))
      latest = { alert: credit.id, reason: d.value, seq: d.seq };
  }
  return latest;
}

function latestNote(given: readonly { answer: Answer }[]): string | null {
  let latest: Held<string> | null = null;
  for (const { answer } of given) {
    const n = answer.note;
    if (n !== null && (latest === null || n.seq > latest.seq)) latest = n;
  }
  return latest?.value ?? null;
}

function latestMark(
  given: readonly { credit: Credit; answer: Answer }[],
  person: string,
  w: Window<Credit>,
  zone: Zone,
  diag: Diagnostics,
): { mark: Mark; seq: number } | null {
  let latest: { credit: Credit; woken: Held<boolean> } | null = null;
  const values = new Set<boolean>();
  for (const g of given) {
    const woken = g.answer.woken;
    if (woken === null) continue;
    values.add(woken.value);
    if (latest === null || woken.seq > latest.woken.seq) latest = { credit: g.credit, woken };
  }
  if (latest === null) return null;
  if (values.size > 1) {
    const label = (c: Credit) => c.alert.tinyId ?? c.alert.id;
    diag.warn(
      `the journal's answers disagree within ${person}'s window from ${zone.label(w.start)}: the latest (${label(latest.credit)}: ${latest.woken.value ? "woken" : "awake"}) is used`,
    );
  }
  return {
    mark: { alertId: latest.credit.id, person, woken: latest.woken.value, source: "review" },
    seq: latest.woken.seq,
  };
}

/**
 * `--save` (SPEC §9): the flags' marks and times worked as journal records. An answer is about a
 * window, so it is saved for every alert of the window it was given in (as `toil review` saves
 * its answers): an older answer kept on another of its alerts would otherwise still decide it
 * (its work ends at the latest `workedUntil` of its alerts). A mark without `person:` is saved for
 * each person credited with the alert; a duration is kept as the instant the work ended: the
 * window's start plus it.
 */
export function recordsToSave(
  marks: readonly Mark[],
  worked: readonly WorkedEntry[],
  people: readonly PersonWindows[],
  at: string,
): JournalRecord[] {
  const out: JournalRecord[] = [];
  const applies = (p: string | null, person: string) => p === null || p === person;
  for (const { person, windows } of people) {
    for (const w of windows) {
      const ids = new Set(w.items.map((i) => i.id));
      const mark = marks.find((m) => ids.has(m.alertId) && applies(m.person, person));
      const work = worked.filter((e) => ids.has(e.alertId) && applies(e.person, person));
      if (!mark && work.length === 0) continue;
      const minutes = work.length > 0 ? Math.max(...work.map((e) => e.minutes)) : null;
      for (const i of w.items) {
        out.push({
          v: 1,
          at,
          person,
          alert: i.id,
          ...(i.alert.tinyId !== null ? { tinyId: i.alert.tinyId } : {}),
          ...(mark ? { woken: mark.woken } : {}),
          ...(minutes !== null ? { workedUntil: new Date(w.start + minutes * MINUTE).toISOString() } : {}),
        });
      }
    }
  }
  return out;
}

/**
 * A callout recorded with `toil add` as an alert of its person's (SPEC §9): it comes from no log,
 * so it carries only what the record knows, and its alias credits the person alone.
 */
export function manualAlert(a: Answer, file: string): Alert {
  return {
    id: a.alert,
    tinyId: null,
    alias: `${MANUAL_ALIAS_PREFIX}${a.person}`,
    message: a.note?.value ?? "callout with no alert",
    createdAt: a.calledAt!,
    priority: null,
    tags: null,
    teams: null,
    owner: null,
    acknowledged: null,
    acknowledgedBy: null,
    ackAt: null,
    closedAt: null,
    woken: null,
    workedMinutes: null,
    file,
    row: "manual",
  };
}
