import { readFileSync } from "node:fs";
import { checkConfigText, findConfigFile } from "../../adapters/config";
import { checkRota } from "../../core/rota-check";
import { Zone } from "../../core/zone";
import { configError } from "../../errors";
import { jsonText } from "../../render/json";
import { processOffsets } from "../../runtime/tz";
import type { CommandContext } from "../context";

/** `oncall rota check`: every problem in the team config's rota, one line each; exit 3 when any. */
export async function rotaCheck(flags: { config?: string }, ctx: CommandContext): Promise<void> {
  const format = ctx.format(["table", "json"] as const, "table");
  const file = findConfigFile(ctx.io.cwd, ctx.io.env, flags.config);
  if (file === null)
    throw configError("no team config found to check", "pass --config PATH, or run oncall config init");
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw configError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const problems = checkConfigText(text, file, (config) =>
    config.rota ? checkRota(config.rota, new Zone(config.timezone, processOffsets(config.timezone))) : [],
  );
  if (format === "json") {
    ctx.io.stdout.write(jsonText({ schemaVersion: 1, file, problems }, ctx.io.stdoutIsTTY));
  } else if (problems.length === 0) {
    ctx.io.stdout.write(`${file}: no problems found\n`);
  } else {
    for (const p of problems)
      ctx.io.stdout.write(`${file}${p.line === null ? "" : `:${p.line}`}: ${p.path}: ${p.message}\n`);
  }
  if (problems.length > 0) {
    throw configError(
      `${problems.length} problem${problems.length === 1 ? "" : "s"} in ${file}`,
      "fix them and run oncall rota check again",
    );
  }
}
