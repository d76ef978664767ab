import { usageError } from "../errors";
import { type Alert, alertLabel, alertSource } from "./alert";
import type { PeopleIndex } from "./people";

/**
 * The alerts by id, tiny id and alias, built once: thousands of marks over a hundred thousand
 * alerts would otherwise scan every alert for every mark.
 */
export class AlertIndex {
  private byRef: Map<string, Alert[]> | null = null;

  /** Indexed on the first look-up: a run without --woken/--awake/--worked pays nothing for it. */
  constructor(private readonly alerts: readonly Alert[]) {}

  private index(): Map<string, Alert[]> {
    if (this.byRef) return this.byRef;
    const byRef = new Map<string, Alert[]>();
    const add = (ref: string, a: Alert) => {
      const list = byRef.get(ref);
      if (list) list.push(a);
      else byRef.set(ref, [a]);
    };
    for (const a of this.alerts) {
      const { id, tinyId, alias } = a;
      add(id, a);
      if (tinyId !== null && tinyId !== id) add(tinyId, a);
      if (alias !== null && alias !== id && alias !== tinyId) add(alias, a);
    }
    this.byRef = byRef;
    return byRef;
  }

  /** Every alert with this id, tiny id or alias, in the order read. */
  find(ref: string): readonly Alert[] {
    return this.index().get(ref) ?? [];
  }
}

/**
 * Finds the alert a flag refers to (SPEC §3): by id, tiny id or alias. No match, or several, is a
 * usage error that lists what it found.
 */
export function resolveAlertRef(
  ref: string,
  alerts: AlertIndex,
  flag: string,
  /** with --person, only that person's alerts were kept: who, and how the flag named them */
  scope?: { person: string; flag: string },
): Alert {
  const matches = alerts.find(ref);
  if (matches.length === 1) return matches[0]!;
  if (matches.length === 0) {
    // Other people's alerts were dropped while reading: "not in the log" would be untrue.
    if (scope) {
      throw usageError(
        `${flag} ${ref}: no alert of ${scope.person}'s (${scope.flag}) has that id, tiny id or alias; it may be someone else's`,
        `check the reference against the log, or run without ${scope.flag.split(" ")[0]}`,
      );
    }
    throw usageError(
      `${flag} ${ref}: no alert in the log has that id, tiny id or alias`,
      "check the reference against the log",
    );
  }
  const list = matches
    .slice(0, 10)
    .map((a) => `${alertLabel(a)} (id ${a.id}, ${alertSource(a)})`)
    .join("; ");
  throw usageError(
    `${flag} ${ref}: matches ${matches.length} alerts: ${list}`,
    "pass the alert's full id instead",
  );
}

/**
 * Splits "[person:]ref". The part before the first colon is a person only when it names one (by
 * id, opsgenie username or email) and the rest is not empty; otherwise the whole text is the
 * reference, so aliases that contain colons still work.
 */
export function splitPersonRef(text: string, people: PeopleIndex): { person: string | null; ref: string } {
  const i = text.indexOf(":");
  if (i > 0 && i < text.length - 1) {
    const p = people.byUsername(text.slice(0, i));
    if (p) return { person: p.id, ref: text.slice(i + 1) };
  }
  return { person: null, ref: text };
}

/** What resolving a mark needs to know besides its text. */
export interface MarkContext {
  people: PeopleIndex;
  alerts: AlertIndex;
  scope?: { person: string; flag: string };
  /** the person ids credited with an alert, or why nobody is */
  credited(alert: Alert): string[] | string;
}

/**
 * The alert and person a mark names (`[person:]ref` of `--woken`, `--awake`, `--worked`). `arg` is
 * the whole argument, echoed in errors. A person who is not credited with the alert is a usage
 * error: the mark would apply to nobody, silently.
 */
export function resolveMark(
  text: string,
  flag: string,
  arg: string,
  o: MarkContext,
): { alert: Alert; person: string | null } {
  const { person, ref } = splitPersonRef(text, o.people);
  const i = text.indexOf(":");
  let alert: Alert;
  try {
    alert = resolveAlertRef(ref, o.alerts, flag, o.scope);
  } catch (e) {
    // "zed:5220" that is no alert's alias either: zed was meant as a person.
    if (person === null && i > 0 && i < text.length - 1) {
      const ids = o.people.people.map((p) => p.id).join(", ") || "(none)";
      throw usageError(`${flag} ${arg}: ${text.slice(0, i)} is not a person in the config`, `people: ${ids}`);
    }
    throw e;
  }
  if (person === null) return { alert, person };
  const credits = o.credited(alert);
  if (typeof credits === "string") {
    throw usageError(
      `${flag} ${arg}: ${person} is not credited with alert ${ref} (nobody is: ${credits})`,
      "leave the mark out",
    );
  }
  if (!credits.includes(person)) {
    throw usageError(
      `${flag} ${arg}: ${person} is not credited with alert ${ref} (${credits.join(" and ")} ${credits.length === 1 ? "is" : "are"})`,
      "name the person credited, or leave the person out to mark it for everyone credited",
    );
  }
  return { alert, person };
}
