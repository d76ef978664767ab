import { findConfigFile, loadConfig } from "../../adapters/config";
import { openSettings, SECRET_KEYS, SETTINGS_KEYS, type SettingsKey } from "../../adapters/settings";
import { configError, usageError } from "../../errors";
import { jsonText } from "../../render/json";
import { inquirerPrompter, type Prompter } from "../../runtime/prompts";
import type { CommandContext } from "../context";

function settingsKey(key: string): SettingsKey {
  if (!(SETTINGS_KEYS as readonly string[]).includes(key)) {
    throw usageError(`unknown setting "${key}"`, `settings: ${SETTINGS_KEYS.join(", ")}`);
  }
  return key as SettingsKey;
}

const secret = (key: SettingsKey) => SECRET_KEYS.includes(key);

/** `oncall config get [KEY]`: personal settings; a secret shows only whether it is set. */
export async function configGet(
  key: string | undefined,
  _flags: unknown,
  ctx: CommandContext,
): Promise<void> {
  const store = openSettings(ctx.io.env);
  const keys = key === undefined ? [...SETTINGS_KEYS] : [settingsKey(key)];
  const values = Object.fromEntries(
    keys.map((k) => {
      const v = store.get(k);
      return [k, v === undefined ? null : secret(k) ? "(set)" : v];
    }),
  );
  if (ctx.format(["table", "json"] as const, "table") === "json") {
    ctx.io.stdout.write(jsonText({ schemaVersion: 1, settings: values }, ctx.io.stdoutIsTTY));
  } else if (key !== undefined) {
    const v = values[key];
    if (v === null)
      throw configError(
        `${key} is not set`,
        `oncall config set ${key}${secret(settingsKey(key)) ? "" : " VALUE"}`,
      );
    ctx.io.stdout.write(`${String(v)}\n`);
  } else {
    for (const [k, v] of Object.entries(values))
      ctx.io.stdout.write(`${k}: ${v === null ? "(not set)" : String(v)}\n`);
  }
}

async function readStdin(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(typeof c === "string" ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks).toString("utf8").trim();
}

/**
 * `oncall config set KEY [VALUE]`: personal settings, in a file of mode 0600. A secret is never
 * taken from the command line: it is asked for without echo on a terminal, or read from stdin.
 */
export async function configSet(
  key: string,
  value: string | undefined,
  _flags: unknown,
  ctx: CommandContext,
  prompter: Prompter = inquirerPrompter(),
): Promise<void> {
  const k = settingsKey(key);
  let v = value;
  if (secret(k)) {
    if (v !== undefined) {
      throw usageError(
        `${k} is a secret and is never taken from the command line (it would stay in your shell history)`,
        `run oncall config set ${k} and type it, or pipe it: printf %s "$KEY" | oncall config set ${k}`,
      );
    }
    v = ctx.io.canPrompt
      ? await prompter.password({ message: `${k} (not shown)` })
      : await readStdin(ctx.io.stdin);
    if (!v)
      throw usageError(
        `no value for ${k} was given`,
        ctx.io.canPrompt ? "type it at the prompt" : "pipe it on standard input",
      );
  } else if (v === undefined) {
    if (!ctx.io.canPrompt)
      throw usageError(`oncall config set ${k} needs a value`, `oncall config set ${k} VALUE`);
    v = await prompter.input({ message: k });
  }
  if (k === "opsgenie.region" && v !== "eu" && v !== "us")
    throw usageError(`opsgenie.region ${v}: expected eu or us`);
  if (k === "me") {
    try {
      const { config } = loadConfig(ctx.io.cwd, ctx.io.env);
      if (config.people.length > 0 && !config.people.some((p) => p.id === v)) {
        ctx.io.stderr.write(`warning: "${v}" is not a person id in the team config here\n`);
      }
    } catch {
      // no readable team config here: nothing to check against
    }
  }
  const store = openSettings(ctx.io.env);
  store.set(k, v);
  ctx.io.stderr.write(`set ${k} in ${store.path}\n`);
}

/** `oncall config path`: where the team config and the personal settings are. */
export async function configPath(_flags: unknown, ctx: CommandContext): Promise<void> {
  const team = findConfigFile(ctx.io.cwd, ctx.io.env, (_flags as { config?: string })?.config);
  const settings = openSettings(ctx.io.env).path;
  if (ctx.format(["table", "json"] as const, "table") === "json") {
    ctx.io.stdout.write(jsonText({ schemaVersion: 1, teamConfig: team, settings }, ctx.io.stdoutIsTTY));
    return;
  }
  ctx.io.stdout.write(
    `team config: ${team ?? "(none found; oncall config init writes one)"}\npersonal settings: ${settings}\n`,
  );
}

/** `oncall config show`: the resolved team config, defaults filled in, and where it came from. */
export async function configShow(flags: { config?: string }, ctx: CommandContext): Promise<void> {
  const { config, filepath } = loadConfig(ctx.io.cwd, ctx.io.env, flags.config);
  if (ctx.format(["yaml", "json"] as const, "yaml") === "json") {
    ctx.io.stdout.write(jsonText({ schemaVersion: 1, file: filepath, config }, ctx.io.stdoutIsTTY));
    return;
  }
  const { stringify } = await import("yaml");
  ctx.io.stdout.write(
    `# ${filepath ?? "no team config found: the defaults"} (with every default filled in)\n${stringify(config, { lineWidth: 0 })}`,
  );
}
