import { checkDate, checkMonth } from "../../core/period";
import { addDays } from "../../core/rota";
import { isoUtc } from "../../core/zone";
import { usageError } from "../../errors";
import { jsonText } from "../../render/json";
import { type RotaShowDoc, rotaShowText } from "../../render/rota";
import type { CommandContext } from "../context";
import { loadTeam } from "../team";
import { contactsOf, lineNames, positiveInt, requireRota, shiftView } from "./shared";

interface Flags {
  config?: string;
  week?: string | boolean;
  weeks?: string;
  month?: string;
  line?: string;
}

/** `oncall rota show`: the rota for a week (default), several weeks or a month, per line. */
export async function rotaShow(flags: Flags, ctx: CommandContext): Promise<void> {
  const format = ctx.format(["table", "json"] as const, "table");
  const team = loadTeam(ctx.io, flags.config, ctx.now);
  requireRota(team);
  const { rota, zone } = team;
  if (flags.month !== undefined && (flags.weeks !== undefined || typeof flags.week === "string")) {
    throw usageError("--month cannot be combined with --week or --weeks");
  }
  let from: number;
  let to: number;
  if (flags.month !== undefined) {
    const first = `${checkMonth(flags.month, "--month")}-01`;
    from = zone.instant(first);
    to = zone.instant(`${addDays(first, 40).slice(0, 8)}01`);
  } else {
    const date = typeof flags.week === "string" ? flags.week : null;
    if (date !== null) checkDate(date, "--week");
    const week = date === null ? rota.weekAt(ctx.now) : rota.weekOfDate(date);
    const n = positiveInt(flags.weeks, "--weeks", 1);
    from = week.start;
    to = rota.handoverOn(addDays(zone.dateOf(week.start), 7 * n));
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
  ctx.io.stdout.write(rotaShowText(doc, lineNames(team), zone, ctx.now, await loadScreen(ctx.io)));
}
