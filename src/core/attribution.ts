import { type Alert, type AlertField, alertLabel } from "./alert";
import type { PeopleIndex } from "./people";
import type { Rota } from "./rota";

export type Attribution = "rota" | "acknowledger" | "owner";
export type Via = "first-line" | "second-line" | "acknowledger" | "owner" | "escalation-target" | "manual";

/** One person credited with one alert, from an instant (second line counts from when it was paged). */
export interface Credit {
  person: string;
  name: string;
  via: Via;
  at: number;
  escalated: boolean;
  /** the alert's id (windows order ties by it) and the alert */
  id: string;
  alert: Alert;
}

/** The people credited, or (a string) why nobody can be. */
export type AttributionResult = Credit[] | string;

/** Alerts created by `oncall escalate` carry this alias prefix and are credited to their target. */
export const ESCALATION_ALIAS_PREFIX = "oncall-escalation:";

/** The log field each attribution reads. */
export const ATTRIBUTION_FIELD: Record<Exclude<Attribution, "rota">, AlertField> = {
  acknowledger: "acknowledgedBy",
  owner: "owner",
};

export interface Attributor {
  attribute(alert: Alert): AttributionResult;
  /**
   * False when the alert surely cannot be credited to this person, whatever a later copy of it
   * says. Lets a reader count someone else's alert and drop it while reading, which is what keeps
   * a million-row export in memory.
   */
  couldCredit(row: Pick<Alert, "alias" | "owner" | "acknowledgedBy" | "createdAt">, person: string): boolean;
  /**
   * What the attribution noticed on the way (approximations, people on neither line), about the
   * alerts that matter: those out of hours.
   */
  notes(outOfHours: (ms: number) => boolean): string[];
  /** usernames credited though they are not in `people` */
  readonly unknownUsernames: Set<string>;
}

/** Who is credited, and how: shared by every credit alike (a few per person), not held by each. */
class Who {
  constructor(
    readonly person: string,
    readonly name: string,
    readonly via: Via,
    readonly escalated: boolean,
  ) {}
}

const VIA_INDEX: Record<Via, number> = {
  "first-line": 0,
  "second-line": 1,
  acknowledger: 2,
  owner: 3,
  "escalation-target": 4,
  manual: 5,
};

/**
 * A credit kept as small as a million of them held at once allow: the id is the alert's and the
 * instant is its creation unless paged later, both read from the alert when asked; the person,
 * name, via and escalation are one shared `Who`. Kept as fields, they were four pointers more and
 * the instant a heap number of its own (~32 bytes a credit, a million times over).
 */
class AlertCredit implements Credit {
  constructor(
    readonly alert: Alert,
    protected readonly who: Who,
  ) {}
  get person(): string {
    return this.who.person;
  }
  get name(): string {
    return this.who.name;
  }
  get via(): Via {
    return this.who.via;
  }
  get escalated(): boolean {
    return this.who.escalated;
  }
  get id(): string {
    return this.alert.id;
  }
  get at(): number {
    return this.alert.createdAt;
  }
}

/** A credit that counts from when it was paged, later than the alert's creation. */
class PagedCredit extends AlertCredit {
  constructor(
    alert: Alert,
    who: Who,
    private readonly paged: number,
  ) {
    super(alert, who);
  }
  override get at(): number {
    return this.paged;
  }
}

/** Makes credits, sharing one `Who` per person, name, via and escalation; a name is asked for once. */
function creditMaker(): (
  alert: Alert,
  person: string,
  name: string | ((person: string) => string),
  via: Via,
  at: number,
  escalated: boolean,
) => Credit {
  const whos = new Map<string, (Who | undefined)[]>();
  return (alert, person, name, via, at, escalated) => {
    let row = whos.get(person);
    if (row === undefined) {
      row = new Array<Who | undefined>(12).fill(undefined);
      whos.set(person, row);
    }
    const i = VIA_INDEX[via] * 2 + (escalated ? 1 : 0);
    let who = row[i];
    if (who === undefined || (typeof name === "string" && who.name !== name)) {
      who = new Who(person, typeof name === "string" ? name : name(person), via, escalated);
      row[i] = who;
    }
    return at === alert.createdAt ? new AlertCredit(alert, who) : new PagedCredit(alert, who, at);
  };
}

/** A callout recorded with `toil add` joins the pipeline under this alias: credited to its person alone. */
export const MANUAL_ALIAS_PREFIX = "oncall-manual:";

const targetVia = (alias: string | null): Via =>
  alias?.startsWith(MANUAL_ALIAS_PREFIX) ? "manual" : "escalation-target";

export function escalationTarget(alias: string | null): string | null {
  if (alias === null) return null;
  const prefix = alias.startsWith(ESCALATION_ALIAS_PREFIX)
    ? ESCALATION_ALIAS_PREFIX
    : alias.startsWith(MANUAL_ALIAS_PREFIX)
      ? MANUAL_ALIAS_PREFIX
      : null;
  if (prefix === null) return null;
  const rest = alias.slice(prefix.length);
  const id = rest.split(":")[0];
  return id ? id : null;
}

/** Attribution by the log's acknowledger or owner, with escalation alerts credited to their target. */
export function createLogAttributor(mode: Exclude<Attribution, "rota">, people: PeopleIndex): Attributor {
  const unknownUsernames = new Set<string>();
  const resolved = new Map<string, { person: string; name: string }>();
  const resolve = (username: string) => {
    let who = resolved.get(username);
    if (who === undefined) {
      const p = people.byUsername(username);
      who = p ? { person: p.id, name: p.name } : { person: username, name: username };
      if (!p) unknownUsernames.add(username);
      resolved.set(username, who);
    }
    return who;
  };
  const makeCredit = creditMaker();
  const credit = (alert: Alert, username: string, via: Via): Credit => {
    const who = resolve(username);
    return makeCredit(alert, who.person, who.name, via, alert.createdAt, false);
  };
  /** acknowledged, then un-acknowledged: the log names an acknowledger but says not acknowledged */
  const unacknowledged: { label: string; at: number; username: string }[] = [];
  return {
    unknownUsernames,
    attribute(alert) {
      const target = escalationTarget(alert.alias);
      if (target !== null) return [credit(alert, target, targetVia(alert.alias))];
      const username = mode === "acknowledger" ? alert.acknowledgedBy : alert.owner;
      if (username === null) {
        return mode === "acknowledger" ? "no acknowledger in the log" : "no owner in the log";
      }
      if (mode === "acknowledger" && alert.acknowledged === false)
        unacknowledged.push({ label: alertLabel(alert), at: alert.createdAt, username });
      return [credit(alert, username, mode)];
    },
    couldCredit(row, person) {
      const target = escalationTarget(row.alias);
      if (target !== null) return resolve(target).person === person;
      const username = mode === "acknowledger" ? row.acknowledgedBy : row.owner;
      // Final only when alias and username are both present: a later copy can't change either.
      return row.alias === null || username === null || resolve(username).person === person;
    },
    notes(outOfHours) {
      const out = unacknowledged.filter((u) => outOfHours(u.at));
      if (out.length === 0) return [];
      const one = out.length === 1;
      return [
        `${one ? "alert" : "alerts"} ${listed(out.map((u) => `${u.label} (${u.username})`))} ${one ? "is" : "are"} credited to ${one ? "its acknowledger" : "their acknowledgers"} though the log says not acknowledged (acknowledged, then un-acknowledged?): check ${one ? "it" : "them"} in Opsgenie`,
      ];
    },
  };
}

/** "a, b, c, d, e, …": at most five, for a warning */
function listed(items: readonly string[]): string {
  return `${items.slice(0, 5).join(", ")}${items.length > 5 ? ", …" : ""}`;
}

export interface RotaAttributionOptions {
  /** the first-line and second-line line ids */
  firstLine: string;
  secondLine: string | null;
  /** Opsgenie pages second line if an alert is not acknowledged within this many minutes */
  afterMinutes: number;
  /** local time label for messages */
  label: (ms: number) => string;
  /**
   * Whether the log a file holds has acknowledgement times (judged per file, SPEC §3). Where it
   * has none (the current CSV export), escalation is judged from Acknowledged, Status and
   * UpdatedAt, approximately. Default: no file has them.
   */
  ackTimes?: (file: string) => boolean;
}

/**
 * Attribution by the rota (SPEC §4.3): the first-line person on call at the alert's creation;
 * the second-line person too when it was escalated to them — still unacknowledged and open at
 * creation + afterMinutes, or acknowledged by them — counting from when they were paged.
 */
export function createRotaAttributor(rota: Rota, people: PeopleIndex, o: RotaAttributionOptions): Attributor {
  const unknownUsernames = new Set<string>();
  const outsiders = new Map<string, { label: string; at: number }[]>();
  let approximate = 0;
  // alerts before any line of the rota has started: nobody is on call for them (a rota set up
  // today, read with last month's export)
  let beforeStart = 0;
  let rotaStart: { at: number; date: string } | undefined;
  const startOfRota = () => {
    if (rotaStart === undefined) {
      rotaStart = { at: Number.POSITIVE_INFINITY, date: "" };
      for (const l of rota.lines) {
        const at = rota.handoverOn(l.start);
        if (at < rotaStart.at) rotaStart = { at, date: l.start };
      }
    }
    return rotaStart;
  };
  const after = o.afterMinutes * 60_000;
  const name = (id: string) => people.get(id)?.name ?? id;
  const makeCredit = creditMaker();
  const mk = (alert: Alert, person: string, via: Via, at: number, escalated: boolean): Credit =>
    makeCredit(alert, person, name, via, at, escalated);
  return {
    unknownUsernames,
    attribute(alert) {
      const target = escalationTarget(alert.alias);
      if (target !== null) {
        const p = people.byUsername(target);
        if (!p) unknownUsernames.add(target);
        return [mk(alert, p?.id ?? target, targetVia(alert.alias), alert.createdAt, false)];
      }
      const first = rota.personOn(o.firstLine, alert.createdAt);
      const second = o.secondLine === null ? null : rota.personOn(o.secondLine, alert.createdAt);
      if (first === null && second === null) {
        if (alert.createdAt < startOfRota().at) beforeStart++;
        return `nobody on call at ${o.label(alert.createdAt)}`;
      }
      const paged = alert.createdAt + after;
      const acker =
        alert.acknowledgedBy === null
          ? null
          : (people.byUsername(alert.acknowledgedBy)?.id ?? alert.acknowledgedBy);
      let ackedInTime: boolean;
      let closedInTime = alert.closedAt !== null && alert.closedAt <= paged;
      if (alert.ackAt !== null) ackedInTime = alert.ackAt <= paged;
      else if (alert.acknowledged !== true && o.ackTimes?.(alert.file)) ackedInTime = false;
      else {
        // No acknowledgement time in the log (the current CSV export): Acknowledged=true counts as
        // acknowledged in time, false as escalated, unless it was closed by then: the last update
        // of a closed alert is no earlier than its close (SPEC §3).
        ackedInTime = alert.acknowledged === true;
        if (alert.status?.toLowerCase() === "closed" && alert.updatedAt != null && alert.updatedAt <= paged)
          closedInTime = true;
        // Only an escalation the guess could give or take away makes the credit approximate.
        if (second !== null && second !== first) approximate++;
      }
      const bySecond = acker !== null && acker === second && second !== first;
      const escalated = second !== null && (bySecond || (!ackedInTime && !closedInTime));
      if (acker !== null && acker !== first && acker !== second) {
        const list = outsiders.get(acker) ?? [];
        list.push({ label: alertLabel(alert), at: alert.createdAt });
        outsiders.set(acker, list);
      }
      const credits: Credit[] = [];
      if (first !== null) credits.push(mk(alert, first, "first-line", alert.createdAt, escalated));
      if (escalated && second !== null && second !== first) {
        const at = bySecond && alert.ackAt !== null && alert.ackAt < paged ? alert.ackAt : paged;
        credits.push(mk(alert, second, "second-line", at, true));
      }
      if (credits.length === 0)
        return `nobody on first line at ${o.label(alert.createdAt)}, and it was not escalated`;
      return credits;
    },
    couldCredit(row, person) {
      const target = escalationTarget(row.alias);
      if (target !== null) return (people.byUsername(target)?.id ?? target) === person;
      if (row.alias === null) return true; // a later copy might name an escalation target
      const first = rota.personOn(o.firstLine, row.createdAt);
      const second = o.secondLine === null ? null : rota.personOn(o.secondLine, row.createdAt);
      // dropped here, never attributed: counted for the warning as attribute() counts the others
      if (first === null && second === null && row.createdAt < startOfRota().at) beforeStart++;
      return first === person || (second !== null && second === person);
    },
    notes(outOfHours) {
      const out: string[] = [];
      if (beforeStart > 0) {
        out.push(
          `${beforeStart} alert${beforeStart === 1 ? " comes" : "s come"} before the rota starts (${startOfRota().date}): nobody was on call for ${beforeStart === 1 ? "it, so it is" : "them, so they are"} skipped as unattributed — set the lines' start (rota.lines[].start in the config) early enough to cover the log`,
        );
      }
      if (approximate > 0) {
        out.push(
          `${approximate} alert${approximate === 1 ? " has" : "s have"} no acknowledgement time in the log: Acknowledged=true was taken as acknowledged within ${o.afterMinutes} minutes and false as escalated (unless Status and UpdatedAt show it closed by then), so second-line credit is approximate (the API JSON export has the times; see docs/alert-logs.md)`,
        );
      }
      for (const [who, all] of outsiders) {
        // In hours, whoever is at work acknowledges: only out-of-hours alerts hint at a missing swap.
        const alerts = all.filter((a) => outOfHours(a.at)).map((a) => a.label);
        if (alerts.length === 0) continue;
        out.push(
          `${who} acknowledged ${alerts.length === 1 ? "alert" : "alerts"} ${listed(alerts)} while on neither line: is a swap missing from the rota's overrides?`,
        );
      }
      return out;
    },
  };
}
