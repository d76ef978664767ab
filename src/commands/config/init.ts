import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { stringify } from "yaml";
import * as z from "zod/mini";
import { issueMessage, pathLabel } from "../../adapters/config";
import { configSchemas, HOLIDAY_DIVISIONS } from "../../adapters/config-schema";
import { writeFileAtomic } from "../../adapters/file-writer";
import { addDays, weekdayName, weekdayNumber, weekdayOnOrBefore } from "../../core/calendar";
import { checkDate, dateProblem } from "../../core/period";
import { WEEKDAYS, type Weekday } from "../../core/support-hours";
import { isValidTimeZone, parseHHMM, Zone } from "../../core/zone";
import { isOncallError, usageError } from "../../errors";
import { type ConfigInitDoc, configInitNote } from "../../render/config";
import { jsonText } from "../../render/json";
import { inquirerPrompter, type Prompter } from "../../runtime/prompts";
import { processOffsets } from "../../runtime/tz";
import type { CommandContext } from "../context";
import { commandOptions, defineCommand } from "../define";

const FORMATS = ["text", "json"] as const;

export interface InitFlags {
  out?: string;
  force?: boolean;
  timezone?: string;
  person?: string[];
  firstLine?: string;
  secondLine?: string;
  handover?: string;
  start?: string;
  contact?: string[];
  supportHours?: string;
  holidays?: string;
}

interface PersonDraft {
  id: string;
  name: string;
  email?: string;
  phone?: string;
}

/** An answer's problem in words, or true: the same check for a prompt's answer and a flag's value. */
type Check = true | string;

const zodCheck =
  (schema: { safeParse(v: unknown): { success: boolean; error?: { issues: unknown[] } } }) =>
  (v: string): Check => {
    const r = schema.safeParse(v);
    return r.success || issueMessage((r.error?.issues[0] ?? {}) as Parameters<typeof issueMessage>[0]);
  };
const checkTime = zodCheck(configSchemas().FIELD_SCHEMAS.time);
const checkEmail = zodCheck(configSchemas().FIELD_SCHEMAS.email);

function checkId(v: string, people: readonly PersonDraft[]): Check {
  const shape = zodCheck(configSchemas().FIELD_SCHEMAS.id)(v);
  if (shape !== true) return shape;
  return people.some((p) => p.id === v) ? `${v} is already in the team: ids must be unique` : true;
}

// A phone is shown to a person paging at 3 a.m.: digits they can dial, not "ask Dave".
function checkPhone(v: string): Check {
  return /^\+?[0-9][0-9 ()-]*$/.test(v) && v.replace(/\D/g, "").length >= 6
    ? true
    : "expected a phone number such as +44 7700 900123";
}

function checkSupportHours(v: string): Check {
  const [start = "", end = "", ...rest] = v.split("-").map((s) => s.trim());
  if (rest.length > 0 || checkTime(start) !== true || checkTime(end) !== true)
    return 'expected "HH:MM-HH:MM", such as 10:00-18:00';
  return start < end ? true : "support hours must start before they end";
}

/** A line's start: a calendar date in range (the flags' rules) that falls on the handover day. */
function checkStart(v: string, day: Weekday): Check {
  const problem = dateProblem(v);
  if (problem !== null) return problem;
  return weekdayName(v) === day
    ? true
    : `${v} is a ${weekdayName(v)}: the rota starts on a handover day (${day})`;
}

/**
 * The date of the latest handover at or before now, in the team's zone: a rota that starts at the
 * next handover has nobody on call until then, and `rota who` straight after init would say so.
 */
function currentHandoverDate(
  now: number,
  timezone: string,
  handover: { day: Weekday; time: string },
): string {
  const { date, minuteOfDay } = new Zone(timezone, processOffsets(timezone), now).parts(now);
  const last = weekdayOnOrBefore(date, weekdayNumber(handover.day));
  return last === date && minuteOfDay < parseHHMM(handover.time) ? addDays(last, -7) : last;
}

function flagCheck(flag: string, value: string, check: Check, hint?: string): void {
  if (check !== true) throw usageError(`${flag} ${value}: ${check}`, hint);
}

function parsePerson(text: string, before: readonly PersonDraft[]): PersonDraft {
  const parts = text.split(":").map((s) => s.trim());
  const [id = "", name = "", email, phone] = parts;
  // a fifth field would be dropped without a word: say so instead
  if (id === "" || name === "" || parts.length > 4) {
    throw usageError(
      `--person ${text}: expected id:Full Name[:email[:phone]]`,
      'for example --person "alice:Alice Adams:alice@example.com"',
    );
  }
  flagCheck("--person", text, checkId(id, before));
  if (email) flagCheck("--person", text, checkEmail(email));
  if (phone) flagCheck("--person", text, checkPhone(phone));
  return { id, name, ...(email ? { email } : {}), ...(phone ? { phone } : {}) };
}

/**
 * Both lines start on the same handover and move one member a week, so someone on both would be
 * on both at once in some week — which rota check refuses (exit 3) after the file is written.
 * The first such person and week (0-based), or null.
 */
function linesClash(
  first: readonly string[] | undefined,
  second: readonly string[] | undefined,
): { id: string; week: number } | null {
  if (!first?.length || !second?.length) return null;
  // every pairing of positions comes round within first.length * second.length weeks
  for (let week = 0; week < first.length * second.length; week++) {
    const id = first[week % first.length]!;
    if (id === second[week % second.length]) return { id, week };
  }
  return null;
}

function checkLinesApart(
  first: readonly string[] | undefined,
  second: readonly string[] | undefined,
  flags: { firstLine?: string; secondLine?: string },
): void {
  const clash = linesClash(first, second);
  if (clash) {
    throw usageError(
      `--first-line ${flags.firstLine} and --second-line ${flags.secondLine}: ${clash.id} would be on both lines in week ${clash.week + 1} of the rota`,
      "put different people on the two lines, or order them so no one is on both in the same week",
    );
  }
}

function parseHandover(text: string): { day: Weekday; time: string } {
  const m = /^([a-z]{3})\s*(?:@|\s)\s*(\d{1,2}:\d{2})$/i.exec(text.trim());
  const day = m?.[1]?.toLowerCase() as Weekday | undefined;
  if (!m || !day || !WEEKDAYS.includes(day))
    throw usageError(`--handover ${text}: expected a day and a time, e.g. "wed 10:00"`);
  const time = m[2]!.padStart(5, "0");
  flagCheck("--handover", text, checkTime(time));
  return { day, time };
}

function parseMembers(flag: string, text: string | undefined, people: readonly PersonDraft[]) {
  if (text === undefined) return undefined;
  const ids = text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (ids.length === 0) throw usageError(`${flag} "${text}": a line needs at least one member`);
  const unknown = ids.find((id) => !people.some((p) => p.id === id));
  if (unknown !== undefined && people.length > 0)
    throw usageError(
      `${flag} ${text}: ${unknown} is not one of the people`,
      `people: ${people.map((p) => p.id).join(", ")}`,
    );
  return ids;
}

/**
 * Line members picked one at a time, so the rota order is the order they were picked in (a
 * checkbox list would give them back in list order).
 */
async function pickMembers(
  prompter: Prompter,
  line: string,
  people: readonly PersonDraft[],
  required: boolean,
): Promise<string[]> {
  const picked: string[] = [];
  for (;;) {
    const left = people.filter((p) => !picked.includes(p.id));
    if (left.length === 0) return picked;
    const canStop = picked.length > 0 || !required;
    const choice = await prompter.select({
      message:
        picked.length === 0
          ? `${line}: who is on first?`
          : `${line} so far: ${picked.join(", ")}. Who is next?`,
      choices: [
        ...(canStop ? [{ name: picked.length === 0 ? "(nobody)" : "(done)", value: "" }] : []),
        ...left.map((p) => ({ name: `${p.name} (${p.id})`, value: p.id })),
      ],
    });
    if (choice === "") return picked;
    picked.push(choice);
  }
}

/**
 * `oncall config init`: writes a valid team config (.oncallrc.yaml) from flags, asking on a
 * terminal for whatever the flags leave out; never over an existing file without --force.
 */
export async function configInit(
  flags: InitFlags,
  ctx: CommandContext,
  prompter: Prompter = inquirerPrompter({ color: ctx.io.colorErr }),
): Promise<void> {
  const json = ctx.format(FORMATS, "text") === "json";
  const out = flags.out ?? ".oncallrc.yaml";
  // Before any question: answers given to a command that then refuses to write are wasted.
  if (!flags.force && existsSync(resolve(ctx.io.cwd, out)))
    throw usageError(`${out} already exists`, "pass --force to replace it, or choose another --out");
  const ask = ctx.io.canPrompt && (flags.person === undefined || flags.person.length === 0);
  if (!ask && (flags.person === undefined || flags.person.length === 0)) {
    throw usageError(
      "config init needs the team's people",
      'pass --person "id:Full Name:email" for each (and --first-line, --second-line), or run it on a terminal to be asked',
    );
  }

  // Every flag is checked before the first question, so a typo costs nothing.
  let timezone = flags.timezone ?? "Europe/London";
  if (!isValidTimeZone(timezone)) throw usageError(`--timezone ${timezone}: not an IANA time zone`);
  let people: PersonDraft[] = [];
  for (const p of flags.person ?? []) people.push(parsePerson(p, people));
  let handover = flags.handover ? parseHandover(flags.handover) : { day: "wed" as Weekday, time: "10:00" };
  let supportHours = flags.supportHours ?? "10:00-18:00";
  flagCheck("--support-hours", supportHours, checkSupportHours(supportHours));
  let firstLine = parseMembers("--first-line", flags.firstLine, people);
  let secondLine = parseMembers("--second-line", flags.secondLine, people);
  checkLinesApart(firstLine, secondLine, flags);
  if (flags.start !== undefined) checkDate(flags.start, "--start");
  let lineStart = flags.start ?? currentHandoverDate(ctx.now, timezone, handover);
  if (!ask) flagCheck("--start", lineStart, checkStart(lineStart, handover.day));
  if (flags.holidays !== undefined && !(HOLIDAY_DIVISIONS as readonly string[]).includes(flags.holidays)) {
    throw usageError(`--holidays ${flags.holidays}: expected one of ${HOLIDAY_DIVISIONS.join(", ")}`);
  }
  const contacts: Record<string, { person: string; title: string }> = {};
  for (const c of flags.contact ?? []) {
    const m = /^([A-Za-z0-9._-]+)=([A-Za-z0-9._-]+)(?::(.+))?$/.exec(c);
    if (!m)
      throw usageError(
        `--contact ${c}: expected id=person[:Title]`,
        'for example --contact "head-of-ops=dave:Head of Technical Operations"',
      );
    // __proto__ and the like would set the object's prototype, not a key: the contact would vanish
    if (m[1]! in contacts)
      throw usageError(
        `--contact ${c}: ${Object.hasOwn(contacts, m[1]!) ? "the id is given twice" : "not a usable id"}`,
        'choose another id, for example --contact "head-of-ops=dave"',
      );
    contacts[m[1]!] = { person: m[2]!, title: m[3]?.trim() || m[1]! };
  }

  if (ask) {
    timezone = await prompter.input({
      message: "Time zone of the team",
      default: timezone,
      validate: (v) => isValidTimeZone(v) || "an IANA time zone, such as Europe/London",
    });
    people = [];
    for (;;) {
      const id = (
        await prompter.input({
          message:
            people.length === 0
              ? "First person's id (short, e.g. alice)"
              : "Next person's id (empty when done)",
          validate: (v) =>
            v.trim() === ""
              ? people.length > 0 || "the team needs at least one person"
              : checkId(v.trim(), people),
        })
      ).trim();
      if (id === "") break;
      const name = await prompter.input({
        message: `${id}: full name`,
        validate: (v) => v.trim() !== "" || "a name",
      });
      const email = (
        await prompter.input({
          message: `${id}: email (their Opsgenie username; empty: none)`,
          default: "",
          validate: (v) => v.trim() === "" || checkEmail(v.trim()),
        })
      ).trim();
      const phone = (
        await prompter.input({
          message: `${id}: phone, shown when a page is not confirmed (optional)`,
          default: "",
          validate: (v) => v.trim() === "" || checkPhone(v.trim()),
        })
      ).trim();
      people.push({ id, name: name.trim(), ...(email ? { email } : {}), ...(phone ? { phone } : {}) });
    }
    const day = await prompter.select({
      message: "Rota handover day",
      choices: WEEKDAYS.map((d) => ({ name: d, value: d })),
      default: handover.day,
    });
    const time = await prompter.input({
      message: "Handover time (HH:MM)",
      default: handover.time,
      validate: (v) => checkTime(v.trim()),
    });
    handover = { day, time: time.trim() };
    lineStart = (
      await prompter.input({
        message: `Rota start: the first handover (a ${day})`,
        default:
          flags.start !== undefined && checkStart(flags.start, day) === true
            ? flags.start
            : currentHandoverDate(ctx.now, timezone, handover),
        validate: (v) => checkStart(v.trim(), day),
      })
    ).trim();
    firstLine = await pickMembers(prompter, "First line", people, true);
    for (;;) {
      secondLine = await pickMembers(prompter, "Second line", people, false);
      const clash = linesClash(firstLine, secondLine);
      if (!clash) break;
      // asked again rather than written and then refused by rota check
      ctx.io.stderr.write(
        `${clash.id} would be on both lines in week ${clash.week + 1} of the rota: pick the second line again, with different people or in another order\n`,
      );
    }
    const choices = people.map((p) => ({ name: `${p.name} (${p.id})`, value: p.id }));
    const head = await prompter.select({
      message: "Head of Technical Operations (escalation contact)",
      choices: [{ name: "(none)", value: "" }, ...choices],
    });
    if (head) contacts["head-of-ops"] = { person: head, title: "Head of Technical Operations" };
    const director = await prompter.select({
      message: "Technical Director (escalation contact)",
      choices: [{ name: "(none)", value: "" }, ...choices],
    });
    if (director) contacts["technical-director"] = { person: director, title: "Technical Director" };
    supportHours = (
      await prompter.input({
        message: "In-hours support (HH:MM-HH:MM)",
        default: supportHours,
        validate: (v) => checkSupportHours(v),
      })
    ).replace(/\s/g, "");
  }

  const [start, end] = supportHours.split("-");
  const lines = [
    ...(firstLine?.length
      ? [{ id: "first-line", name: "First line", start: lineStart, members: firstLine }]
      : []),
    ...(secondLine?.length
      ? [{ id: "second-line", name: "Second line", start: lineStart, members: secondLine }]
      : []),
  ];
  const draft = {
    timezone,
    supportHours: {
      days: ["mon", "tue", "wed", "thu", "fri"],
      start,
      end,
      holidays: flags.holidays ?? "england-and-wales",
      extraHolidays: [],
    },
    people,
    ...(lines.length ? { rota: { handover, lines, overrides: [] } } : {}),
    escalation: { afterMinutes: 5, priority: "P1", contacts },
  };
  // Written as YAML 1.1 quotes "10:00" and "2026-12-02", so every YAML reader takes them as text.
  const text = `# The team config for oncall: people, support hours, the rota, escalation contacts.
# Written by \`oncall config init\`; every key is explained in docs/config.md.
${stringify(draft, { lineWidth: 0, version: "1.1" })}`;
  let path: string;
  try {
    const checked = configSchemas().configSchema.safeParse(draft);
    if (!checked.success) {
      const issue = checked.error.issues[0]!;
      throw usageError(
        `the config would not be valid: ${pathLabel(issue.path)}: ${issueMessage(issue)}`,
        "check the flags",
      );
    }
    path = await writeFileAtomic(ctx.io.cwd, out, text, flags.force === true, ctx.signals);
  } catch (e) {
    if (ask && isOncallError(e)) throw await keepAnswers(e, text, out, ctx);
    throw e;
  }
  const doc: ConfigInitDoc = { schemaVersion: 1, file: path, config: draft };
  if (json) ctx.io.stdout.write(jsonText(doc as unknown as Record<string, unknown>, ctx.io.stdoutIsTTY));
  ctx.io.stderr.write(configInitNote(doc, out));
  if (!firstLine?.length) {
    ctx.io.stderr.write(
      "warning: no --first-line, so the config has no first line: rota who, show, next, hours, check and export need one — run config init again with --first-line IDS (and --force), or add rota.lines (see docs/rota.md)\n",
    );
  }
}

/**
 * After the questions, a failure must not cost the answers: they go to `<out>.draft` (replacing an
 * older draft), or, when even that cannot be written, to stdout; the error then says where.
 */
async function keepAnswers(
  e: Error & { hint?: string | undefined },
  text: string,
  out: string,
  ctx: CommandContext,
) {
  const draft = `${out}.draft`;
  try {
    await writeFileAtomic(ctx.io.cwd, draft, text, true, ctx.signals);
    return usageError(e.message, `your answers are in ${draft}: fix it, then rename it to ${out}`);
  } catch {
    ctx.io.stdout.write(text);
    return usageError(e.message, "your answers are printed above as YAML: save and fix them");
  }
}

export const command = defineCommand({
  name: "config init",
  args: [],
  flags: [
    { long: "out", value: "file", description: "where to write it (default: .oncallrc.yaml)" },
    { long: "force", description: "replace the file if it exists" },
    { long: "timezone", value: "zone", description: "IANA time zone (default: Europe/London)" },
    {
      long: "person",
      value: "id:name[:email[:phone]]",
      description: "a person (repeatable)",
      repeatable: true,
    },
    { long: "first-line", value: "ids", description: "first-line members in rota order, comma-separated" },
    { long: "second-line", value: "ids", description: "second-line members in rota order, comma-separated" },
    { long: "handover", value: "day time", description: 'rota handover day and time (default: "wed 10:00")' },
    {
      long: "start",
      value: "date",
      description: "the rota's first handover date (default: the handover in effect now)",
    },
    {
      long: "contact",
      value: "id=person[:title]",
      description: "an escalation contact (repeatable)",
      repeatable: true,
    },
    { long: "support-hours", value: "start-end", description: "in-hours support (default: 10:00-18:00)" },
    {
      long: "holidays",
      value: "division",
      description: "england-and-wales, scotland, northern-ireland or none (default: england-and-wales)",
    },
  ],
  formats: FORMATS,
  options: commandOptions({
    out: z.optional(z.string()),
    force: z.optional(z.boolean()),
    timezone: z.optional(z.string()),
    person: z.optional(z.array(z.string())),
    firstLine: z.optional(z.string()),
    secondLine: z.optional(z.string()),
    handover: z.optional(z.string()),
    start: z.optional(z.string()),
    contact: z.optional(z.array(z.string())),
    supportHours: z.optional(z.string()),
    holidays: z.optional(z.string()),
  }),
  examples: [
    "oncall config init",
    'oncall config init --person "alice:Alice:alice@x.com" --first-line alice',
  ],
  run: (options, ctx) => configInit(options, ctx),
});
