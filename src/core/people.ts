export interface Person {
  id: string;
  name: string;
  email: string | null;
  opsgenie: string | null;
  /** PagerDuty user id or username, for PagerDuty logs */
  pagerduty?: string | null;
  /** JSM account id or display name, for JSM Operations logs */
  jsm?: string | null;
  phone: string | null;
  sleepHours: { start: string; end: string } | null;
}

/**
 * Matches the people logs name to people (SPEC §3, §4.3), case-insensitively: by email, then
 * `opsgenie` or `pagerduty` username or id, then `jsm` account id or display name, then name —
 * the surest first, so a display name someone else's handle happens to equal is never preferred.
 * A person id matches last, exactly, so marks and flags can name people by id.
 */
export class PeopleIndex {
  /** one map per rank, in the order they are tried */
  private readonly ranks: Map<string, Person>[];
  private readonly byId = new Map<string, Person>();

  constructor(readonly people: Person[]) {
    const email = new Map<string, Person>();
    const handle = new Map<string, Person>();
    const jsm = new Map<string, Person>();
    const name = new Map<string, Person>();
    const add = (map: Map<string, Person>, key: string | null | undefined, p: Person) => {
      // the first person with a key keeps it: config validation refuses two sharing a handle
      if (key && !map.has(key.toLowerCase())) map.set(key.toLowerCase(), p);
    };
    for (const p of people) {
      this.byId.set(p.id, p);
      add(email, p.email, p);
      add(handle, p.opsgenie, p);
      add(handle, p.pagerduty, p);
      add(jsm, p.jsm, p);
      add(name, p.name, p);
    }
    this.ranks = [email, handle, jsm, name];
  }

  byUsername(username: string): Person | undefined {
    const key = username.toLowerCase();
    for (const map of this.ranks) {
      const p = map.get(key);
      if (p !== undefined) return p;
    }
    return this.byId.get(username);
  }

  get(id: string): Person | undefined {
    return this.byId.get(id);
  }
}
