import { toilBreathe, toilCsv, toilJsonPieces } from "../../render/toil";
import { writePieces } from "../../runtime/output";
import type { CommandContext } from "../context";
import { runToil, toilFlagsSchema, writeWarnings } from "./shared";

export const TOIL_FORMATS = ["table", "json", "csv", "breathe"] as const;
export type ToilFormat = (typeof TOIL_FORMATS)[number];

/** `oncall toil calc <log...>`: the claims, on stdout, in the chosen format. */
export async function toilCalc(
  files: string[],
  rawFlags: Record<string, unknown>,
  ctx: CommandContext,
): Promise<void> {
  const flags = toilFlagsSchema.parse(rawFlags);
  const format = ctx.format<ToilFormat>(TOIL_FORMATS, "table");
  const { result, emails, zone } = await runToil(files, flags, ctx.io, ctx.now);
  writeWarnings(ctx.io, result.warnings);
  if (format === "table") {
    const [{ toilTable }, { loadScreen }] = await Promise.all([
      import("../../render/toil-table"),
      import("../../render/screen"),
    ]);
    ctx.io.stdout.write(toilTable(result, zone, await loadScreen(ctx.io), { verbose: ctx.io.verbose }));
    return;
  }
  if (format === "json") {
    // Pretty on a terminal, compact when piped (as gh does): jq and scripts read either.
    await writePieces(ctx.io.stdout, toilJsonPieces(result, ctx.io.stdoutIsTTY));
    return;
  }
  const tty = ctx.io.stdoutIsTTY;
  ctx.io.stdout.write(format === "csv" ? toilCsv(result, tty) : toilBreathe(result, emails, tty));
}
