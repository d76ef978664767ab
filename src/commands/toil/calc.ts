import { toilBreathe, toilCsv, toilJson } from "../../render/toil";
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
  const { result, emails, zone } = await runToil(files, flags, ctx.io);
  writeWarnings(ctx.io, result.warnings);
  if (format === "table") {
    const { toilTable } = await import("../../render/toil-table");
    ctx.io.stdout.write(toilTable(result, zone, { color: ctx.io.color, verbose: ctx.io.verbose }));
    return;
  }
  ctx.io.stdout.write(
    format === "json" ? toilJson(result) : format === "csv" ? toilCsv(result) : toilBreathe(result, emails),
  );
}
