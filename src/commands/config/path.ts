import { findConfigFile } from "../../adapters/config";
import { openSettings } from "../../adapters/settings";
import { type ConfigPathDoc, configPathText } from "../../render/config";
import { jsonText } from "../../render/json";
import type { CommandContext } from "../context";
import { commandOptions, defineCommand } from "../define";

const FORMATS = ["table", "json"] as const;

/** `oncall config path`: where the team config and the personal settings are. */
export async function configPath(_flags: unknown, ctx: CommandContext): Promise<void> {
  const team = findConfigFile(ctx.io.cwd, ctx.io.env, (_flags as { config?: string })?.config);
  const settings = (await openSettings(ctx.io.env)).path;
  const [{ journalPath }, { ledgerPath }] = await Promise.all([
    import("../../adapters/journal"),
    import("../../adapters/ledger"),
  ]);
  const doc: ConfigPathDoc = {
    schemaVersion: 1,
    teamConfig: team,
    settings,
    journal: journalPath(ctx.io.env),
    ledger: ledgerPath(ctx.io.env),
  };
  ctx.io.stdout.write(
    ctx.format(FORMATS, "table") === "json"
      ? jsonText(doc as unknown as Record<string, unknown>, ctx.io.stdoutIsTTY)
      : configPathText(doc),
  );
}

export const command = defineCommand({
  name: "config path",
  args: [],
  flags: [],
  formats: FORMATS,
  options: commandOptions({}),
  examples: ["oncall config path", "oncall config path --json | jq -r .teamConfig"],
  run: configPath,
});
