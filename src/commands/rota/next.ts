import * as z from "zod/mini";
import { upcomingShifts } from "../../core/rota";
import { isoUtc } from "../../core/zone";
import { jsonText } from "../../render/json";
import { type RotaNextDoc, rotaNextText } from "../../render/rota";
import type { CommandContext } from "../context";
import { commandOptions, defineCommand } from "../define";
import { loadTeam, personArg } from "../team";
import { lineNames, positiveInt, requireRota, shiftView } from "./shared";

const YEAR = 366 * 86_400_000;
const FORMATS = ["table", "json"] as const;

/** `oncall rota next [--person ID]`: a person's current and next shifts (default: me). */
export async function rotaNext(
  flags: { config?: string; person?: string; count?: string },
  ctx: CommandContext,
): Promise<void> {
  const format = ctx.format(FORMATS, "table");
  const team = loadTeam(ctx.io, flags.config, ctx.now);
  requireRota(team);
  // The flags first: a bad --count is worth knowing before who `me` is.
  const count = positiveInt(flags.count, "--count", 3);
  const person = await personArg(team, ctx.io, flags.person ?? "me");
  const shifts = upcomingShifts(team.rota, person, ctx.now, ctx.now + YEAR)
    .slice(0, count)
    .map((s) => ({ ...shiftView(team, s), now: s.start <= ctx.now }));
  const doc: RotaNextDoc = {
    schemaVersion: 1,
    person,
    name: team.people.get(person)?.name ?? person,
    at: isoUtc(ctx.now),
    shifts,
  };
  ctx.io.stdout.write(
    format === "json"
      ? jsonText(doc as unknown as Record<string, unknown>, ctx.io.stdoutIsTTY)
      : rotaNextText(doc, lineNames(team), team.zone),
  );
}

export const command = defineCommand({
  name: "rota next",
  args: [],
  flags: [
    { long: "person", value: "id", description: "a person id, opsgenie username or email (default: me)" },
    { long: "count", value: "n", description: "how many shifts (default: 3)" },
  ],
  formats: FORMATS,
  options: commandOptions({ person: z.optional(z.string()), count: z.optional(z.string()) }),
  examples: ["oncall rota next", "oncall rota next --person bob --count 5"],
  run: rotaNext,
});
