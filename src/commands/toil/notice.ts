import * as z from "zod/mini";
import { holidayNames } from "../../adapters/holidays";
import { addDays } from "../../core/calendar";
import { morningNotice, type RestContact } from "../../core/notice";
import { checkDate } from "../../core/period";
import { parseHHMM } from "../../core/zone";
import { jsonText } from "../../render/json";
import type { NoticeDoc } from "../../render/notice";
import { inquirerPrompter, type Prompter } from "../../runtime/prompts";
import { logsOrPull } from "../alerts/pull";
import type { CommandContext } from "../context";
import { commandOptions, defineCommand } from "../define";
import { loadTeam } from "../team";
import { journalPerson } from "./journal";
import { reviewPeriodWindows } from "./review";
import { runToil, toilFlagsSchema, writeWarnings } from "./shared";

const FORMATS = ["text", "json"] as const;
/** The contacts the policy names for a rest after a disrupted night. */
const REST_CONTACTS = ["head-of-ops", "technical-director"] as const;

const optionsSchema = commandOptions({
  log: z.array(z.string()),
  date: z.optional(z.string()),
  person: z.optional(z.string().check(z.minLength(1))),
  answers: z._default(z.array(z.string()), []),
  journal: z._default(z.boolean(), true),
  lenient: z._default(z.boolean(), false),
});
type NoticeOptions = z.infer<typeof optionsSchema>;

/** `oncall toil notice [<log…>]`: the morning-after message (SPEC §9). */
export async function toilNotice(
  o: NoticeOptions,
  ctx: CommandContext,
  prompter: Prompter = inquirerPrompter({ color: ctx.io.colorErr }),
): Promise<void> {
  const format = ctx.format(FORMATS, "text");
  const team = loadTeam(ctx.io, o.config, ctx.now);
  const { zone, config } = team;
  if (o.date !== undefined) checkDate(o.date, "--date");
  const date = o.date ?? zone.dateOf(ctx.now);
  const person = await journalPerson(team, ctx.io, o.person);
  const name = team.people.get(person)?.name ?? person;
  const supportStart = parseHHMM(config.supportHours.start);
  const supportEnd = parseHHMM(config.supportHours.end);

  const calendar = await team.calendar([Number(date.slice(0, 4))]);
  const off = calendar.dayOff(date);
  const dayOff =
    off === null
      ? null
      : {
          why: off,
          name:
            off === "holiday"
              ? ((await holidayNames(config.supportHours.holidays, [date])).get(date) ?? null)
              : null,
        };

  const tonightFrom = zone.instant(date, supportEnd);
  const tonightTo = zone.instant(addDays(date, 1), supportStart);
  const onCallTonight = team.rota.lines.some((l) =>
    team.rota.lineShifts(l.id, tonightFrom, tonightTo).some((s) => s.person === person),
  );
  const contacts: RestContact[] = [];
  for (const id of REST_CONTACTS) {
    const c = config.escalation.contacts[id];
    const p = c === undefined ? undefined : team.people.get(c.person);
    if (c && p) contacts.push({ id, person: p.id, name: p.name, title: c.title, phone: p.phone });
  }

  const flags = toilFlagsSchema.parse({
    person,
    answers: o.answers,
    journal: o.journal,
    lenient: o.lenient,
    config: o.config,
  });
  // the night: from the end of support hours the day before to their start this morning
  const night = {
    from: zone.instant(addDays(date, -1), supportEnd),
    to: zone.instant(date, supportStart),
    label: `the night before ${date}`,
  };
  const source = await logsOrPull(o.log, night, team, ctx, "toil notice", "night");
  try {
    await notice(source.files);
  } finally {
    await source.done();
  }

  async function notice(files: string[]): Promise<void> {
    let warned = false;
    const compute = async () => {
      const run = await runToil("toil notice", files, flags, ctx.io, ctx.now, ctx.signals);
      // once: the night computed again after the questions would only repeat them
      if (!warned) writeWarnings(ctx.io, run.result.warnings);
      warned = true;
      return morningNotice({
        date,
        person: { id: person, name },
        claims: run.result.claims,
        zone,
        supportStart,
        supportEnd,
        dayOff,
        onCallTonight,
        contacts,
      });
    };
    let result = await compute();
    // On a terminal, the review's questions for the night's windows come first, and are kept: the
    // message then says what the person answered (not with standard input as a log, nor --no-journal).
    if (ctx.io.canPrompt && o.journal && result.windows.length > 0 && !files.includes("-")) {
      const reviewed = await reviewPeriodWindows(
        { files, team, person, period: night, lenient: o.lenient, all: false, warnings: false },
        ctx,
        prompter,
      );
      if (reviewed.asked > 0) result = await compute();
    }

    if (format === "json") {
      const doc: NoticeDoc = { schemaVersion: 1, ...result };
      ctx.io.stdout.write(jsonText(doc as unknown as Record<string, unknown>, ctx.io.stdoutIsTTY));
      return;
    }
    const { noticeText } = await import("../../render/notice");
    ctx.io.stdout.write(noticeText(result, zone));
  }
}

export const command = defineCommand({
  name: "toil notice",
  args: [
    {
      name: "log",
      description: "alert logs covering last night",
      variadic: true,
      optional: true,
      files: true,
    },
  ],
  flags: [
    { long: "date", value: "date", description: "the morning, YYYY-MM-DD (default: today)" },
    { long: "person", value: "id", description: "whose night (default: me)" },
    {
      long: "answers",
      value: "file",
      description: "apply someone else's answers: their oncall toil journal --json export (repeatable)",
      repeatable: true,
    },
    { long: "no-journal", description: "ignore your journal of answers (oncall toil journal)" },
    { long: "lenient", description: "turn unreadable rows into warnings instead of failing" },
  ],
  formats: FORMATS,
  options: optionsSchema,
  examples: ["oncall toil notice alerts.csv", "oncall toil notice alerts.csv --date 2026-11-27 --json"],
  run: (options, ctx) => toilNotice(options, ctx),
});
