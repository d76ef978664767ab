import { loadConfig } from "../../adapters/config";
import { escapeLines } from "../../render/escape";
import { jsonText } from "../../render/json";
import type { CommandContext } from "../context";
import { commandOptions, defineCommand } from "../define";

const FORMATS = ["yaml", "json"] as const;

/** `oncall config show`: the resolved team config, defaults filled in, and where it came from. */
export async function configShow(flags: { config?: string }, ctx: CommandContext): Promise<void> {
  const { config, filepath } = loadConfig(ctx.io.cwd, ctx.io.env, flags.config);
  if (ctx.format(FORMATS, "yaml") === "json") {
    ctx.io.stdout.write(jsonText({ schemaVersion: 1, file: filepath, config }, ctx.io.stdoutIsTTY));
    return;
  }
  const { stringify } = await import("yaml");
  // Serialised under YAML 1.1 rules, which quote "10:00" (a base-60 number to 1.1 readers) and
  // "2026-12-24" (a date): the text then reads back the same under 1.1 and 1.2, so it can be pasted
  // back as the team config.
  const text = `# ${filepath ?? "no team config found: the defaults"} (with every default filled in)\n${stringify(config, { lineWidth: 0, version: "1.1" })}`;
  // YAML writes C0 controls escaped itself but C1 and bidi overrides raw: on a terminal those are
  // shown escaped too (for reading, not pasting back); piped, the text is exact
  ctx.io.stdout.write(ctx.io.stdoutIsTTY ? escapeLines(text) : text);
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
