import * as z from "zod/mini";
import { firstOfMonth, firstOfNextMonth } from "../../core/calendar";
import { checkDate, checkMonth } from "../../core/period";
import { isoUtc } from "../../core/zone";
import { usageError } from "../../errors";
import { jsonText } from "../../render/json";
import { type RotaShowDoc, rotaShowText } from "../../render/rota";
import type { CommandContext } from "../context";
import { commandOptions, defineCommand } from "../define";
import { loadTeam } from "../team";
import { contactsOf, lineNames, positiveInt, requireRota, shiftView } from "./shared";

const FORMATS = ["table", "json"] as const;

interface Flags {
  config?: string;
  week?: string | boolean;
  weeks?: string;
  month?: string;
  line?: string;
}

/** `oncall rota show`: the rota for a week (default), several weeks or a month, per line. */
export async function rotaShow(flags: Flags, ctx: CommandContext): Promise<void> {
  const format = ctx.format(FORMATS, "table");
  const team = loadTeam(ctx.io, flags.config, ctx.now);
  requireRota(team);
  const { rota, zone } = team;
  if (flags.month !== undefined && (flags.weeks !== undefined || typeof flags.week === "string")) {
    throw usageError("--month cannot be combined with --week or --weeks");
  }
  let from: number;
  let to: number;
  if (flags.month !== undefined) {
    const month = checkMonth(flags.month, "--month");
    from = zone.instant(firstOfMonth(month));
    to = zone.instant(firstOfNextMonth(month));
  } else {
    const date = typeof flags.week === "string" ? flags.week : null;
    if (date !== null) checkDate(date, "--week");
    const week = date === null ? rota.weekAt(ctx.now) : rota.weekOfDate(date);
    const n = positiveInt(flags.weeks, "--weeks", 1);
    from = week.start;
    to = rota.handoverWeeksAfter(week.start, n);
  }
  const lines = flags.line === undefined ? undefined : [flags.line];
  if (flags.line !== undefined && !rota.line(flags.line)) {
    throw usageError(
      `--line ${flags.line}: no such line`,
      `lines: ${rota.lines.map((l) => l.id).join(", ")}`,
    );
  }
  const doc: RotaShowDoc = {
    schemaVersion: 1,
    from: isoUtc(from),
    to: isoUtc(to),
    shifts: rota.shifts(from, to, lines).map((s) => shiftView(team, s)),
    contacts: contactsOf(team),
  };
  if (format === "json") {
    ctx.io.stdout.write(jsonText(doc as unknown as Record<string, unknown>, ctx.io.stdoutIsTTY));
    return;
  }
  const { loadScreen } = await import("../../render/screen");
  rotaShowText(doc, lineNames(team), zone, ctx.now, await loadScreen(ctx.io)).writeTo(ctx.io);
}

export const command = defineCommand({
  name: "rota show",
  args: [],
  flags: [
    {
      long: "week",
      value: "date",
      valueOptional: true,
      description: "the rota week containing DATE (default: now)",
    },
    { long: "weeks", value: "n", description: "this many weeks from that week" },
    { long: "month", value: "YYYY-MM", description: "a calendar month" },
    { long: "line", value: "id", description: "only this line" },
  ],
  formats: FORMATS,
  options: commandOptions({
    week: z.optional(z.union([z.string(), z.boolean()])),
    weeks: z.optional(z.string()),
    month: z.optional(z.string()),
    line: z.optional(z.string()),
  }),
  examples: [
    "oncall rota show",
    "oncall rota show --week 2026-12-23 --weeks 3",
    "oncall rota show --month 2026-12 --json",
  ],
  run: rotaShow,
});
