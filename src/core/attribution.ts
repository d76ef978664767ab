import type { Alert, AlertField } from "./alert";
import type { PeopleIndex } from "./people";

export type Attribution = "rota" | "acknowledger" | "owner";
export type Via = "first-line" | "second-line" | "acknowledger" | "owner" | "escalation-target";

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
   * The one person credited, when no later copy of the alert could change it (the fields that
   * decide are all present); undefined otherwise. Lets a reader count someone else's alert and
   * drop it while reading, which is what keeps a million-row export in memory.
   */
  finalPerson(row: Pick<Alert, "alias" | "owner" | "acknowledgedBy">): string | undefined;
  /** usernames credited though they are not in `people` */
  readonly unknownUsernames: Set<string>;
}

export function escalationTarget(alias: string | null): string | null {
  if (alias === null || !alias.startsWith(ESCALATION_ALIAS_PREFIX)) return null;
  const rest = alias.slice(ESCALATION_ALIAS_PREFIX.length);
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
  const credit = (alert: Alert, username: string, via: Via): Credit => {
    const who = resolve(username);
    return {
      person: who.person,
      name: who.name,
      via,
      at: alert.createdAt,
      escalated: false,
      id: alert.id,
      alert,
    };
  };
  return {
    unknownUsernames,
    attribute(alert) {
      const target = escalationTarget(alert.alias);
      if (target !== null) return [credit(alert, target, "escalation-target")];
      const username = mode === "acknowledger" ? alert.acknowledgedBy : alert.owner;
      if (username === null) {
        return mode === "acknowledger" ? "no acknowledger in the log" : "no owner in the log";
      }
      return [credit(alert, username, mode)];
    },
    finalPerson(row) {
      const target = escalationTarget(row.alias);
      if (target !== null) return resolve(target).person;
      const username = mode === "acknowledger" ? row.acknowledgedBy : row.owner;
      return row.alias !== null && username !== null ? resolve(username).person : undefined;
    },
  };
}
