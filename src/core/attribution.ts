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
}

export type AttributionResult = { credits: Credit[] } | { unattributed: string };

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
   * True when no later copy of the alert could change who is credited, so an alert credited to
   * someone else can be counted and dropped while reading (what keeps a million rows in memory).
   */
  isFinal(alert: Alert): boolean;
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
  const credit = (username: string, via: Via, at: number): Credit => {
    const p = people.byUsername(username);
    if (p) return { person: p.id, name: p.name, via, at, escalated: false };
    unknownUsernames.add(username);
    return { person: username, name: username, via, at, escalated: false };
  };
  return {
    unknownUsernames,
    attribute(alert) {
      const target = escalationTarget(alert.alias);
      if (target !== null) return { credits: [credit(target, "escalation-target", alert.createdAt)] };
      const username = mode === "acknowledger" ? alert.acknowledgedBy : alert.owner;
      if (username === null) {
        return {
          unattributed: mode === "acknowledger" ? "no acknowledger in the log" : "no owner in the log",
        };
      }
      return { credits: [credit(username, mode, alert.createdAt)] };
    },
    isFinal(alert) {
      if (escalationTarget(alert.alias) !== null) return true;
      const username = mode === "acknowledger" ? alert.acknowledgedBy : alert.owner;
      return alert.alias !== null && username !== null;
    },
  };
}
