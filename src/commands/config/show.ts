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
  const text = await configShowText(doc, ctx.io.stdoutIsTTY);
  // toil.attribution left out has no one default (SPEC §2): a comment says what decides it, where a
  // value would pin it (a pasted `owner` would refuse hand-made logs that name only acknowledgers)
  const note =
    config.toil.attribution !== undefined
      ? null
      : (config.rota?.lines.length ?? 0) > 0
        ? "attribution: not set, so rota (the config has a rota)"
        : "attribution: not set, and there is no rota: acknowledger for a log that names acknowledgers, else owner";
  ctx.io.stdout.write(note === null ? text : text.replace(/^toil:\n/m, `toil:\n  # ${note}\n`));
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
