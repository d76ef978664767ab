import * as z from "zod/mini";
import { PRIORITIES } from "../core/alert";
import { isCalendarDate, WEEKDAYS, weekdayName } from "../core/calendar";
import { isValidTimeZone } from "../core/zone";

/**
 * Config dates are in 2000-2099 like every other date (SPEC §3): a year such as 9999 is a typo,
 * and a rota computed out to it takes minutes before saying anything.
 */
const YEARS = "expected a date from 2000-01-01 to 2099-12-31";
const inYears = (s: string) => {
  const year = Number(s.slice(0, 4));
  return year >= 2000 && year <= 2099;
};

const LOCAL_DATE_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-](\d{2}):(\d{2}))?$/;

const MINUTES_IN_A_DAY = 1440;
const MAX_DAYS = 5;
const HOURS_PER_DAY = "expected a number of hours more than 0 and at most 24";

/** A rota's overrides: far more than a team writes in years, and few enough that checking them stays quick. */
export const MAX_OVERRIDES = 2000;

export const HOLIDAY_DIVISIONS = ["england-and-wales", "scotland", "northern-ireland", "none"] as const;

const DEFAULT_HANDOVER = { day: "wed", time: "10:00" } as const;
/** The zone of a config that names none (and the stand-in `rota check` uses for one that is not a zone). */
export const DEFAULT_TIMEZONE = "Europe/London";

export interface ReferenceIssue {
  path: (string | number)[];
  message: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const text = (v: unknown): string | null => (typeof v === "string" ? v : null);

/**
 * References between ids (SPEC §2): unique people and lines, every referenced id exists, a line
 * starts on the handover day. Read from the raw value, not the validated one, so that `rota
 * check` reports them alongside shape errors elsewhere: whatever did not parse is passed over.
 */
export function referenceIssues(raw: unknown): ReferenceIssue[] {
  const issues: ReferenceIssue[] = [];
  if (!isRecord(raw)) return issues;
  const peopleKnown = Array.isArray(raw.people);
  const ids = new Set<string>();
  list(raw.people).forEach((p, i) => {
    const pid = isRecord(p) ? text(p.id) : null;
    if (pid === null) return;
    if (ids.has(pid)) issues.push({ path: ["people", i, "id"], message: `duplicate person id "${pid}"` });
    ids.add(pid);
  });
  // Logs name people by email, Opsgenie or PagerDuty username or id, or JSM account, matched
  // case-insensitively: a handle two people share would hand one person's alerts to the other.
  const handles = new Map<string, { pid: string; key: string }>();
  list(raw.people).forEach((p, i) => {
    if (!isRecord(p)) return;
    const pid = text(p.id) ?? `people[${i}]`;
    for (const key of ["email", "opsgenie", "pagerduty", "jsm"] as const) {
      const value = text(p[key]);
      if (value === null) continue;
      const handle = value.toLowerCase();
      const seen = handles.get(handle);
      if (seen === undefined) handles.set(handle, { pid, key });
      else if (seen.pid !== pid) {
        issues.push({
          path: ["people", i, key],
          message: `"${value}" is both ${seen.pid}'s ${seen.key} and ${pid}'s ${key}: a log naming it would credit only one of them; give each person their own`,
        });
      }
    }
  });
  const peopleList = [...ids].join(", ") || "(none)";
  const checkPerson = (value: unknown, path: (string | number)[]) => {
    const pid = text(value);
    if (peopleKnown && pid !== null && !ids.has(pid))
      issues.push({ path, message: `unknown person "${pid}" (people: ${peopleList})` });
  };

  const rota = raw.rota;
  if (isRecord(rota)) {
    const h = configSchemas().handover.safeParse(rota.handover ?? DEFAULT_HANDOVER);
    const lineIds = new Set<string>();
    list(rota.lines).forEach((l, i) => {
      if (!isRecord(l)) return;
      const lid = text(l.id);
      if (lid !== null) {
        if (lineIds.has(lid))
          issues.push({ path: ["rota", "lines", i, "id"], message: `duplicate line id "${lid}"` });
        lineIds.add(lid);
      }
      const start = text(l.start);
      if (h.success && start !== null && /^\d{4}-\d{2}-\d{2}$/.test(start) && isCalendarDate(start)) {
        if (weekdayName(start) !== h.data.day) {
          issues.push({
            path: ["rota", "lines", i, "start"],
            message: `${start} is not a ${h.data.day}: a line's start must fall on the handover day`,
          });
        }
      }
      list(l.members).forEach((m, j) => {
        checkPerson(m, ["rota", "lines", i, "members", j]);
      });
    });
    const linesKnown = rota.lines === undefined || Array.isArray(rota.lines);
    list(rota.overrides).forEach((o, i) => {
      if (!isRecord(o)) return;
      const lid = text(o.line);
      if (linesKnown && lid !== null && !lineIds.has(lid)) {
        issues.push({
          path: ["rota", "overrides", i, "line"],
          message: `unknown line "${lid}" (lines: ${[...lineIds].join(", ") || "(none)"})`,
        });
      }
      checkPerson(o.person, ["rota", "overrides", i, "person"]);
    });
  }
  const contacts = isRecord(raw.escalation) ? raw.escalation.contacts : undefined;
  if (isRecord(contacts)) {
    for (const [cid, c] of Object.entries(contacts)) {
      if (isRecord(c)) checkPerson(c.person, ["escalation", "contacts", cid, "person"]);
    }
  }
  return issues;
}

/**
 * The schemas, built on first use rather than when the module loads: a run whose config is
 * remembered (config-memo.ts) validates nothing, and building them is ~3 ms of its start (SPEC §8).
 */
const DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/;

function build() {
  // zod/mini: the same validation as zod's classic API in a fraction of the start-up cost (SPEC §8).
  const nonEmpty = () => z.string().check(z.minLength(1, "must not be empty"));
  const time = z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time "HH:MM" (24-hour)'));
  const date = z.string().check(
    z.regex(DATE_SHAPE, "expected a date YYYY-MM-DD"),
    // one line per mistake: a date of the wrong shape is not also "not a real calendar date"
    z.refine((s) => !DATE_SHAPE.test(s) || isCalendarDate(s), "expected a real calendar date YYYY-MM-DD"),
    z.refine((s) => !DATE_SHAPE.test(s) || inYears(s), YEARS),
  );
  const localDateTime = z.string().check(
    z.refine((s) => {
      const m = LOCAL_DATE_TIME.exec(s);
      if (!m) return false;
      const [, day, hh, mm, ss = "00", , oh = "00", om = "00"] = m;
      return (
        isCalendarDate(day!) &&
        Number(hh) <= 23 &&
        Number(mm) <= 59 &&
        Number(ss) <= 59 &&
        Number(oh) <= 14 &&
        Number(om) <= 59
      );
    }, 'expected a real local date-time "YYYY-MM-DDTHH:MM" (an offset such as +01:00 is optional)'),
    z.refine((s) => !LOCAL_DATE_TIME.test(s) || inYears(s), YEARS),
  );
  const id = z
    .string()
    .check(z.regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "expected an id of letters, digits, '.', '_' or '-'"));
  const weekday = z.enum(WEEKDAYS);
  const sleepHours = z.strictObject({ start: time, end: time });
  /**
   * Bounded numbers: a value far outside what the policy means (a window of 10^12 minutes, 10^308
   * days) would only surface later as a hang or a `null` in JSON, so the config refuses it here.
   * The bounds are documented in docs/config.md.
   */
  const intIn = (min: number, max: number, unit: string) => {
    const expected = `expected a whole number from ${min} to ${max} (${unit})`;
    return z.int(expected).check(z.minimum(min, expected), z.maximum(max, expected));
  };
  const numIn = (min: number, max: number, unit: string) => {
    const expected = `expected a number from ${min} to ${max} (${unit})`;
    return z.number(expected).check(z.minimum(min, expected), z.maximum(max, expected));
  };
  const person = z.strictObject({
    id,
    name: nonEmpty(),
    email: z.optional(z.email("expected an email address")),
    opsgenie: z.optional(nonEmpty()),
    pagerduty: z.optional(nonEmpty()),
    jsm: z.optional(nonEmpty()),
    phone: z.optional(nonEmpty()),
    sleepHours: z.optional(sleepHours),
  });

  const line = z.strictObject({
    id,
    name: z.optional(nonEmpty()),
    start: date,
    weeksPerTurn: z._default(intIn(1, 52, "weeks"), 1),
    members: z.array(id).check(z.minLength(1, "a line needs at least one member")),
  });

  const handover = z.strictObject({ day: weekday, time });
  const timezone = z
    .string()
    .check(z.refine((s) => isValidTimeZone(s), "expected an IANA time zone such as Europe/London"));

  const override = z.strictObject({
    line: id,
    person: id,
    from: localDateTime,
    to: localDateTime,
    reason: z.optional(z.string()),
  });

  /** The shape of the config: every key, type and range, but not the references between ids. */
  const configShape = z.strictObject({
    timezone: z._default(timezone, DEFAULT_TIMEZONE),
    supportHours: z.prefault(
      z
        .strictObject({
          days: z._default(z.array(weekday), ["mon", "tue", "wed", "thu", "fri"]),
          start: z._default(time, "10:00"),
          end: z._default(time, "18:00"),
          holidays: z._default(z.enum(HOLIDAY_DIVISIONS), "england-and-wales"),
          extraHolidays: z._default(z.array(date), []),
        })
        .check(
          // Support hours are one stretch within a day; only sleep hours may cross midnight.
          z.superRefine((hours, ctx) => {
            if (hours.end <= hours.start) {
              ctx.addIssue({
                code: "custom",
                path: ["end"],
                message: `${hours.end} is not after supportHours.start (${hours.start}): support hours must end after they start on the same day`,
              });
            }
          }),
        ),
      {},
    ),
    people: z.array(person),
    rota: z.optional(
      z.strictObject({
        handover: z._default(handover, DEFAULT_HANDOVER),
        payPeriod: z._default(z.enum(["handover-month", "calendar-month"]), "handover-month"),
        lines: z._default(z.array(line), []),
        overrides: z._default(
          z
            .array(override)
            .check(
              z.maxLength(
                MAX_OVERRIDES,
                `at most ${MAX_OVERRIDES} overrides: remove the ones that have passed (see docs/rota.md)`,
              ),
            ),
          [],
        ),
      }),
    ),
    escalation: z.prefault(
      z.strictObject({
        afterMinutes: z._default(intIn(0, MINUTES_IN_A_DAY, "minutes"), 5),
        priority: z._default(z.enum(PRIORITIES), "P1"),
        contacts: z._default(z.record(id, z.strictObject({ person: id, title: nonEmpty() })), {}),
      }),
      {},
    ),
    toil: z.prefault(
      z.strictObject({
        windowMinutes: z._default(intIn(1, MINUTES_IN_A_DAY, "minutes"), 60),
        awakeDays: z._default(numIn(0, MAX_DAYS, "days"), 0.25),
        wokenDays: z._default(numIn(0, MAX_DAYS, "days"), 0.5),
        extraDaysPerHour: z._default(numIn(0, MAX_DAYS, "days"), 0.25),
        extraRounding: z._default(z.enum(["quarter-hour", "started-hour", "whole-hour"]), "quarter-hour"),
        hoursPerDay: z._default(
          z.number(HOURS_PER_DAY).check(z.gt(0, HOURS_PER_DAY), z.maximum(24, HOURS_PER_DAY)),
          7,
        ),
        sleepHours: z._default(sleepHours, { start: "23:00", end: "07:00" }),
        backToSleepMinutes: z._default(intIn(0, MINUTES_IN_A_DAY, "minutes"), 60),
        attribution: z.optional(z.enum(["rota", "acknowledger", "owner"])),
        requireTags: z._default(z.array(nonEmpty()), []),
        priorities: z._default(z.array(z.enum(PRIORITIES)), []),
        teams: z._default(z.array(nonEmpty()), []),
      }),
      {},
    ),
    opsgenie: z.prefault(
      z.strictObject({
        provider: z._default(z.enum(["opsgenie", "jsm"]), "opsgenie"),
        region: z._default(z.enum(["us", "eu"]), "eu"),
        apiKeyEnv: z._default(
          z.string().check(z.regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "expected an environment variable name")),
          "OPSGENIE_API_KEY",
        ),
        // JSM Operations (provider jsm, SPEC §10): the site's cloud id, and where the API token is
        cloudId: z.optional(
          z.string().check(z.regex(/^[A-Za-z0-9-]+$/, "expected a cloud id (letters, digits and -)")),
        ),
        apiTokenEnv: z._default(
          z.string().check(z.regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "expected an environment variable name")),
          "JSM_API_TOKEN",
        ),
      }),
      {},
    ),
  });

  /** The whole config: its shape, then the references between ids. */
  const configSchema = configShape.check(
    z.superRefine((cfg, ctx) => {
      for (const issue of referenceIssues(cfg)) ctx.addIssue({ code: "custom", ...issue });
    }),
  );

  /** Single fields with the file's rules, to check an answer as it is given (`config init`). */
  const FIELD_SCHEMAS = { id, time, email: z.email("expected an email address") } as const;
  return { configShape, configSchema, line, handover, override, timezone, FIELD_SCHEMAS };
}

let built: ReturnType<typeof build> | undefined;

export function configSchemas(): ReturnType<typeof build> {
  built ??= build();
  return built;
}

type Schemas = ReturnType<typeof build>;
export type TeamConfig = z.output<Schemas["configSchema"]>;
export type TeamConfigInput = z.input<Schemas["configSchema"]>;
