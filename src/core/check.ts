/**
 * A line manager's check of claims made against the claims the logs support (SPEC §9 `toil
 * check`). Pure: the claims made come from src/adapters/claims-file.ts, the supported ones from
 * the TOIL pipeline.
 *
 * A row whose note begins with a claim id is matched by id; the rest per person and on-call night
 * (12:00 on D to 12:00 on D+1, labelled D), so a night logged as one entry on either of its dates
 * matches. Claims BreatheHR shows are rounded: figures within TOLERANCE days are equal.
 */
import { addDays } from "./calendar";
import type { Claim, KindSource } from "./toil";
import type { Zone } from "./zone";

export const TOLERANCE = 0.01;
const NOON = 12 * 60;
/**
 * A claim id in a note: first, as --format breathe and toil submit write it, or anywhere a person
 * typed it ("night call (c-395f1a83ff)"): ten hex digits after `c-`, standing alone.
 */
const CLAIM_ID = /(?<![\w-])(c-[0-9a-f]{10})(?![\w-])/;
/** What a note says when the claim rests on the person's word (the notes `toil submit` writes). */
const SELF_REPORTED_NOTE = /self-reported|confirmed by employee/i;
/** What a note says of a callout recorded with `toil add`: it is in the person's journal, not a log. */
const CALLOUT_NOTE = /callout with no alert/i;
const CALLOUT = "a callout with no alert: it is in their journal; ask for their journal export";
const GUESSES: readonly KindSource[] = ["recently-awake", "tag", "sleep-hours"];

/** One claim made, as read from the claims file. */
export interface ClaimedRow {
  line: number;
  /** the Email cell, else the Name cell */
  who: string;
  name: string;
  date: string;
  days: number;
  note: string;
}

export type CheckStatus = "ok" | "differs" | "no-alert" | "not-claimed";
export const STATUS_WORDS: Record<CheckStatus, string> = {
  ok: "matches",
  differs: "differs",
  "no-alert": "no alert found",
  "not-claimed": "not claimed",
};
export const SELF_REPORTED = "self-reported: ask for their journal export";

export interface CheckEntry {
  person: string;
  name: string;
  /** the on-call night (its first date) */
  night: string;
  status: CheckStatus;
  /** what was claimed (the rows' sum), null when nothing was */
  claimedDays: number | null;
  /** what the logs support, null when no alert was found */
  computedDays: number | null;
  /** ids of the supported claims */
  claims: string[];
  /** lines of the claims file */
  lines: number[];
  matchedBy: "id" | "night" | null;
  note: string | null;
}

export interface PersonCheck {
  person: string;
  name: string;
  claimedDays: number;
  computedDays: number;
  entries: CheckEntry[];
}

export interface CheckInput {
  /** every supported claim, everyone's */
  claims: readonly Claim[];
  rows: readonly ClaimedRow[];
  /** a row's person as a person id and name; unknown people keep what the row says */
  person(row: ClaimedRow): { id: string; name: string };
  /** people whose answers (a journal export) were given */
  answered: ReadonlySet<string>;
  zone: Zone;
}

/** The night a claim belongs to: its start's date, or the day before when it starts before noon. */
export function nightOf(claim: Pick<Claim, "start">, zone: Zone): string {
  const ms = Date.parse(claim.start);
  const date = zone.dateOf(ms);
  return zone.minuteOfDay(ms) < NOON ? addDays(date, -1) : date;
}

const round = (n: number) => Math.round(n * 10_000) / 10_000;

/**
 * The night a row dated D is for: the night holding the person's claims dated D, else night D,
 * else night D-1 (a night logged on its second date), else night D, where nothing was found.
 */
function rowNight(row: ClaimedRow, nights: ReadonlyMap<string, readonly Claim[]>): string {
  for (const [night, claims] of nights) if (claims.some((c) => c.date === row.date)) return night;
  if (nights.has(row.date)) return row.date;
  const before = addDays(row.date, -1);
  return nights.has(before) ? before : row.date;
}

/** Claims made against claims supported, per person and night. */
export function checkClaims(input: CheckInput): PersonCheck[] {
  const { zone } = input;
  const byId = new Map(input.claims.map((c) => [c.id, c]));
  const people = new Map<string, { name: string; rows: ClaimedRow[]; claims: Claim[] }>();
  const personOf = (id: string, name: string) => {
    let p = people.get(id);
    if (!p) {
      p = { name, rows: [], claims: [] };
      people.set(id, p);
    }
    return p;
  };
  for (const c of input.claims) personOf(c.person, c.name).claims.push(c);

  const entries: CheckEntry[] = [];
  const usedIds = new Set<string>();
  for (const row of input.rows) {
    const who = input.person(row);
    const id = CLAIM_ID.exec(row.note)?.[1];
    const claim = id === undefined ? undefined : byId.get(id);
    // an id names the claim when the row is dated near it: one cited from weeks away ("same cause
    // as c-…") is the row's context, not its claim, and the row is matched by its night instead
    const near = claim !== undefined && withinADay(row.date, claim.date);
    if (claim && near && claim.person === who.id && !usedIds.has(claim.id)) {
      usedIds.add(claim.id);
      entries.push(compare(who.id, claim.name, nightOf(claim, zone), [row], [claim], "id", input));
    } else personOf(who.id, who.name).rows.push(row);
  }

  for (const [person, p] of people) {
    const nights = new Map<string, Claim[]>();
    for (const c of p.claims) {
      if (usedIds.has(c.id)) continue;
      const n = nightOf(c, zone);
      const list = nights.get(n);
      if (list) list.push(c);
      else nights.set(n, [c]);
    }
    const rowsByNight = new Map<string, ClaimedRow[]>();
    for (const row of p.rows) {
      const n = rowNight(row, nights);
      const list = rowsByNight.get(n);
      if (list) list.push(row);
      else rowsByNight.set(n, [row]);
    }
    for (const night of new Set([...nights.keys(), ...rowsByNight.keys()])) {
      entries.push(
        compare(person, p.name, night, rowsByNight.get(night) ?? [], nights.get(night) ?? [], "night", input),
      );
    }
  }

  const out = new Map<string, PersonCheck>();
  for (const e of entries) {
    let p = out.get(e.person);
    if (!p) {
      p = { person: e.person, name: e.name, claimedDays: 0, computedDays: 0, entries: [] };
      out.set(e.person, p);
    }
    p.entries.push(e);
    p.claimedDays = round(p.claimedDays + (e.claimedDays ?? 0));
    p.computedDays = round(p.computedDays + (e.computedDays ?? 0));
  }
  for (const p of out.values())
    p.entries.sort((a, b) => (a.night < b.night ? -1 : a.night > b.night ? 1 : 0));
  return [...out.values()].sort((a, b) => (a.person < b.person ? -1 : 1));
}

function compare(
  person: string,
  name: string,
  night: string,
  rows: readonly ClaimedRow[],
  claims: readonly Claim[],
  by: "id" | "night",
  input: CheckInput,
): CheckEntry {
  const claimedDays = rows.length > 0 ? round(rows.reduce((s, r) => s + r.days, 0)) : null;
  const computedDays = claims.length > 0 ? round(claims.reduce((s, c) => s + c.days, 0)) : null;
  const base = {
    person,
    name,
    night,
    claimedDays,
    computedDays,
    claims: claims.map((c) => c.id),
    lines: rows.map((r) => r.line),
  };
  if (claimedDays === null) return { ...base, status: "not-claimed", matchedBy: null, note: null };
  if (computedDays === null) {
    // A callout is in no log: without the person's journal export there is nothing to find it in.
    const callout = !input.answered.has(person) && rows.some((r) => CALLOUT_NOTE.test(r.note));
    return { ...base, status: "no-alert", matchedBy: null, note: callout ? CALLOUT : null };
  }
  const equal = Math.abs(claimedDays - computedDays) <= TOLERANCE;
  // Only the person knows whether they were woken and when they stopped: a claim that says it rests
  // on their word, or that the log's guesses cannot reach, waits for their journal export.
  const saysSelfReported = rows.some((r) => SELF_REPORTED_NOTE.test(r.note));
  const restsOnGuess = claims.some((c) => GUESSES.includes(c.kindSource) || c.workedSource === null);
  const unconfirmed = !input.answered.has(person) && (saysSelfReported || (!equal && restsOnGuess));
  if (unconfirmed) return { ...base, status: "differs", matchedBy: by, note: SELF_REPORTED };
  return { ...base, status: equal ? "ok" : "differs", matchedBy: by, note: null };
}

/** The evidence for one request (`toil check --person P --date D`): what an approval email needs. */
export interface Evidence {
  person: string;
  name: string;
  night: string;
  requestedDays: number | null;
  computedDays: number;
  status: CheckStatus;
  claims: Claim[];
}

/** The person's supported claims for the night a request dated `date` is for. */
export function evidenceFor(
  person: { id: string; name: string },
  date: string,
  requestedDays: number | null,
  claims: readonly Claim[],
  zone: Zone,
): Evidence {
  const nights = new Map<string, Claim[]>();
  for (const c of claims) {
    if (c.person !== person.id) continue;
    const n = nightOf(c, zone);
    const list = nights.get(n);
    if (list) list.push(c);
    else nights.set(n, [c]);
  }
  const night = rowNight({ line: 0, who: person.id, name: person.name, date, days: 0, note: "" }, nights);
  const mine = nights.get(night) ?? [];
  const computedDays = round(mine.reduce((s, c) => s + c.days, 0));
  const status: CheckStatus =
    mine.length === 0
      ? "no-alert"
      : requestedDays === null || Math.abs(requestedDays - computedDays) <= TOLERANCE
        ? "ok"
        : "differs";
  return { person: person.id, name: person.name, night, requestedDays, computedDays, status, claims: mine };
}

/** Two dates (YYYY-MM-DD) a day apart at most. */
function withinADay(a: string, b: string): boolean {
  return a === b || addDays(a, 1) === b || addDays(b, 1) === a;
}
