import { loadConfig } from "../../adapters/config";
import { type ConfigShowDoc, configShowText } from "../../render/config";
import { jsonText } from "../../render/json";
import type { CommandContext } from "../context";
import { commandOptions, defineCommand } from "../define";

const FORMATS = ["yaml", "json"] as const;

/** `oncall config show`: the resolved team config, defaults filled in, and where it came from. */
export async function configShow(flags: { config?: string }, ctx: CommandContext): Promise<void> {
  const { config, filepath } = loadConfig(ctx.io.cwd, ctx.io.env, flags.config);
  const doc: ConfigShowDoc = { schemaVersion: 1, file: filepath, config };
  if (ctx.format(FORMATS, "yaml") === "json") {
    ctx.io.stdout.write(jsonText(doc as unknown as Record<string, unknown>, ctx.io.stdoutIsTTY));
    return;
  }
  ctx.io.stdout.write(await configShowText(doc, ctx.io.stdoutIsTTY));
}

export const command = defineCommand({
  name: "config show",
  args: [],
  flags: [],
  formats: FORMATS,
  options: commandOptions({}),
  examples: ["oncall config show", "oncall config show --json | jq .config.toil"],
  run: configShow,
});
