import * as z from "zod/mini";
import { openSettings, SETTINGS_KEYS } from "../../adapters/settings";
import { configError } from "../../errors";
import { escapeText } from "../../render/escape";
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
  if (ctx.format(FORMATS, "table") === "json") {
    ctx.io.stdout.write(jsonText({ schemaVersion: 1, settings: values }, ctx.io.stdoutIsTTY));
  } else if (key !== undefined) {
    const v = values[key];
    if (v === null)
      throw configError(
        `${key} is not set`,
        `oncall config set ${key}${secret(settingsKey(key)) ? "" : " VALUE"}`,
      );
    ctx.io.stdout.write(`${escapeText(String(v))}\n`);
  } else {
    for (const [k, v] of Object.entries(values))
      ctx.io.stdout.write(`${k}: ${v === null ? "(not set)" : escapeText(String(v))}\n`);
  }
}

export const command = defineCommand({
  name: "config get",
  args: [{ name: "key", description: "one setting", optional: true }],
  flags: [],
  options: commandOptions({ key: z.optional(z.string()) }),
  examples: ["oncall config get", "oncall config get me"],
  run: (options, ctx) => configGet(options.key, options, ctx),
});
