import * as z from "zod/mini";
import { WEEKDAYS } from "../core/support-hours";
import { isValidTimeZone } from "../core/zone";

// zod/mini: the same validation as zod's classic API in a fraction of the start-up cost (SPEC §8).
const nonEmpty = () => z.string().check(z.minLength(1, "must not be empty"));
const time = z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time "HH:MM" (24-hour)'));
const date = z.string().check(
  z.regex(/^\d{4}-\d{2}-\d{2}$/, "expected a date YYYY-MM-DD"),
  z.refine(
    (s) =>
      !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    "expected a real calendar date YYYY-MM-DD",
  ),
);
const localDateTime = z
  .string()
  .check(
    z.regex(
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})?$/,
      'expected a local date-time "YYYY-MM-DDTHH:MM" (an offset is optional)',
    ),
  );
const id = z
  .string()
  .check(z.regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "expected an id of letters, digits, '.', '_' or '-'"));
const weekday = z.enum(WEEKDAYS);
const sleepHours = z.strictObject({ start: time, end: time });
const int = (min: number) => z.int().check(z.minimum(min));
const num = (min: number) => z.number().check(z.minimum(min));
const PRIORITIES = ["P1", "P2", "P3", "P4", "P5"] as const;

export const HOLIDAY_DIVISIONS = ["england-and-wales", "scotland", "northern-ireland", "none"] as const;

const person = z.strictObject({
  id,
  name: nonEmpty(),
  email: z.optional(z.email("expected an email address")),
  opsgenie: z.optional(nonEmpty()),
  phone: z.optional(nonEmpty()),
  sleepHours: z.optional(sleepHours),
});

const line = z.strictObject({
  id,
  name: z.optional(nonEmpty()),
  start: date,
  weeksPerTurn: z._default(int(1), 1),
  members: z.array(id).check(z.minLength(1, "a line needs at least one member")),
});

const override = z.strictObject({
  line: id,
  person: id,
  from: localDateTime,
  to: localDateTime,
  reason: z.optional(z.string()),
});

export const configSchema = z
  .strictObject({
    timezone: z._default(
      z
        .string()
        .check(z.refine((s) => isValidTimeZone(s), "expected an IANA time zone such as Europe/London")),
      "Europe/London",
    ),
    supportHours: z.prefault(
      z.strictObject({
        days: z._default(z.array(weekday), ["mon", "tue", "wed", "thu", "fri"]),
        start: z._default(time, "10:00"),
        end: z._default(time, "18:00"),
        holidays: z._default(z.enum(HOLIDAY_DIVISIONS), "england-and-wales"),
        extraHolidays: z._default(z.array(date), []),
      }),
      {},
    ),
    people: z.array(person),
    rota: z.optional(
      z.strictObject({
        handover: z._default(z.strictObject({ day: weekday, time }), { day: "wed", time: "10:00" }),
        payPeriod: z._default(z.enum(["handover-month", "calendar-month"]), "handover-month"),
        lines: z._default(z.array(line), []),
        overrides: z._default(z.array(override), []),
      }),
    ),
    escalation: z.prefault(
      z.strictObject({
        afterMinutes: z._default(int(0), 5),
        priority: z._default(z.enum(PRIORITIES), "P1"),
        contacts: z._default(z.record(id, z.strictObject({ person: id, title: nonEmpty() })), {}),
      }),
      {},
    ),
    toil: z.prefault(
      z.strictObject({
        windowMinutes: z._default(int(1), 60),
        awakeDays: z._default(num(0), 0.25),
        wokenDays: z._default(num(0), 0.5),
        extraDaysPerHour: z._default(num(0), 0.25),
        extraRounding: z._default(z.enum(["quarter-hour", "started-hour", "whole-hour"]), "quarter-hour"),
        hoursPerDay: z._default(z.number().check(z.gt(0)), 7),
        sleepHours: z._default(sleepHours, { start: "23:00", end: "07:00" }),
        backToSleepMinutes: z._default(int(0), 60),
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
      }),
      {},
    ),
  })
  .check(
    z.superRefine((cfg, ctx) => {
      // References between ids (SPEC §2): unique people, every referenced id exists.
      const ids = new Map<string, number>();
      cfg.people.forEach((p, i) => {
        if (ids.has(p.id)) {
          ctx.addIssue({
            code: "custom",
            path: ["people", i, "id"],
            message: `duplicate person id "${p.id}"`,
          });
        } else ids.set(p.id, i);
      });
      const known = (pid: string) => ids.has(pid);
      const peopleList = [...ids.keys()].join(", ") || "(none)";
      if (cfg.rota) {
        const handoverDay = WEEKDAYS.indexOf(cfg.rota.handover.day) + 1;
        const lineIds = new Set<string>();
        cfg.rota.lines.forEach((l, i) => {
          if (lineIds.has(l.id)) {
            ctx.addIssue({
              code: "custom",
              path: ["rota", "lines", i, "id"],
              message: `duplicate line id "${l.id}"`,
            });
          }
          lineIds.add(l.id);
          const weekday = ((new Date(`${l.start}T12:00:00Z`).getUTCDay() + 6) % 7) + 1;
          if (weekday !== handoverDay) {
            ctx.addIssue({
              code: "custom",
              path: ["rota", "lines", i, "start"],
              message: `${l.start} is not a ${cfg.rota?.handover.day}: a line's start must fall on the handover day`,
            });
          }
          l.members.forEach((m, j) => {
            if (!known(m)) {
              ctx.addIssue({
                code: "custom",
                path: ["rota", "lines", i, "members", j],
                message: `unknown person "${m}" (people: ${peopleList})`,
              });
            }
          });
        });
        cfg.rota.overrides.forEach((o, i) => {
          if (!lineIds.has(o.line)) {
            ctx.addIssue({
              code: "custom",
              path: ["rota", "overrides", i, "line"],
              message: `unknown line "${o.line}" (lines: ${[...lineIds].join(", ") || "(none)"})`,
            });
          }
          if (!known(o.person)) {
            ctx.addIssue({
              code: "custom",
              path: ["rota", "overrides", i, "person"],
              message: `unknown person "${o.person}" (people: ${peopleList})`,
            });
          }
        });
      }
      for (const [cid, c] of Object.entries(cfg.escalation.contacts)) {
        if (!known(c.person)) {
          ctx.addIssue({
            code: "custom",
            path: ["escalation", "contacts", cid, "person"],
            message: `unknown person "${c.person}" (people: ${peopleList})`,
          });
        }
      }
    }),
  );

export type TeamConfig = z.output<typeof configSchema>;
export type TeamConfigInput = z.input<typeof configSchema>;

/** Single fields with the file's rules, to check an answer as it is given (`config init`). */
export const FIELD_SCHEMAS = { id, time, email: z.email("expected an email address") } as const;
