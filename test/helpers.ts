import { HOLIDAY_TABLE } from "../src/adapters/holiday-table";
import type { Alert } from "../src/core/alert";
import { type Attributor, createLogAttributor, createRotaAttributor } from "../src/core/attribution";
import { PeopleIndex, type Person } from "../src/core/people";
import { Rota } from "../src/core/rota";
import { SupportCalendar } from "../src/core/support-hours";
import {
  computeToil,
  type Mark,
  type Period,
  type ToilInput,
  type ToilRules,
  type WorkedEntry,
} from "../src/core/toil";
import { Zone } from "../src/core/zone";
import { luxonOffsets } from "../src/core/zone-luxon";

export const london = new Zone("Europe/London", luxonOffsets("Europe/London"));

/** A London local time "YYYY-MM-DD HH:MM" as an instant. */
export function at(local: string): number {
  const [date, time = "00:00"] = local.split(" ");
  const [h, m] = time.split(":").map(Number);
  return london.instant(date!, h! * 60 + m!);
}

let seq = 0;
export function alert(local: string | number, over: Partial<Alert> = {}): Alert {
  seq++;
  const createdAt = typeof local === "number" ? local : at(local);
  return {
    id: over.id ?? `id-${String(seq).padStart(5, "0")}`,
    tinyId: over.tinyId ?? String(1000 + seq),
    alias: `alias-${seq}`,
    message: "Site down",
    createdAt,
    priority: "P1",
    tags: [],
    teams: ["Platform"],
    owner: "alice@example.com",
    acknowledged: true,
    acknowledgedBy: "alice@example.com",
    ackAt: null,
    closedAt: null,
    woken: null,
    workedMinutes: null,
    file: "test.csv",
    row: seq + 1,
    ...over,
  };
}

export const PEOPLE: Person[] = [
  {
    id: "dave",
    name: "Dave Davies",
    email: "dave@example.com",
    opsgenie: "dave@example.com",
    phone: null,
    sleepHours: null,
  },
  {
    id: "erin",
    name: "Erin Evans",
    email: "erin@example.com",
    opsgenie: "erin@example.com",
    phone: null,
    sleepHours: null,
  },
  {
    id: "alice",
    name: "Alice Adams",
    email: "alice@example.com",
    opsgenie: "alice@example.com",
    phone: null,
    sleepHours: null,
  },
  {
    id: "bob",
    name: "Bob Brown",
    email: "bob@example.com",
    opsgenie: "bob@example.com",
    phone: null,
    sleepHours: { start: "22:30", end: "06:30" },
  },
];

export const RULES: ToilRules = {
  windowMinutes: 60,
  awakeDays: 0.25,
  wokenDays: 0.5,
  extraDaysPerHour: 0.25,
  extraRounding: "quarter-hour",
  hoursPerDay: 7,
  sleepHours: { start: "23:00", end: "07:00" },
  backToSleepMinutes: 60,
  attribution: "owner",
  requireTags: [],
  priorities: [],
  teams: [],
};

const ENGLAND = new Set(HOLIDAY_TABLE["england-and-wales"]!.split(" "));

export function calendar(extra: string[] = []): SupportCalendar {
  return new SupportCalendar(
    london,
    { days: ["mon", "tue", "wed", "thu", "fri"], start: "10:00", end: "18:00" },
    (d) => ENGLAND.has(d) || extra.includes(d),
  );
}

export interface CalcOptions {
  rules?: Partial<ToilRules>;
  marks?: Mark[];
  worked?: WorkedEntry[];
  inferWorked?: boolean;
  period?: Period | null;
  person?: string | null;
  extraHolidays?: string[];
  attributor?: Attributor;
}

export function calc(alerts: Alert[], o: CalcOptions = {}) {
  const rules = { ...RULES, ...o.rules };
  const people = new PeopleIndex(PEOPLE);
  const input: ToilInput = {
    alerts,
    skipped: [],
    otherPersonCount: 0,
    attributor:
      o.attributor ??
      createLogAttributor(rules.attribution === "acknowledger" ? "acknowledger" : "owner", people),
    people,
    rules,
    calendar: calendar(o.extraHolidays),
    marks: o.marks ?? [],
    worked: o.worked ?? [],
    inferWorked: o.inferWorked ?? false,
    period: o.period ?? null,
    person: o.person ?? null,
  };
  return computeToil(input);
}

/**
 * A two-line rota of PEOPLE turning weekly from Wed 7 Jan 2026 10:00 (first line alice, bob; second
 * line dave, erin): in the week of Wed 4 Nov 2026, first line bob, second line erin.
 */
export const TWO_LINE_ROTA = new Rota(
  {
    handover: { day: "wed", time: "10:00" },
    lines: [
      { id: "first-line", start: "2026-01-07", weeksPerTurn: 1, members: ["alice", "bob"] },
      { id: "second-line", start: "2026-01-07", weeksPerTurn: 1, members: ["dave", "erin"] },
    ],
    overrides: [],
  },
  london,
);

/** Rota attribution over TWO_LINE_ROTA, second line credited after 5 minutes. */
export function twoLineAttributor(): Attributor {
  return createRotaAttributor(TWO_LINE_ROTA, new PeopleIndex(PEOPLE), {
    firstLine: "first-line",
    secondLine: "second-line",
    afterMinutes: 5,
    label: (ms) => london.label(ms),
  });
}
