import { usageError } from "../errors";
import { type Alert, alertLabel, alertSource } from "./alert";
import type { PeopleIndex } from "./people";

/**
 * Finds the alert a flag refers to (SPEC §3): by id, tiny id or alias. No match, or several, is a
 * usage error that lists what it found.
 */
export function resolveAlertRef(ref: string, alerts: readonly Alert[], flag: string): Alert {
  const matches = alerts.filter((a) => a.id === ref || a.tinyId === ref || a.alias === ref);
  if (matches.length === 1) return matches[0]!;
  if (matches.length === 0) {
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
