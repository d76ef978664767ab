import * as z from "zod/mini";
import { JSM_TOKEN_LENGTH } from "../../adapters/alerts-api/credentials";
import { JSM_TOKEN_HINT } from "../../adapters/alerts-api/jsm";
import { loadConfig } from "../../adapters/config";
import { API_KEY_HINT, apiKeyProblem } from "../../adapters/opsgenie";
import { openSettings } from "../../adapters/settings";
import { usageError } from "../../errors";
import { type ConfigSetDoc, configSetNote } from "../../render/config";
import { jsonText } from "../../render/json";
import { inquirerPrompter, type Prompter } from "../../runtime/prompts";
import { readBounded } from "../../runtime/read-bounded";
import type { CommandContext } from "../context";
import { commandOptions, defineCommand } from "../define";
import { secret, settingsKey } from "./keys";

/** A key is 36 characters: more than this on stdin is the wrong input (a file, /dev/zero). */
const MAX_STDIN = 4096;

const FORMATS = ["table", "json"] as const;

async function readStdin(stream: NodeJS.ReadableStream, k: string): Promise<string> {
  const whole = await readBounded(stream, MAX_STDIN, () =>
    usageError(
      `more than 4 KiB on standard input for ${k}: that is not an API key, so nothing was written`,
      `pipe the key alone: printf %s "$KEY" | oncall config set ${k}`,
    ),
  );
  return whole.toString("utf8").trim();
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
  prompter: Prompter = inquirerPrompter({ color: ctx.io.colorErr }),
): Promise<void> {
  const k = settingsKey(key);
  const format = ctx.format(FORMATS, "table");
  let v = value;
  if (secret(k)) {
    if (v !== undefined) {
      throw usageError(
        `${k} is a secret and is never taken from the command line (it would stay in your shell history)`,
        `run oncall config set ${k} and type it, or pipe it: printf %s "$KEY" | oncall config set ${k}`,
      );
    }
    if (!ctx.io.canPrompt && ctx.io.stdinIsTTY) {
      // --no-input on a terminal: reading stdin would wait for Ctrl-D with no prompt shown
      throw usageError(
        `${k} needs a value and prompting is off (--no-input)`,
        `pipe it: printf %s "$KEY" | oncall config set ${k}`,
      );
    }
    v = ctx.io.canPrompt
      ? await prompter.password({ message: `${k} (not shown)` })
      : await readStdin(ctx.io.stdin, k);
    if (!v)
      throw usageError(
        `no value for ${k} was given`,
        ctx.io.canPrompt ? "type it at the prompt" : "pipe it on standard input",
      );
    // the same check escalate makes, now rather than at 3 a.m.; a typing slip, so a usage error
    const bad = apiKeyProblem(v, k === "jsm.apiToken" ? JSM_TOKEN_LENGTH : undefined);
    if (bad)
      throw usageError(
        `the value given for ${k} ${ctx.io.canPrompt ? "at the prompt" : "on standard input"} ${bad}; nothing was written`,
        k === "jsm.apiToken" ? JSM_TOKEN_HINT : API_KEY_HINT,
      );
  } else if (v === undefined) {
    if (!ctx.io.canPrompt)
      throw usageError(`oncall config set ${k} needs a value`, `oncall config set ${k} VALUE`);
    v = await prompter.input({ message: k });
  }
  if (k === "jsm.email" && !/^[^@\s]+@[^@\s]+$/.test(v))
    throw usageError(`jsm.email ${v}: expected the email address of your Atlassian account`);
  if (k === "opsgenie.region" && v !== "eu" && v !== "us")
    throw usageError(`opsgenie.region ${v}: expected eu or us`);
  if (k === "me" && !v.trim())
    throw usageError(
      "me cannot be empty: it is your person id in the team config",
      "oncall config set me alice",
    );
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
  const store = await openSettings(ctx.io.env, ctx.io.stderr);
  store.set(k, v);
  const doc: ConfigSetDoc = { schemaVersion: 1, file: store.path, key: k, value: secret(k) ? "[hidden]" : v };
  if (format === "json")
    ctx.io.stdout.write(jsonText(doc as unknown as Record<string, unknown>, ctx.io.stdoutIsTTY));
  else ctx.io.stderr.write(configSetNote(doc));
}

export const command = defineCommand({
  name: "config set",
  args: [
    { name: "key", description: "me, opsgenie.region, opsgenie.apiKey, jsm.email or jsm.apiToken" },
    { name: "value", description: "the value (never for a secret)", optional: true },
  ],
  flags: [],
  formats: FORMATS,
  options: commandOptions({ key: z.string(), value: z.optional(z.string()) }),
  examples: [
    "oncall config set me alice",
    "oncall config set opsgenie.apiKey",
    'printf %s "$KEY" | oncall config set opsgenie.apiKey',
    "oncall config set jsm.apiToken",
  ],
  run: (options, ctx) => configSet(options.key, options.value, options, ctx),
});
