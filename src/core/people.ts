export interface Person {
  id: string;
  name: string;
  email: string | null;
  opsgenie: string | null;
  phone: string | null;
  sleepHours: { start: string; end: string } | null;
}

/**
 * Matches log usernames to people (SPEC §4.3): by `opsgenie` or `email`, case-insensitively; a
 * person id matches too, so marks and flags can name people by id.
 */
export class PeopleIndex {
  private readonly byKey = new Map<string, Person>();
  private readonly byId = new Map<string, Person>();

  constructor(readonly people: Person[]) {
    for (const p of people) {
      this.byId.set(p.id, p);
      for (const key of [p.opsgenie, p.email]) if (key) this.byKey.set(key.toLowerCase(), p);
    }
  }

  byUsername(username: string): Person | undefined {
    return this.byKey.get(username.toLowerCase()) ?? this.byId.get(username);
  }

  get(id: string): Person | undefined {
    return this.byId.get(id);
  }
}
