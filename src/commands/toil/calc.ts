import * as z from "zod/mini";
import { toilBreathePieces, toilCsvPieces, toilJsonPieces } from "../../render/toil";
import { writePieces } from "../../runtime/output";
import type { CommandContext } from "../context";
import { defineCommand, globalOptionsShape } from "../define";
import { TOIL_FLAGS } from "./flags";
import { runToil, type ToilFlags, toilFlagsSchema, writeWarnings } from "./shared";

export const TOIL_FORMATS = ["table", "json", "csv", "breathe"] as const;
export type ToilFormat = (typeof TOIL_FORMATS)[number];

/** `oncall toil calc <log...>`: the claims, on stdout, in the chosen format. */
export async function toilCalc(files: string[], flags: ToilFlags, ctx: CommandContext): Promise<void> {
  const format = ctx.format<ToilFormat>(TOIL_FORMATS, "table");
  const { result, emails, zone } = await runToil(command.name, files, flags, ctx.io, ctx.now, ctx.signals);
  writeWarnings(ctx.io, result.warnings);
  if (format === "table") {
    const [{ toilTable }, { loadScreen }] = await Promise.all([
      import("../../render/toil-table"),
      import("../../render/screen"),
    ]);
    toilTable(result, zone, await loadScreen(ctx.io), {
      verbose: ctx.io.verbose,
      person: flags.person !== undefined,
    }).writeTo(ctx.io);
    return;
  }
  if (format === "json") {
    // Pretty on a terminal, compact when piped (as gh does): jq and scripts read either.
    await writePieces(ctx.io.stdout, toilJsonPieces(result, ctx.io.stdoutIsTTY));
    return;
  }
  const tty = ctx.io.stdoutIsTTY;
  // row by row, as toil export writes them: a million claims are never one string
  await writePieces(
    ctx.io.stdout,
    format === "csv" ? toilCsvPieces(result, tty) : toilBreathePieces(result, emails, zone, tty),
  );
}

export const command = defineCommand({
  name: "toil calc",
  args: [
    {
      name: "log",
      description: "alert logs: Opsgenie CSV or zip export, Opsgenie API JSON, or oncall CSV",
      variadic: true,
      files: true,
    },
  ],
  flags: TOIL_FLAGS,
  formats: TOIL_FORMATS,
  options: z.extend(toilFlagsSchema, { ...globalOptionsShape, log: z.array(z.string()) }),
  examples: [
    "oncall toil calc alerts.csv",
    "oncall toil calc alerts.csv --month 2026-11 --person alice",
    "oncall toil calc alerts.csv --woken 6004 --worked 6004=1h35m",
    "oncall toil calc a.csv b.json --json | jq '.claims[] | {date, days}'",
    "oncall toil calc alerts.csv --format breathe > toil-for-breathe.csv",
    "opsgenie-export | oncall toil calc - --json",
  ],
  // the options were checked against the schema above, toil's flags among them
  run: (options, ctx) => toilCalc(options.log, options, ctx),
});
