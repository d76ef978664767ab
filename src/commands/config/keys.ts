import { SECRET_KEYS, SETTINGS_KEYS, type SettingsKey } from "../../adapters/settings";
import { usageError } from "../../errors";

export function settingsKey(key: string): SettingsKey {
  if (!(SETTINGS_KEYS as readonly string[]).includes(key)) {
    throw usageError(`unknown setting "${key}"`, `settings: ${SETTINGS_KEYS.join(", ")}`);
  }
  return key as SettingsKey;
}

export const secret = (key: SettingsKey) => SECRET_KEYS.includes(key);
