import { stringify } from "yaml";
import { issueMessage, pathLabel } from "../../adapters/config";
import { configSchema, HOLIDAY_DIVISIONS } from "../../adapters/config-schema";
import { writeFileAtomic } from "../../adapters/file-writer";
import { checkDate } from "../../core/period";
import { addDays } from "../../core/rota";
import { WEEKDAYS, type Weekday } from "../../core/support-hours";
import { isValidTimeZone } from "../../core/zone";
import { usageError } from "../../errors";
import { inquirerPrompter, type Prompter } from "../../runtime/prompts";
import type { CommandContext } from "../context";

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

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

function parsePerson(text: string): PersonDraft {
  const [id = "", name = "", email, phone] = text.split(":").map((s) => s.trim());
  if (!ID.test(id) || name === "") {
    throw usageError(
      `--person ${text}: expected id:Full Name[:email[:phone]]`,
      'for example --person "alice:Alice Adams:alice@example.com"',
    );
  }
  return { id, name, ...(email ? { email } : {}), ...(phone ? { phone } : {}) };
}

function parseHandover(text: string): { day: Weekday; time: string } {
  const m = /^([a-z]{3})\s*(?:@|\s)\s*(\d{1,2}:\d{2})$/i.exec(text.trim());
  const day = m?.[1]?.toLowerCase() as Weekday | undefined;
  if (!m || !day || !WEEKDAYS.includes(day))
    throw usageError(`--handover ${text}: expected a day and a time, e.g. "wed 10:00"`);
  return { day, time: m[2]!.padStart(5, "0") };
}

/** The next handover date on or after today (a line's start must be a handover day). */
function nextHandoverDate(today: string, day: Weekday): string {
  const weekday = ((new Date(`${today}T12:00:00Z`).getUTCDay() + 6) % 7) + 1;
  return addDays(today, (WEEKDAYS.indexOf(day) + 1 - weekday + 7) % 7);
}

/**
 * `oncall config init`: writes a valid team config (.oncallrc.yaml) from flags, asking on a
 * terminal for whatever the flags leave out; never over an existing file without --force.
 */
export async function configInit(
  flags: InitFlags,
  ctx: CommandContext,
  prompter: Prompter = inquirerPrompter(),
): Promise<void> {
  const out = flags.out ?? ".oncallrc.yaml";
  const ask = ctx.io.canPrompt && (flags.person === undefined || flags.person.length === 0);
  if (!ask && (flags.person === undefined || flags.person.length === 0)) {
    throw usageError(
      "config init needs the team's people",
      'pass --person "id:Full Name:email" for each (and --first-line, --second-line), or run it on a terminal to be asked',
    );
  }
  const today = new Date(ctx.now).toISOString().slice(0, 10);

  let timezone = flags.timezone ?? "Europe/London";
  let people: PersonDraft[] = (flags.person ?? []).map(parsePerson);
  let handover = flags.handover ? parseHandover(flags.handover) : { day: "wed" as Weekday, time: "10:00" };
  let supportHours = flags.supportHours ?? "10:00-18:00";
  let firstLine = flags.firstLine
    ?.split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  let secondLine = flags.secondLine
    ?.split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const contacts: Record<string, { person: string; title: string }> = {};
  for (const c of flags.contact ?? []) {
    const m = /^([A-Za-z0-9._-]+)=([A-Za-z0-9._-]+)(?::(.+))?$/.exec(c);
    if (!m)
      throw usageError(
        `--contact ${c}: expected id=person[:Title]`,
        'for example --contact "head-of-ops=dave:Head of Technical Operations"',
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
      const id = await prompter.input({
        message:
          people.length === 0
            ? "First person's id (short, e.g. alice)"
            : "Next person's id (empty when done)",
        validate: (v) => (v === "" && people.length > 0) || ID.test(v) || "letters, digits, '.', '_' or '-'",
      });
      if (id === "") break;
      const name = await prompter.input({
        message: `${id}: full name`,
        validate: (v) => v.trim() !== "" || "a name",
      });
      const email = await prompter.input({ message: `${id}: email (Opsgenie username)`, default: "" });
      people.push({ id, name: name.trim(), ...(email ? { email } : {}) });
    }
    const day = await prompter.select({
      message: "Rota handover day",
      choices: WEEKDAYS.map((d) => ({ name: d, value: d })),
      default: handover.day,
    });
    const time = await prompter.input({
      message: "Handover time",
      default: handover.time,
      validate: (v) => /^\d{2}:\d{2}$/.test(v) || "HH:MM",
    });
    handover = { day, time };
    const choices = people.map((p) => ({ name: `${p.name} (${p.id})`, value: p.id }));
    firstLine = await prompter.checkbox({ message: "First line, in rota order", choices });
    secondLine = await prompter.checkbox({
      message: "Second line, in rota order (none: leave empty)",
      choices,
    });
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
    supportHours = await prompter.input({
      message: "In-hours support (start-end)",
      default: supportHours,
      validate: (v) => /^\d{2}:\d{2}-\d{2}:\d{2}$/.test(v) || "HH:MM-HH:MM",
    });
  }

  const [start, end] = supportHours.split("-");
  const lineStart =
    flags.start === undefined ? nextHandoverDate(today, handover.day) : checkDate(flags.start, "--start");
  const lines = [
    ...(firstLine?.length
      ? [{ id: "first-line", name: "First line", start: lineStart, members: firstLine }]
      : []),
    ...(secondLine?.length
      ? [{ id: "second-line", name: "Second line", start: lineStart, members: secondLine }]
      : []),
  ];
  if (flags.holidays !== undefined && !(HOLIDAY_DIVISIONS as readonly string[]).includes(flags.holidays)) {
    throw usageError(`--holidays ${flags.holidays}: expected one of ${HOLIDAY_DIVISIONS.join(", ")}`);
  }
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
  const checked = configSchema.safeParse(draft);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    throw usageError(
      `the config would not be valid: ${pathLabel(issue.path)}: ${issueMessage(issue)}`,
      "check the flags",
    );
  }
  // Written as YAML 1.1 quotes "10:00" and "2026-12-02", so every YAML reader takes them as text.
  const text = `# The team config for oncall: people, support hours, the rota, escalation contacts.
# Written by \`oncall config init\`; every key is explained in docs/config.md.
${stringify(draft, { lineWidth: 0, version: "1.1" })}`;
  const path = await writeFileAtomic(ctx.io.cwd, out, text, flags.force === true);
  ctx.io.stderr.write(`wrote ${path}; check it with: oncall rota check --config ${out}\n`);
}
