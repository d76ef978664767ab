import { OncallError } from "../errors";
import type { Priority } from "./alert";
import { ESCALATION_ALIAS_PREFIX } from "./attribution";
import type { PeopleIndex, Person } from "./people";
import type { Rota } from "./rota";
import { sha256Hex } from "./sha256";

/** Opsgenie's documented limits, which its OpenAPI schema does not state (SPEC §6). */
export const LIMITS = {
  message: 130,
  alias: 512,
  description: 15000,
  tags: 20,
  tag: 50,
  details: 8000,
  entity: 512,
  source: 100,
  user: 100,
  note: 25000,
} as const;

export interface EscalationTarget {
  /** how the target was named: contact, line or person */
  kind: "contact" | "line" | "person";
  ref: string;
  person: Person;
  /** the Opsgenie username the alert is routed to */
  username: string;
  title: string | null;
}

type TargetProblem = "not-a-person" | "no-username" | "nobody-on" | "unknown";

/**
 * Why a target names nobody who can be paged: a domain error with the target. Its message names
 * the target alone; escalate words it in terms of its flag with `saying("--to …")`.
 */
export class UnpageableTarget extends OncallError {
  constructor(
    readonly problem: TargetProblem,
    readonly to: string,
    /** the person (or id) it came to, for not-a-person and no-username */
    readonly id: string,
    /** what may be named instead, for unknown: contacts and lines */
    readonly known: readonly string[],
    readonly configFile: string,
    readonly person?: Person,
  ) {
    super(
      problem === "no-username" ? "config" : "usage",
      targetText(problem, to, to, id, configFile, person),
      problem === "no-username"
        ? `add opsgenie: or email: to ${person!.id} in ${configFile}`
        : problem === "nobody-on"
          ? "name a person or an escalation contact instead"
          : problem === "unknown"
            ? known.length
              ? `try one of: ${known.join(", ")}, or a person id`
              : "name a person id or email"
            : undefined,
    );
  }

  /** The message with the target named as `named`. */
  saying(named: string): string {
    return targetText(this.problem, named, this.to, this.id, this.configFile, this.person);
  }
}

function targetText(
  problem: TargetProblem,
  named: string,
  to: string,
  id: string,
  configFile: string,
  person: Person | undefined,
): string {
  switch (problem) {
    case "not-a-person":
      return `${named}: ${id} is not in the config's people`;
    case "no-username":
      // The command line named someone real: what is missing is in the config, so it is fixed there.
      return `${configFile}: person ${person!.id} (${person!.name}) has no opsgenie username or email, so ${named} cannot be paged`;
    case "nobody-on":
      return `${named}: nobody is on ${to} now`;
    case "unknown":
      return `${named}: not an escalation contact, a line or a person`;
  }
}

/**
 * Who a target means (SPEC §6): an escalation contact id, a line id (whoever is on it at `now`), or a
 * person id or email. `configFile` is named when the person found there cannot be paged.
 */
export function resolveTarget(
  to: string,
  contacts: Record<string, { person: string; title: string }>,
  people: PeopleIndex,
  rota: Rota,
  now: number,
  configFile: string,
): EscalationTarget {
  const fail = (problem: UnpageableTarget["problem"], id = to, known: string[] = [], person?: Person) =>
    new UnpageableTarget(problem, to, id, known, configFile, person);
  const make = (kind: EscalationTarget["kind"], id: string, title: string | null): EscalationTarget => {
    const person = people.get(id) ?? people.byUsername(id);
    if (!person) throw fail("not-a-person", id);
    const username = person.opsgenie ?? person.email;
    if (!username) throw fail("no-username", person.id, [], person);
    return { kind, ref: to, person, username, title };
  };
  // a target of toString must not find Object.prototype's members
  const contact = Object.hasOwn(contacts, to) ? contacts[to] : undefined;
  if (contact) return make("contact", contact.person, contact.title);
  if (rota.line(to)) {
    const on = rota.personOn(to, now);
    if (on === null) throw fail("nobody-on");
    return make("line", on, rota.line(to)?.name ?? to);
  }
  if (people.byUsername(to)) return make("person", people.byUsername(to)!.id, null);
  throw fail("unknown", to, [...Object.keys(contacts), ...rota.lines.map((l) => l.id)]);
}

/**
 * The alias that makes paging idempotent: Opsgenie folds a new alert into an open one with the
 * same alias instead of paging again. Key: the --alert reference, or a short hash of the message.
 */
export function escalationAlias(
  personId: string,
  alertRef: string | null,
  message: string,
  again: string | null,
): string {
  const key = alertRef ?? sha256Hex(message).slice(0, 12);
  const alias = `${ESCALATION_ALIAS_PREFIX}${personId}:${key}${again ? `:${again}` : ""}`;
  return alias.length <= LIMITS.alias ? alias : clip(alias, LIMITS.alias);
}

export interface CreateAlertBody {
  message: string;
  alias: string;
  description?: string;
  responders: { type: "user"; username: string }[];
  tags: string[];
  details: Record<string, string>;
  entity?: string;
  source: string;
  user?: string;
  note?: string;
  priority: Priority;
}

/** The first n UTF-16 units or one fewer, never half of a surrogate pair. */
function clip(s: string, n: number): string {
  const last = s.charCodeAt(n - 1);
  return s.slice(0, last >= 0xd800 && last <= 0xdbff ? n - 1 : n);
}

/**
 * At most n UTF-16 units (how Opsgenie and the details limit count), cut on a code point so an
 * emoji is never split into a lone surrogate.
 */
function cut(s: string, n: number): string {
  return s.length <= n ? s : `${clip(s, n - 1)}…`;
}

/**
 * The body of POST /v2/alerts (CreateAlertPayload), every field within Opsgenie's limits. A message
 * too long for Opsgenie is cut with "…" and kept whole at the top of the description, so the
 * person paged still reads all of it.
 */
export function buildAlertBody(o: {
  message: string;
  alias: string;
  description: string | null;
  username: string;
  priority: CreateAlertBody["priority"];
  note: string | null;
  alertRef: string | null;
  escalatedBy: string | null;
  targetName: string;
}): CreateAlertBody {
  const details: Record<string, string> = { escalatedTo: o.targetName };
  if (o.escalatedBy) details.escalatedBy = o.escalatedBy;
  if (o.alertRef) details.escalatedAlert = o.alertRef;
  // The limit counts every key and value together; the target's name is kept first, the rest
  // share what is left, each cut on its own.
  let room = LIMITS.details;
  for (const [k, v] of Object.entries(details)) {
    const fits = room - k.length;
    if (fits <= 0) {
      delete details[k];
      continue;
    }
    details[k] = cut(v, fits);
    room -= k.length + details[k].length;
  }
  const description =
    o.message.length > LIMITS.message
      ? `${o.message}${o.description ? `\n\n${o.description}` : ""}`
      : o.description;
  return {
    message: cut(o.message, LIMITS.message),
    alias: o.alias,
    ...(description ? { description: cut(description, LIMITS.description) } : {}),
    responders: [{ type: "user", username: o.username }],
    tags: ["oncall-escalation"],
    details,
    ...(o.alertRef ? { entity: cut(o.alertRef, LIMITS.entity) } : {}),
    source: "oncall CLI",
    ...(o.escalatedBy ? { user: cut(o.escalatedBy, LIMITS.user) } : {}),
    ...(o.note ? { note: cut(o.note, LIMITS.note) } : {}),
    priority: o.priority,
  };
}
