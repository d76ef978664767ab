import { describe, expect, it } from "vitest";
import { parseConfigText } from "../../src/adapters/config";
import { PeopleIndex, type Person } from "../../src/core/people";
import { OncallError } from "../../src/errors";

const person = (id: string, over: Partial<Person> = {}): Person => ({
  id,
  name: id,
  email: null,
  opsgenie: null,
  phone: null,
  sleepHours: null,
  ...over,
});

describe("people matched by email, opsgenie/pagerduty, jsm, then name", () => {
  it("matches each field, ignoring case", () => {
    const alice = person("alice", {
      name: "Alice Adams",
      email: "alice@example.com",
      opsgenie: "alice.ops",
      pagerduty: "PALICE1",
      jsm: "5b10ac8d82e05b22cc7d4ef5",
    });
    const index = new PeopleIndex([alice]);
    for (const handle of [
      "ALICE@example.com",
      "Alice.Ops",
      "palice1",
      "5B10AC8D82E05B22CC7D4EF5",
      "alice adams",
      "alice",
    ])
      expect(index.byUsername(handle)?.id).toBe("alice");
    expect(index.byUsername("Alice")).toBeUndefined();
    expect(index.byUsername("bob")).toBeUndefined();
  });

  it("prefers the surer field when one person's handle is another's weaker one", () => {
    // "Sam Smith" is sam's JSM display name and also the name of another person
    const sam = person("sam", { name: "Samuel Smith", jsm: "Sam Smith" });
    const other = person("other", { name: "Sam Smith" });
    expect(new PeopleIndex([other, sam]).byUsername("sam smith")?.id).toBe("sam");
    // a PagerDuty username before a JSM account, an email before both
    const pd = person("pd", { pagerduty: "x@example.com" });
    const jsm = person("jsm", { jsm: "x@example.com" });
    const mail = person("mail", { email: "x@example.com" });
    expect(new PeopleIndex([jsm, pd]).byUsername("X@example.com")?.id).toBe("pd");
    expect(new PeopleIndex([jsm, pd, mail]).byUsername("x@example.com")?.id).toBe("mail");
    // a person id matches last and exactly
    expect(
      new PeopleIndex([person("zed", { name: "Zed Zimmer" }), person("y", { name: "zed" })]).byUsername("zed")
        ?.id,
    ).toBe("y");
  });
});

describe("people's pagerduty and jsm fields in the team config", () => {
  const people = (rows: string) => `people:\n${rows}`;
  const load = (text: string) => parseConfigText(text, "team.yaml");

  it("are optional strings, kept as given", () => {
    const c = load(
      people(
        '  - { id: alice, name: Alice Adams, pagerduty: PALICE1, jsm: "Alice Adams" }\n  - { id: bob, name: Bob Brown }\n',
      ),
    );
    expect(c.people[0]).toMatchObject({ pagerduty: "PALICE1", jsm: "Alice Adams" });
    expect(c.people[1]!.pagerduty).toBeUndefined();
  });

  it.each([
    ['pagerduty: ""', /people\.0\.pagerduty|people\[0\]\.pagerduty/],
    ["jsm: [a]", /people\.0\.jsm|people\[0\]\.jsm/],
  ])("%s is a config error naming the key", (field, pattern) => {
    let e: unknown;
    try {
      load(people(`  - { id: alice, name: Alice Adams, ${field} }\n`));
    } catch (x) {
      e = x;
    }
    expect(e).toBeInstanceOf(OncallError);
    expect((e as OncallError).kind).toBe("config");
    expect((e as OncallError).message).toMatch(pattern);
  });

  it.each([
    ["pagerduty: PX1", "pagerduty: px1", /"px1" is both alice's pagerduty and bob's pagerduty/],
    ["jsm: Sam", "jsm: sam", /"sam" is both alice's jsm and bob's jsm/],
    [
      "email: x@example.com",
      "pagerduty: X@example.com",
      /"X@example.com" is both alice's email and bob's pagerduty/,
    ],
  ])("two people sharing a handle (%s, %s) is a config error", (a, b, pattern) => {
    let e: unknown;
    try {
      load(people(`  - { id: alice, name: Alice Adams, ${a} }\n  - { id: bob, name: Bob Brown, ${b} }\n`));
    } catch (x) {
      e = x;
    }
    expect((e as OncallError).kind).toBe("config");
    expect((e as OncallError).message).toMatch(pattern);
  });
});
