import * as z from "zod/mini";
import { isoUtc } from "../../core/zone";
import { jsonText } from "../../render/json";
import { type RotaWhoDoc, rotaWhoText } from "../../render/rota";
import type { CommandContext } from "../context";
import { commandOptions, defineCommand } from "../define";
import { loadTeam } from "../team";
import { contactsOf, lineNames, requireRota, shiftView, timeArg } from "./shared";

const FORMATS = ["table", "json"] as const;

/** `oncall rota who [--at DATETIME]`: who holds each line now, until when, and the contacts. */
export async function rotaWho(flags: { config?: string; at?: string }, ctx: CommandContext): Promise<void> {
  const format = ctx.format(FORMATS, "table");
  const team = loadTeam(ctx.io, flags.config, ctx.now);
  requireRota(team);
  const at = flags.at === undefined ? ctx.now : timeArg(flags.at, team.zone, "--at");
  const year = new Date(at).getUTCFullYear();
  const calendar = await team.calendar([year - 1, year]);
  const inHours = !calendar.isOutOfHours(at);
  const nextChange = calendar.nextChange(at);
  const startOf = (lineId: string) => {
    const line = team.rota.line(lineId);
    const t = line ? team.rota.handoverOn(line.start) : null;
    return t !== null && t > at ? isoUtc(t) : null;
  };
  const doc: RotaWhoDoc = {
    schemaVersion: 1,
    at: isoUtc(at),
    inSupportHours: inHours,
    nextChange: nextChange === null ? null : isoUtc(nextChange),
    lines: team.rota.at(at).map((s) => {
      const v = shiftView(team, s);
      return {
        ...v,
        from: s.person === null ? null : v.start,
        until: s.person === null ? null : v.end,
        phone: s.person === null ? null : (team.people.get(s.person)?.phone ?? null),
        startsAt: startOf(s.line),
      };
    }),
    contacts: contactsOf(team),
  };
  if (format === "json") {
    // SPEC §5: lines carry line, person, name, from, until, override (start/end are the same times)
    const lines = doc.lines.map(({ start: _s, end: _e, startsAt: _a, ...rest }) => rest);
    ctx.io.stdout.write(
      jsonText({ ...doc, lines } as unknown as Record<string, unknown>, ctx.io.stdoutIsTTY),
    );
    return;
  }
  const { loadScreen } = await import("../../render/screen");
  rotaWhoText(doc, lineNames(team), team.zone, await loadScreen(ctx.io), flags.at !== undefined).writeTo(
    ctx.io,
  );
}

export const command = defineCommand({
  name: "rota who",
  args: [],
  flags: [
    { long: "at", value: "datetime", description: "a local date-time, e.g. 2026-11-28T03:00 (default: now)" },
  ],
  formats: FORMATS,
  options: commandOptions({ at: z.optional(z.string()) }),
  examples: [
    "oncall rota who",
    "oncall rota who --at 2026-12-25T03:00",
    "oncall rota who --json | jq -r '.lines[0].name'",
  ],
  run: rotaWho,
});
