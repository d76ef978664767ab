/**
 * The ledger's statuses (SPEC §9): a claim is compared with what was recorded as logged in
 * BreatheHR through its alerts, not only its id, because ids move when a window re-forms (a new
 * alert joins it and its start moves). Pure: records, claims and the alerts read are arguments.
 */
import { sha256Hex } from "./sha256";
import { type Claim, type ToilResult, totalsOf } from "./toil";

export interface LedgerRecord {
  v: 1;
  at: string;
  person: string;
  claim: string;
  date: string;
  days: number;
  hours: number;
  /** the ids (not tiny ids) of the claim's alerts when it was recorded */
  alerts: string[];
  /** configDigest of the rules in force when it was recorded */
  config: string;
  undo?: true;
}

export type ClaimStatus = "new" | "submitted" | "changed";

/** Where a claim stands against the ledger. */
export interface Standing {
  status: ClaimStatus;
  /** what was submitted for it and when (the latest record), or null when new */
  submitted: { days: number; at: string } | null;
  /** changed: the claim's days less those submitted (negative when it shrank) */
  difference?: number;
  /** a submission was recorded under other rules (its config digest differs from today's) */
  rulesChanged?: boolean;
}

/** What judging needs of a claim. */
export interface JudgedClaim {
  id: string;
  person: string;
  days: number;
  alerts: readonly { id: string }[];
}

export interface Judgement {
  /** by claim id, for every claim given */
  standings: Map<string, Standing>;
  /** records some of whose alerts were read, none of which is in that person's claims */
  withdrawn: LedgerRecord[];
}

/** Days are quarters and sixteenths: equal within a rounding error. */
const EPSILON = 1e-9;

/**
 * The submissions in force: the latest record per (person, claim id), in file order, without
 * those whose latest record is an undo.
 */
export function currentSubmissions(records: readonly LedgerRecord[]): LedgerRecord[] {
  const latest = new Map<string, LedgerRecord>();
  for (const r of records) {
    const key = `${r.person}\u0000${r.claim}`;
    // delete first: a re-submission after an undo moves to the end, as it is in the file
    latest.delete(key);
    latest.set(key, r);
  }
  return [...latest.values()].filter((r) => r.undo !== true);
}

/**
 * Each claim's standing, and the records withdrawn. `read`: the ids of every alert read in this
 * run that was judged (in a claim or skipped for a reason of its own — not out of the period);
 * `judged(person)`: whether this run covers the person (false for others under --person).
 *
 * A record sharing alerts with several claims (a window split by changed rules) counts towards
 * the earliest of them; the later ones are `changed` with what it left them: nothing.
 */
export function judge(
  claims: readonly JudgedClaim[],
  records: readonly LedgerRecord[],
  read: ReadonlySet<string>,
  judged: (person: string) => boolean,
  digest: string,
): Judgement {
  const current = currentSubmissions(records);
  const byAlert = new Map<string, LedgerRecord[]>();
  for (const r of current) {
    for (const a of r.alerts) {
      const key = `${r.person}\u0000${a}`;
      const list = byAlert.get(key);
      if (list) list.push(r);
      else byAlert.set(key, [r]);
    }
  }
  const taken = new Set<LedgerRecord>();
  const claimed = new Set<string>();
  const standings = new Map<string, Standing>();
  // claims come in time order (toClaims sorts them): the earliest takes a shared record
  for (const c of claims) {
    const touching = new Set<LedgerRecord>();
    for (const a of c.alerts) {
      claimed.add(`${c.person}\u0000${a.id}`);
      for (const r of byAlert.get(`${c.person}\u0000${a.id}`) ?? []) touching.add(r);
    }
    if (touching.size === 0) {
      standings.set(c.id, { status: "new", submitted: null });
      continue;
    }
    const mine = [...touching].filter((r) => !taken.has(r));
    for (const r of mine) taken.add(r);
    const days = round(mine.reduce((s, r) => s + r.days, 0));
    const at = [...touching].reduce((latest, r) => (r.at > latest ? r.at : latest), "");
    const rulesChanged = [...touching].some((r) => r.config !== digest);
    const difference = round(c.days - days);
    standings.set(
      c.id,
      Math.abs(difference) < EPSILON
        ? { status: "submitted", submitted: { days, at }, ...(rulesChanged ? { rulesChanged } : {}) }
        : {
            status: "changed",
            submitted: { days, at },
            difference,
            ...(rulesChanged ? { rulesChanged } : {}),
          },
    );
  }
  const withdrawn = current.filter(
    (r) =>
      judged(r.person) &&
      r.alerts.some((a) => read.has(a)) &&
      !r.alerts.some((a) => claimed.has(`${r.person}\u0000${a}`)),
  );
  return { standings, withdrawn };
}

/**
 * A short, stable digest of the rules in force: SHA-256 of their canonical JSON (keys sorted at
 * every depth), 12 hex digits. The same rules written in another order give the same digest.
 */
export function configDigest(rules: unknown): string {
  return sha256Hex(canonicalJson(rules)).slice(0, 12);
}

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v ?? null)).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * What to do in BreatheHR about a changed claim: more to log, or an adjustment to ask for —
 * approved TOIL cannot be deleted there.
 */
export function correctionText(difference: number): string {
  const amount = `${days(Math.abs(difference))} day`;
  return difference > 0
    ? `+${amount}`
    : `\u2212${amount}: approved TOIL cannot be deleted in BreatheHR; ask HR or your line manager for an adjustment`;
}

const days = (n: number) => String(Number(n.toFixed(4)));
const round = (n: number) => Math.round(n * 1e6) / 1e6;

/** A withdrawn record as the claims' result lists it. */
export interface Withdrawn {
  claim: string;
  person: string;
  date: string;
  days: number;
  at: string;
  alerts: string[];
}

export interface LedgerView {
  records: readonly LedgerRecord[];
  digest: string;
  /** the person this run is about (--person), or null for everyone */
  person: string | null;
  /** show only new and changed claims (--new) */
  onlyNew: boolean;
}

/**
 * The result with each claim's status against the ledger, the withdrawn records, and totals
 * adding submittedDays (of the claims shown, what was logged) and toClaimDays (what is left to
 * log: a new claim's days, a changed claim's increase; a decrease is an adjustment to ask for,
 * not a claim). With onlyNew, the submitted claims are left out and counted.
 */
export function withStatuses(result: ToilResult, view: LedgerView): ToilResult {
  const read = new Set<string>();
  if (view.records.length > 0) {
    for (const c of result.claims) for (const a of c.alerts) read.add(a.id);
    // a declined window's alerts were read and make no claim: what was logged for them is withdrawn
    for (const d of result.declined) for (const a of d.alerts) read.add(a.id);
    // an alert out of the period may well be in a claim of another period: not judged here
    for (const s of result.skipped) if (s.reason !== "out-of-period") read.add(s.id);
  }
  let withdrawn: Withdrawn[] = [];
  if (view.records.length === 0) {
    // Nothing recorded yet (every first run, and the bench): every claim is new, said without
    // sets of alert keys or claim ids (a million-row run's claims would pay for both).
    for (const c of result.claims) {
      c.status = "new";
      c.submitted = null;
    }
  } else {
    const judgement = judge(
      result.claims,
      view.records,
      read,
      (p) => view.person === null || p === view.person,
      view.digest,
    );
    withdrawn = judgement.withdrawn;
    for (const c of result.claims) Object.assign(c, judgement.standings.get(c.id));
  }
  const claims = view.onlyNew ? result.claims.filter((c) => c.status !== "submitted") : result.claims;
  const totals =
    claims === result.claims
      ? result.totals
      : totalsOf(claims, new Set(claims.flatMap((c) => c.alerts.map((a) => a.id))).size);
  const sums = (list: readonly Claim[]) => ({
    submittedDays: round(list.reduce((s, c) => s + (c.submitted?.days ?? 0), 0)),
    toClaimDays: round(list.reduce((s, c) => s + toClaim(c), 0)),
  });
  const { byPerson, ...head } = totals;
  const perPerson = new Map<string, Claim[]>();
  for (const c of claims) {
    const list = perPerson.get(c.person);
    if (list) list.push(c);
    else perPerson.set(c.person, [c]);
  }
  return {
    ...result,
    claims,
    totals: {
      ...head,
      ...sums(claims),
      byPerson: byPerson.map((t) => ({ ...t, ...sums(perPerson.get(t.person) ?? []) })),
    },
    withdrawn: withdrawn.map((r) => ({
      claim: r.claim,
      person: r.person,
      date: r.date,
      days: r.days,
      at: r.at,
      alerts: r.alerts,
    })),
    ...(view.onlyNew ? { hiddenSubmitted: result.claims.length - claims.length } : {}),
  };
}

/** What is left to log for a claim: all of a new one, a changed one's increase. */
export function toClaim(c: Claim): number {
  if (c.status === "new" || c.status === undefined) return c.days;
  return c.status === "changed" ? Math.max(0, c.difference ?? 0) : 0;
}

/**
 * The record that makes a new or changed claim submitted: under the claim's id, the days that,
 * with the other records counted for it, add up to the claim. For a changed claim whose id moved
 * (its window re-formed) that is the correction alone, which is negative when it shrank (an
 * adjustment asked of HR); under an unchanged id it is the whole claim, replacing the earlier record.
 */
export function recordFor(
  claim: Claim,
  records: readonly LedgerRecord[],
  ctx: { digest: string; at: string; hoursPerDay: number },
): LedgerRecord {
  const same = currentSubmissions(records).find((r) => r.person === claim.person && r.claim === claim.id);
  const days = round(claim.days - (claim.submitted?.days ?? 0) + (same?.days ?? 0));
  return {
    v: 1,
    at: ctx.at,
    person: claim.person,
    claim: claim.id,
    date: claim.date,
    days,
    hours: round(days * ctx.hoursPerDay),
    alerts: claim.alerts.map((a) => a.id),
    config: ctx.digest,
  };
}
