import { randomBytes } from "node:crypto";
import * as z from "zod/mini";
import {
  baseUrl,
  checkApiKey,
  isUnavailable,
  NotCreated,
  OpsgenieClient,
  redactor,
} from "../adapters/opsgenie";
import type { Settings } from "../adapters/settings";
import { PRIORITIES, parsePriority } from "../core/alert";
import { buildAlertBody, escalationAlias, LIMITS, resolveTarget, UnpageableTarget } from "../core/escalation";
import { OncallError, usageError } from "../errors";
import {
  type EscalatePlan,
  type EscalateResult,
  escalatePlanText,
  escalateResultText,
} from "../render/escalate";
import { escapeLines, escapeText } from "../render/escape";
import { jsonText } from "../render/json";
import { inquirerPrompter, type Prompter } from "../runtime/prompts";
import type { StopSignal } from "../runtime/signals";
import type { CommandContext } from "./context";
import { commandOptions, defineCommand } from "./define";
import { positiveInt } from "./numbers";
import { loadTeam, meOrWarn, noTeamConfig } from "./team";

export interface EscalateFlags {
  config?: string;
  to?: string;
  message?: string;
  description?: string;
  alert?: string;
  priority?: string;
  note?: string;
  again?: boolean;
  dryRun?: boolean;
  timeout?: string;
  yes?: boolean;
}

const FORMATS = ["table", "json"] as const;

/** Personal settings, or null (with a warning naming the file) when they cannot be read. */
async function settingsOrWarn(ctx: CommandContext): Promise<Settings | null> {
  const { openSettings } = await import("../adapters/settings");
  const settings = await openSettings(ctx.io.env, ctx.io.stderr);
  try {
    settings.get("me");
    return settings;
  } catch (e) {
    if (!(e instanceof OncallError)) throw e;
    ctx.io.stderr.write(`warning: ${e.message}; going on without your personal settings\n`);
    return null;
  }
}

/**
 * The key: the environment variable the config names, else the personal setting (a settings file
 * that cannot be read is then a config error). Never a flag.
 */
async function apiKey(
  ctx: CommandContext,
  envName: string,
  settings: Settings | null,
): Promise<{ key: string | null; from: string }> {
  const fromEnv = ctx.io.env[envName];
  if (fromEnv) return { key: fromEnv, from: `$${envName}` };
  const store = settings ?? (await (await import("../adapters/settings")).openSettings(ctx.io.env));
  const stored = store.get("opsgenie.apiKey");
  if (typeof stored === "string" && stored)
    return { key: stored, from: `your personal settings (${store.path})` };
  return { key: null, from: `$${envName}` };
}

/**
 * `oncall escalate --to TARGET`: pages a contact, a line's person or a person by creating an
 * Opsgenie alert through the Default API integration with them as responder — at most once per
 * escalation (the alias), and says "paged" only when Opsgenie confirms it. Nothing it prints
 * contains the key, even when Opsgenie echoes it back.
 */
export async function escalate(
  flags: EscalateFlags,
  ctx: CommandContext,
  prompter: Prompter = inquirerPrompter({ color: ctx.io.colorErr }),
): Promise<void> {
  let scrub = (text: string) => text;
  try {
    await page(flags, ctx, prompter, (key) => {
      scrub = redactor(key);
      return scrub;
    });
  } catch (e) {
    if (e instanceof OncallError)
      throw new OncallError(e.kind, scrub(e.message), e.hint === undefined ? undefined : scrub(e.hint));
    if (e instanceof Error) {
      e.message = scrub(e.message);
      if (e.stack) e.stack = scrub(e.stack);
    }
    throw e;
  }
}

async function page(
  flags: EscalateFlags,
  ctx: CommandContext,
  prompter: Prompter,
  secret: (key: string | null) => (text: string) => string,
): Promise<void> {
  let scrub = (text: string) => text;
  const format = ctx.format(FORMATS, "table");
  // Names and messages come from the config and from Opsgenie: escaped on stdout too (JSON escapes its own).
  const out = (text: string) =>
    ctx.io.stdout.write(format === "json" ? scrub(text) : escapeLines(scrub(text)));
  const err = (text: string) => ctx.io.stderr.write(scrub(text));
  if (!flags.to)
    throw usageError("escalate needs --to", "a contact (head-of-ops), a line (second-line) or a person id");
  const team = loadTeam(ctx.io, flags.config, ctx.now);
  // Contacts, lines and people all come from the team config: without one, --to can name nobody.
  if (team.filepath === null) throw noTeamConfig("there is nobody to page");
  const { config, people, rota } = team;
  const target = targetOf(flags.to, config.escalation.contacts, people, rota, ctx.now, team.filepath);
  const priority = parsePriority(flags.priority ?? config.escalation.priority);
  if (priority === null) throw usageError(`--priority ${flags.priority}: expected P1 to P5`);
  const timeoutS = positiveInt(flags.timeout, "--timeout", 30, 600);
  const { net } = ctx;

  // Settings are needed only for what they hold: with the key in the environment, a settings file
  // that cannot be read costs a warning, not the page.
  const envName = config.opsgenie.apiKeyEnv;
  const settings = ctx.io.env[envName]
    ? await settingsOrWarn(ctx)
    : await (await import("../adapters/settings")).openSettings(ctx.io.env, ctx.io.stderr);

  // Who escalates, for the message and the alert's user field (optional).
  // A `me` that names nobody costs a warning, not the page: the sender is left out, not made up.
  const meId = await meOrWarn(team, ctx.io);
  const me = meId === null ? null : (people.get(meId)?.name ?? meId);
  const fallback = `Escalation to ${target.person.name}${target.title ? ` (${target.title})` : ""}${me ? ` from ${me}` : ""}${flags.alert ? `: alert ${flags.alert}` : ""}`;
  let message = flags.message;
  if (message === undefined && ctx.io.canPrompt && !flags.dryRun) {
    message = await prompter.input({ message: `Message for ${target.person.name}`, default: fallback });
  }
  message = (message ?? fallback).trim() || fallback;
  // The alert being escalated is named in the message too, where there is room for it.
  if (flags.alert && !message.includes(flags.alert)) {
    const suffix = ` [alert ${flags.alert}]`;
    if (message.length + suffix.length <= LIMITS.message) message += suffix;
  }
  const again = flags.again ? randomBytes(4).toString("hex") : null;
  const alias = escalationAlias(target.person.id, flags.alert ?? null, message, again);
  const body = buildAlertBody({
    message,
    alias,
    description: flags.description ?? null,
    username: target.username,
    priority,
    note: flags.note ?? null,
    alertRef: flags.alert ?? null,
    escalatedBy: me,
    targetName: target.person.name,
  });
  const regionSetting = settings?.get("opsgenie.region");
  const region = regionSetting === "us" || regionSetting === "eu" ? regionSetting : config.opsgenie.region;
  // a personal setting over the team's is deliberate, but seldom remembered when a page goes astray
  if (region !== config.opsgenie.region)
    err(
      `note: your personal opsgenie.region (${region}, in ${settings?.path}) is used, not the team config's (${config.opsgenie.region})\n`,
    );
  const base = baseUrl(config.opsgenie.provider, region, ctx.io.env);
  const { key, from } = await apiKey(ctx, envName, settings);
  scrub = secret(key);
  if (key) checkApiKey(key, from);
  if (message.length > LIMITS.message) {
    err(
      `note: the message is longer than Opsgenie's ${LIMITS.message} characters: it is cut with "…", and the whole text is at the top of the description\n`,
    );
  }

  if (flags.dryRun) {
    const plan: EscalatePlan = {
      schemaVersion: 1,
      dryRun: true,
      request: {
        method: "POST",
        url: `${base}/v2/alerts`,
        headers: {
          Authorization: key ? "GenieKey [redacted]" : `GenieKey [not set: ${from}]`,
          "Content-Type": "application/json",
        },
        body,
      },
      responder: { person: target.person.id, name: target.person.name, username: target.username },
    };
    out(
      format === "json"
        ? jsonText(plan as unknown as Record<string, unknown>, ctx.io.stdoutIsTTY)
        : escalatePlanText(plan),
    );
    return;
  }
  if (!key) {
    throw new OncallError(
      "auth",
      `no Opsgenie API key: ${from} is not set and there is none in your personal settings`,
      "export the Default API integration's key in that variable, or run: oncall config set opsgenie.apiKey (see docs/escalation.md)",
    );
  }

  if (ctx.io.canPrompt && !flags.yes) {
    err(
      `About to page ${target.person.name} (${target.username}${target.title ? `, ${target.title}` : ""}) through Opsgenie, ${priority}: ${body.message}\n`,
    );
    const yes = await prompter.confirm({ message: "Page them now?", default: true });
    // Not 0: at 3 a.m. exit 0 must mean "paged"; a declined page is a cancelled one (SPEC §7).
    if (!yes) throw new OncallError("interrupted", "not paged: you answered no, and nothing was sent");
  }

  const phone = target.person.phone ? `; call ${target.person.name} on ${target.person.phone}` : "";
  const check = `check Opsgenie before paging again${phone}`;
  let sent = false;
  let requestId: string | null = null;
  const deadline = net.now() + timeoutS * 1000;
  // A status line on a terminal, rewritten in place; with --verbose the log says it all.
  const showStatus = ctx.io.stderrIsTTY && !ctx.io.verbose;
  let statusShown = false;
  const status = (what: string) => {
    statusShown = true;
    const left = Math.max(0, Math.ceil((deadline - net.now()) / 1000));
    ctx.io.stderrRaw.write(`\r\x1b[2K${escapeText(scrub(what))} (${left} s left)`);
  };
  const clearStatus = () => {
    if (statusShown) ctx.io.stderrRaw.write("\r\x1b[2K");
    statusShown = false;
  };
  const controller = new AbortController();
  // kill or a CI cancel sends SIGTERM: it gets Ctrl-C's message, since after sending, the request
  // id, alias and phone number are what the user needs, and the exit code dying of it would give
  // (143; 130 for Ctrl-C). A closed terminal (SIGHUP) has no one to tell. Only the first: a
  // second Ctrl-C ends the program at once.
  let stoppedBy: StopSignal | null = null;
  const stopListening = ctx.signals.onInterrupt((signal) => {
    if (signal === "SIGHUP") return false;
    stoppedBy = signal;
    stopListening();
    controller.abort(new Error("interrupted"));
    return true;
  });
  const client = new OpsgenieClient({
    baseUrl: base,
    apiKey: key,
    deadline,
    net,
    signal: controller.signal,
    log: ctx.io.verbose ? (l) => err(`oncall: ${l}\n`) : undefined,
    status: showStatus ? status : undefined,
  });
  try {
    const id = await client.createAlert(body, () => {
      sent = true;
    });
    // polled as Opsgenie gave it; shown escaped and short, like all its text
    requestId = client.printable(id, 200);
    if (ctx.io.verbose) err(`oncall: accepted, request ${requestId}; confirming…\n`);
    const done = await client.confirm(id);
    clearStatus();
    const url =
      config.opsgenie.provider === "opsgenie" && !ctx.io.env.ONCALL_OPSGENIE_URL
        ? `https://app${region === "eu" ? ".eu" : ""}.opsgenie.com/alert/detail/${done.alertId}/details`
        : undefined;
    const doc: EscalateResult = {
      schemaVersion: 1,
      alertId: done.alertId,
      requestId: done.requestId,
      alias,
      responder: { person: target.person.id, name: target.person.name, username: target.username },
      deduplicated: done.deduplicated,
      ...(url ? { url } : {}),
    };
    out(
      format === "json"
        ? jsonText(doc as unknown as Record<string, unknown>, ctx.io.stdoutIsTTY)
        : escalateResultText(doc),
    );
  } catch (e) {
    clearStatus();
    const where = requestId ? `request ${requestId}, alias ${alias}` : `alias ${alias}`;
    const why = e instanceof Error ? e.message : String(e);
    if (controller.signal.aborted) {
      throw new OncallError(
        stoppedBy === "SIGTERM" ? "terminated" : "interrupted",
        sent
          ? `interrupted after the request was sent (request ${requestId ?? "(no id yet)"}, alias ${alias}): ${check}`
          : `interrupted before anything was sent (alias ${alias})`,
      );
    }
    // isSuccess false: Opsgenie says it created nothing, so this is the one rejection after sending.
    if (e instanceof NotCreated) throw new OncallError("rejected", `${why} (${where})`);
    const unreachable = isUnavailable(e) || !(e instanceof OncallError);
    if (sent) {
      // Opsgenie may have the alert: whatever went wrong next, "nothing was created" (5, 7) would be a lie.
      const head = requestId
        ? isUnavailable(e) && why.startsWith("out of time")
          ? `Opsgenie accepted the alert but did not confirm it within ${timeoutS} s`
          : `Opsgenie accepted the alert but did not confirm it: ${why}`
        : why.startsWith("Opsgenie accepted")
          ? why
          : unreachable
            ? `could not reach Opsgenie at ${base} within ${timeoutS} s (${client.lastError ?? why})`
            : `Opsgenie may have the alert from an earlier try whose connection broke, but then: ${why}`;
      throw new OncallError(
        "unavailable",
        `${head} (${where}): ${requestId ? "" : "it may have been sent, so "}${check}`,
      );
    }
    if (unreachable) {
      throw new OncallError(
        "unavailable",
        `could not reach Opsgenie at ${base} within ${timeoutS} s (${client.lastError ?? why}; alias ${alias}): nothing was sent${phone}`,
      );
    }
    throw e;
  } finally {
    stopListening();
  }
}

export const command = defineCommand({
  name: "escalate",
  args: [],
  flags: [
    {
      long: "to",
      value: "target",
      description:
        "an escalation contact (head-of-ops), a line (second-line: whoever is on it now) or a person id/email",
    },
    {
      long: "message",
      value: "text",
      description: "the alert's message (default: who escalates to whom; asked for on a terminal)",
    },
    { long: "description", value: "text", description: "more detail for the alert" },
    {
      long: "alert",
      value: "ref",
      description:
        "the alert being escalated (its id or tiny id): in the details, and the key that stops a second page",
    },
    {
      long: "priority",
      value: "P1..P5",
      description: "priority (default: escalation.priority, P1)",
      choices: PRIORITIES,
    },
    { long: "note", value: "text", description: "a note added to the alert" },
    { long: "again", description: "page anew even if this escalation already paged (a fresh alias)" },
    { long: "yes", short: "y", description: "do not ask for confirmation on a terminal before paging" },
    { long: "dry-run", description: "print the request it would send (key redacted) and send nothing" },
    {
      long: "timeout",
      value: "seconds",
      description: "how long sending and confirming may take in all (default: 30)",
    },
  ],
  formats: FORMATS,
  options: commandOptions({
    to: z.optional(z.string()),
    message: z.optional(z.string()),
    description: z.optional(z.string()),
    alert: z.optional(z.string()),
    priority: z.optional(z.string()),
    note: z.optional(z.string()),
    again: z.optional(z.boolean()),
    yes: z.optional(z.boolean()),
    dryRun: z.optional(z.boolean()),
    timeout: z.optional(z.string()),
  }),
  examples: [
    "oncall escalate --to second-line --alert 6004",
    'oncall escalate --to head-of-ops --message "All sites down" --priority P1',
    "oncall escalate --to dave --alert 6004 --dry-run",
    "oncall escalate --to head-of-ops --alert 6004 --json | jq -r .alertId",
  ],
  run: (options, ctx) => escalate(options, ctx),
});

/** resolveTarget, its errors said in terms of --to. */
function targetOf(...args: Parameters<typeof resolveTarget>): ReturnType<typeof resolveTarget> {
  try {
    return resolveTarget(...args);
  } catch (e) {
    if (e instanceof UnpageableTarget) throw new OncallError(e.kind, e.saying(`--to ${e.to}`), e.hint);
    throw e;
  }
}
