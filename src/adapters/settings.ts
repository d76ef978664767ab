import type Conf from "conf";
import { userConfigDir } from "./config";

/** Personal settings: who "me" is, the Opsgenie region and key if not in the environment. */
export const SETTINGS_KEYS = ["me", "opsgenie.region", "opsgenie.apiKey"] as const;
export type SettingsKey = (typeof SETTINGS_KEYS)[number];
export const SECRET_KEYS: readonly SettingsKey[] = ["opsgenie.apiKey"];

/**
 * The settings file, in the user's config directory beside the personal team config
 * ($XDG_CONFIG_HOME/oncall/settings.json), written by conf with file mode 0600.
 */
export async function openSettings(env: NodeJS.ProcessEnv): Promise<Conf<Record<string, unknown>>> {
  // conf is an ES module loaded only when settings are used (it brings ajv with it).
  const { default: Store } = await import("conf");
  return new Store<Record<string, unknown>>({
    projectName: "oncall",
    cwd: userConfigDir(env),
    configName: "settings",
    configFileMode: 0o600,
    projectSuffix: "",
  });
}
