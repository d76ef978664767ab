import * as z from "zod/mini";
import { openSettings, SETTINGS_KEYS } from "../../adapters/settings";
import { configError } from "../../errors";
import { type ConfigGetDoc, configGetText } from "../../render/config";
import { jsonText } from "../../render/json";
import type { CommandContext } from "../context";
import { commandOptions, defineCommand } from "../define";
import { secret, settingsKey } from "./keys";

const FORMATS = ["table", "json"] as const;

/** `oncall config get [KEY]`: personal settings; a secret shows only whether it is set. */
export async function configGet(
  key: string | undefined,
  _flags: unknown,
  ctx: CommandContext,
): Promise<void> {
  const store = await openSettings(ctx.io.env);
  const keys = key === undefined ? [...SETTINGS_KEYS] : [settingsKey(key)];
  const values = Object.fromEntries(
    keys.map((k) => {
      const v = store.get(k);
      return [k, v === undefined ? null : secret(k) ? "(set)" : v];
    }),
  );
  const doc: ConfigGetDoc = { schemaVersion: 1, settings: values };
  if (ctx.format(FORMATS, "table") === "json") {
    ctx.io.stdout.write(jsonText(doc as unknown as Record<string, unknown>, ctx.io.stdoutIsTTY));
    return;
  }
  if (key !== undefined && values[key] === null)
    throw configError(
      `${key} is not set`,
      `oncall config set ${key}${secret(settingsKey(key)) ? "" : " VALUE"}`,
    );
  ctx.io.stdout.write(configGetText(doc, key));
}

export const command = defineCommand({
  name: "config get",
  args: [{ name: "key", description: "one setting", optional: true }],
  flags: [],
  formats: FORMATS,
  options: commandOptions({ key: z.optional(z.string()) }),
  examples: ["oncall config get", "oncall config get me"],
  run: (options, ctx) => configGet(options.key, options, ctx),
});
