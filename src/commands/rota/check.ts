import { checkConfigText, findConfigFile, loadConfigText, readConfigFile } from "../../adapters/config";
import { checkRota, notStartedWarnings } from "../../core/rota-check";
import { Zone } from "../../core/zone";
import { configError } from "../../errors";
import { jsonText } from "../../render/json";
import { type RotaCheckResult, rotaCheckDoc, rotaCheckText } from "../../render/rota-check";
import { processOffsets } from "../../runtime/tz";
import type { CommandContext } from "../context";
import { commandOptions, defineCommand } from "../define";

const FORMATS = ["table", "json"] as const;

/**
 * `oncall rota check`: every problem in the team config, one line each; exit 3 when any. Warnings
 * (overlapping overrides) are listed too, but alone they do not fail the check.
 */
export async function rotaCheck(flags: { config?: string }, ctx: CommandContext): Promise<void> {
  const format = ctx.format(FORMATS, "table");
  const file = findConfigFile(ctx.io.cwd, ctx.io.env, flags.config);
  if (file === null)
    throw configError("no team config found to check", "pass --config PATH, or run oncall config init");
  const text = readConfigFile(file);
  const found = checkConfigText(text, file, ({ timezone, rota }) => {
    const zone = new Zone(timezone, processOffsets(timezone), ctx.now);
    return [...checkRota(rota, zone), ...notStartedWarnings(rota, zone, ctx.now)];
  });
  if (!found.some((p) => p.severity === "error")) {
    // A valid config without lines passes every rule but leaves rota who, show and next nothing to show.
    // The text already read: a pipe (--config <(…)) can be read only once.
    const { config, lineOf } = loadConfigText(text, file);
    if ((config.rota?.lines.length ?? 0) === 0) {
      found.push({
        line: config.rota ? lineOf(["rota", "lines"]) : null,
        path: "rota.lines",
        message: "the config has no rota: the rota commands need at least one line (see docs/rota.md)",
        severity: "error",
      });
    }
  }
  // In the file's order, as an editor shows it: by line, then key (a problem of the whole file
  // first). The count of overlapping pairs not listed follows the pairs it counts, at the end.
  const rank = (p: (typeof found)[number]) =>
    p.path === "rota.overrides" && p.severity === "warning" ? Number.POSITIVE_INFINITY : (p.line ?? 0);
  found.sort((a, b) => rank(a) - rank(b) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const result: RotaCheckResult = { file, found };
  ctx.io.stdout.write(
    format === "json" ? jsonText(rotaCheckDoc(result), ctx.io.stdoutIsTTY) : rotaCheckText(result),
  );
  const problems = found.filter((p) => p.severity === "error");
  if (problems.length > 0) {
    throw configError(
      `${problems.length} problem${problems.length === 1 ? "" : "s"} in ${file}`,
      `fix ${problems.length === 1 ? "it" : "them"} and run oncall rota check again`,
    );
  }
}

export const command = defineCommand({
  name: "rota check",
  args: [],
  flags: [],
  formats: FORMATS,
  options: commandOptions({}),
  examples: ["oncall rota check", "oncall rota check --config team/oncall.config.yaml"],
  run: rotaCheck,
});
