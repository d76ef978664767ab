import { extname } from "node:path";
import * as z from "zod/mini";
import { checkOut, writeFileAtomic } from "../../adapters/file-writer";
import { usageError } from "../../errors";
import { toilBreathePieces, toilCsvPieces, toilJsonPieces } from "../../render/toil";
import { writePieces } from "../../runtime/output";
import type { CommandContext } from "../context";
import { defineCommand, globalOptionsShape } from "../define";
import { TOIL_FLAGS } from "./flags";
import { runToil, type ToilFlags, toilFlagsSchema, writeWarnings } from "./shared";

const EXPORT_FORMATS = ["json", "csv", "breathe"] as const;
type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** `oncall toil export <log...> --out FILE`: the same claims, written atomically, never over a file without --force. */
export async function toilExport(
  files: string[],
  // checked against the command's options schema: toil's flags, --out, --force and the global ones
  flags: ToilFlags & { out?: string; force?: boolean; format?: string; json?: boolean },
  ctx: CommandContext,
): Promise<void> {
  const { out } = flags;
  if (!out) throw usageError("toil export needs --out FILE", "for example --out claims.json (or .csv)");
  const toStdout = out === "-";
  // refused now, not after a year's logs were read (a file there, a directory that is not)
  const existing = toStdout ? null : await checkOut(ctx.io.cwd, out, flags.force === true);
  const ext = extname(out).toLowerCase();
  // `--out -` is standard output, JSON unless --format says otherwise (as the .json default); so is
  // a device or pipe named without an extension (/dev/stdout, a FIFO): there is no name to go by.
  const byExt =
    ext === ".json" || ((toStdout || (existing !== null && !existing.isFile())) && ext === "")
      ? "json"
      : ext === ".csv"
        ? "csv"
        : undefined;
  if (byExt === undefined && flags.format === undefined && flags.json !== true) {
    throw usageError(
      ext === ""
        ? `--out ${out}: no extension to tell the format by`
        : `--out ${out}: ${ext} is not a known extension (json, csv)`,
      `pass --format ${EXPORT_FORMATS.join("|")}`,
    );
  }
  const format = ctx.format<ExportFormat>(EXPORT_FORMATS, byExt);
  const { result, emails, zone } = await runToil(command.name, files, flags, ctx.io, ctx.now, ctx.signals);
  writeWarnings(ctx.io, result.warnings);
  // `--out -` on a terminal is shown, not saved: outside text escaped as for toil calc
  const tty = toStdout && ctx.io.stdoutIsTTY;
  // claim by claim, never one string (SPEC §8)
  const text =
    format === "json"
      ? // piped, compact (as toil calc --json); on a terminal or in a file, indented for reading
        toilJsonPieces(result, !toStdout || ctx.io.stdoutIsTTY)
      : format === "csv"
        ? toilCsvPieces(result, tty)
        : toilBreathePieces(result, emails, zone, tty);
  if (toStdout) {
    await writePieces(ctx.io.stdout, text);
    return;
  }
  const path = await writeFileAtomic(ctx.io.cwd, out, text, flags.force === true, ctx.signals);
  ctx.io.stderr.write(
    `wrote ${result.claims.length} claim${result.claims.length === 1 ? "" : "s"} (${result.totals.days} days) to ${path}\n`,
  );
}

export const command = defineCommand({
  name: "toil export",
  args: [{ name: "log", description: "alert logs, as for toil calc", variadic: true, files: true }],
  flags: [
    ...TOIL_FLAGS,
    {
      long: "out",
      value: "file",
      description: "file to write (.json or .csv picks the format; - for standard output)",
      required: true,
    },
    { long: "force", description: "replace the file if it exists" },
  ],
  formats: EXPORT_FORMATS,
  options: z.extend(toilFlagsSchema, {
    ...globalOptionsShape,
    log: z.array(z.string()),
    out: z.string(),
    force: z.optional(z.boolean()),
  }),
  examples: [
    "oncall toil export alerts.csv --month 2026-11 --out claims-2026-11.json",
    "oncall toil export alerts.csv --person alice --format breathe --out b.csv",
  ],
  run: (options, ctx) => toilExport(options.log, options, ctx),
});
