import { chmodSync, readFileSync, type Stats, statSync } from "node:fs";
import { join } from "node:path";
import type Conf from "conf";
import { configError } from "../errors";
import { userConfigDir } from "./config";

/** Personal settings: who "me" is, the Opsgenie region and key if not in the environment. */
export const SETTINGS_KEYS = [
  "me",
  "opsgenie.region",
  "opsgenie.apiKey",
  "jsm.email",
  "jsm.apiToken",
] as const;
export type SettingsKey = (typeof SETTINGS_KEYS)[number];
export const SECRET_KEYS: readonly SettingsKey[] = ["opsgenie.apiKey", "jsm.apiToken"];

export interface Settings {
  /** the file, whether or not it exists or can be read */
  readonly path: string;
  get(key: SettingsKey): unknown;
  set(key: SettingsKey, value: string): void;
}

export const settingsPath = (env: NodeJS.ProcessEnv) => join(userConfigDir(env), "settings.json");

/**
 * The settings file, in the user's config directory beside the personal team config
 * ($XDG_CONFIG_HOME/oncall/settings.json), written by conf with file mode 0600. A file that cannot
 * be read fails the first get or set, not the opening, so commands that need just its path (or
 * nothing from it) work whatever is in it.
 *
 * A file that cannot be read or parsed is a config error naming the file. conf's own message is
 * not passed on: JSON.parse quotes the text around the fault, and the file may hold the key.
 * A file that others can read gets a warning on `warn` and is put back to 0600 on the next write.
 */
export async function openSettings(
  env: NodeJS.ProcessEnv,
  warn?: { write(line: string): unknown },
): Promise<Settings> {
  const path = settingsPath(env);
  let store: Conf<Record<string, unknown>> | null = null;
  let exposed = false;
  const open = async (): Promise<Conf<Record<string, unknown>>> => {
    if (store) return store;
    let stat: Stats | null;
    try {
      stat = statSync(path);
    } catch {
      stat = null; // absent: conf creates it 0600 when first written
    }
    // conf reads the file whole and synchronously: a FIFO would block even Ctrl-C, and a link to
    // /dev/zero would grow until the process dies. Only a small regular file is given to it.
    if (stat?.isDirectory()) throw unreadable(path, Object.assign(new Error("EISDIR"), { code: "EISDIR" }));
    if (stat && !stat.isFile())
      throw configError(
        `your personal settings file ${path} is not a regular file`,
        "remove it (oncall config set … writes a new one)",
      );
    if (stat && stat.size > MAX_SETTINGS)
      throw configError(
        `your personal settings file ${path} is larger than 1 MiB, which no settings file is`,
        "remove it (oncall config set … writes a new one); it may hold your API key, so do not paste it anywhere",
      );
    if (stat && stat.size > 0 && !holdsAnObject(path))
      throw configError(
        `your personal settings file ${path} does not hold a JSON object of settings`,
        "fix it, or remove it and run oncall config set … again",
      );
    exposed = stat !== null && (stat.mode & 0o077) !== 0;
    if (exposed) {
      warn?.write(
        `warning: ${path} can be read by other users of this machine; it will be made private (0600) when next written — or now: chmod 600 ${path}\n`,
      );
    }
    // conf is an ES module loaded only when settings are used (it brings ajv with it).
    const { default: Store } = await import("conf");
    try {
      store = new Store<Record<string, unknown>>({
        projectName: "oncall",
        cwd: userConfigDir(env),
        configName: "settings",
        configFileMode: 0o600,
        projectSuffix: "",
      });
    } catch (e) {
      throw unreadable(path, e);
    }
    let data: Record<string, unknown>;
    try {
      data = store.store;
    } catch (e) {
      store = null;
      throw unreadable(path, e);
    }
    const wrong = shapeProblem(data);
    if (wrong) {
      store = null;
      throw configError(
        `your personal settings file ${path}: ${wrong}`,
        "fix it, or remove it and run oncall config set … again",
      );
    }
    return store;
  };
  const loaded = await open().then(
    () => null,
    (e: unknown) => e,
  );
  return {
    path,
    get(key) {
      if (loaded) throw loaded;
      return store!.get(key);
    },
    set(key, value) {
      if (loaded) throw loaded;
      try {
        store!.set(key, value);
        if (exposed) chmodSync(path, 0o600);
      } catch (e) {
        throw configError(
          `could not write your personal settings to ${path} (${(e as NodeJS.ErrnoException).code ?? "write failed"})`,
          "check that the directory exists and is yours",
        );
      }
    },
  };
}

/**
 * conf reads a file holding valid JSON that is not an object (`5`, `[]`) as no settings at all, and
 * would overwrite it on the next set. Text that is not JSON is left to conf, whose error is reworded.
 */
function holdsAnObject(path: string): boolean {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, "utf8"));
  } catch {
    return true;
  }
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Settings are a few short strings; a bigger file is not a settings file. */
const MAX_SETTINGS = 1024 * 1024;

const kind = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "a list" : `a ${typeof v}`);

/**
 * What is wrong with the shape of the settings (a key and the kind of value it has), or null. The
 * value itself is never named: it may be the key.
 */
function shapeProblem(data: Record<string, unknown>): string | null {
  if (data.me !== undefined && typeof data.me !== "string")
    return `me is not a string (it is ${kind(data.me)})`;
  const jsm = data.jsm;
  if (jsm !== undefined) {
    if (typeof jsm !== "object" || jsm === null || Array.isArray(jsm))
      return `jsm is not an object (it is ${kind(jsm)})`;
    for (const [k, v] of Object.entries(jsm))
      if ((k === "email" || k === "apiToken") && typeof v !== "string")
        return `jsm.${k} is not a string (it is ${kind(v)})`;
  }
  const o = data.opsgenie;
  if (o === undefined) return null;
  if (typeof o !== "object" || o === null || Array.isArray(o))
    return `opsgenie is not an object (it is ${kind(o)})`;
  const { region, apiKey } = o as Record<string, unknown>;
  if (region !== undefined && typeof region !== "string")
    return `opsgenie.region is not a string (it is ${kind(region)})`;
  if (region !== undefined && region !== "eu" && region !== "us") return "opsgenie.region is not eu or us";
  if (apiKey !== undefined && typeof apiKey !== "string")
    return `opsgenie.apiKey is not a string (it is ${kind(apiKey)})`;
  return null;
}

function unreadable(path: string, e: unknown) {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (e instanceof SyntaxError || (e as Error)?.name === "SyntaxError") {
    return configError(
      `your personal settings file ${path} is not valid JSON`,
      `fix it or remove it (then oncall config set … again); it may hold your API key, so do not paste it anywhere`,
    );
  }
  return configError(
    `your personal settings file ${path} cannot be read (${code ?? "not a settings file"})`,
    "check that it is a file you own, or remove it",
  );
}
