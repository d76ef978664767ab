import { loadConfig } from "../../adapters/config";
import { openSettings } from "../../adapters/settings";
import { usageError } from "../../errors";
import { inquirerPrompter, type Prompter } from "../../runtime/prompts";
import type { CommandContext } from "../context";
import { secret, settingsKey } from "./keys";

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
    if (!ctx.io.canPrompt && ctx.io.stdinIsTTY) {
      // --no-input on a terminal: reading stdin would wait for Ctrl-D with no prompt shown
      throw usageError(
        `${k} needs a value and prompting is off (--no-input)`,
        `pipe it: printf %s "$KEY" | oncall config set ${k}`,
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
  const store = await openSettings(ctx.io.env, ctx.io.stderr);
  store.set(k, v);
  ctx.io.stderr.write(`set ${k} in ${store.path}\n`);
}
