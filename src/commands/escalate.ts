import { randomBytes } from "node:crypto";
import { baseUrl, isUnavailable, OpsgenieClient } from "../adapters/opsgenie";
import { buildAlertBody, escalationAlias, resolveTarget } from "../core/escalation";
import { OncallError, usageError } from "../errors";
import { jsonText } from "../render/json";
import { inquirerPrompter, type Prompter } from "../runtime/prompts";
import type { CommandContext } from "./context";
import { loadTeam } from "./team";

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
}

const PRIORITIES = ["P1", "P2", "P3", "P4", "P5"] as const;

/** The key: the environment variable the config names, else the personal setting. Never a flag. */
async function apiKey(ctx: CommandContext, envName: string): Promise<{ key: string | null; from: string }> {
  const fromEnv = ctx.io.env[envName];
  if (fromEnv) return { key: fromEnv, from: `$${envName}` };
  const { openSettings } = await import("../adapters/settings");
  const stored = (await openSettings(ctx.io.env)).get("opsgenie.apiKey");
  if (typeof stored === "string" && stored) return { key: stored, from: "personal settings" };
  return { key: null, from: `$${envName}` };
}

/** The region: your personal setting `opsgenie.region` when you set one, else the team's. */
async function regionOf(ctx: CommandContext, team: "us" | "eu"): Promise<"us" | "eu"> {
  const { openSettings } = await import("../adapters/settings");
  const mine = (await openSettings(ctx.io.env)).get("opsgenie.region");
  return mine === "us" || mine === "eu" ? mine : team;
}

/**
 * `oncall escalate --to TARGET`: pages a contact, a line's person or a person by creating an
 * Opsgenie alert through the Default API integration with them as responder — at most once per
 * escalation (the alias), and says "paged" only when Opsgenie confirms it.
 */
export async function escalate(
  flags: EscalateFlags,
  ctx: CommandContext,
  prompter: Prompter = inquirerPrompter(),
): Promise<void> {
  const format = ctx.format(["table", "json"] as const, "table");
  if (!flags.to)
    throw usageError("escalate needs --to", "a contact (head-of-ops), a line (second-line) or a person id");
  const team = loadTeam(ctx.io, flags.config);
  const { config, people, rota } = team;
  const target = resolveTarget(flags.to, config.escalation.contacts, people, rota, ctx.now);
  const priority = (flags.priority ?? config.escalation.priority).toUpperCase();
  if (!(PRIORITIES as readonly string[]).includes(priority))
    throw usageError(`--priority ${flags.priority}: expected P1 to P5`);
  const timeoutS = flags.timeout === undefined ? 30 : Number(flags.timeout);
  if (!Number.isFinite(timeoutS) || timeoutS <= 0 || timeoutS > 600)
    throw usageError(`--timeout ${flags.timeout}: expected seconds, 1 to 600`);

  // Who escalates, for the message and the alert's user field (optional).
  let me: string | null = null;
  try {
    const { whoAmI } = await import("./team");
    const id = await whoAmI(ctx.io);
    me = people.byUsername(id)?.name ?? id;
  } catch {
    me = null;
  }
  const fallback = `Escalation to ${target.person.name}${target.title ? ` (${target.title})` : ""}${me ? ` from ${me}` : ""}${flags.alert ? `: alert ${flags.alert}` : ""}`;
  let message = flags.message;
  if (message === undefined && ctx.io.canPrompt && !flags.dryRun) {
    message = await prompter.input({ message: `Message for ${target.person.name}`, default: fallback });
  }
  message = (message ?? fallback).trim() || fallback;
  // The alert being escalated is named in the message too, where there is room for it.
  if (flags.alert && !message.includes(flags.alert)) {
    const suffix = ` [alert ${flags.alert}]`;
    if (message.length + suffix.length <= 130) message += suffix;
  }
  const again = flags.again ? randomBytes(4).toString("hex") : null;
  const alias = escalationAlias(target.person.id, flags.alert ?? null, message, again);
  const body = buildAlertBody({
    message,
    alias,
    description: flags.description ?? null,
    username: target.username,
    priority: priority as (typeof PRIORITIES)[number],
    note: flags.note ?? null,
    alertRef: flags.alert ?? null,
    escalatedBy: me,
    targetName: target.person.name,
  });
  const region = await regionOf(ctx, config.opsgenie.region);
  const base = baseUrl(config.opsgenie.provider, region, ctx.io.env);
  const { key, from } = await apiKey(ctx, config.opsgenie.apiKeyEnv);

  if (flags.dryRun) {
    const plan = {
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
    ctx.io.stdout.write(
      format === "json"
        ? jsonText(plan, ctx.io.stdoutIsTTY)
        : `Would page ${target.person.name} (${target.username}) — nothing sent (--dry-run):\nPOST ${plan.request.url}\nAuthorization: ${plan.request.headers.Authorization}\n${JSON.stringify(body, null, 2)}\n`,
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

  const phone = target.person.phone ? `; call ${target.person.name} on ${target.person.phone}` : "";
  let sent = false;
  let requestId: string | null = null;
  const controller = new AbortController();
  const onSigint = () => controller.abort(new Error("interrupted"));
  process.once("SIGINT", onSigint);
  const client = new OpsgenieClient({
    baseUrl: base,
    apiKey: key,
    deadline: Date.now() + timeoutS * 1000,
    signal: controller.signal,
    log: ctx.io.verbose ? (l) => ctx.io.stderr.write(`oncall: ${l}\n`) : undefined,
  });
  try {
    requestId = await client.createAlert(body, () => {
      sent = true;
    });
    if (ctx.io.verbose) ctx.io.stderr.write(`oncall: accepted, request ${requestId}; confirming…\n`);
    const done = await client.confirm(requestId);
    const url =
      config.opsgenie.provider === "opsgenie" && !ctx.io.env.ONCALL_OPSGENIE_URL
        ? `https://app${region === "eu" ? ".eu" : ""}.opsgenie.com/alert/detail/${done.alertId}/details`
        : undefined;
    const doc = {
      schemaVersion: 1,
      alertId: done.alertId,
      requestId,
      alias,
      responder: { person: target.person.id, name: target.person.name, username: target.username },
      deduplicated: done.deduplicated,
      ...(url ? { url } : {}),
    };
    if (format === "json") ctx.io.stdout.write(jsonText(doc, ctx.io.stdoutIsTTY));
    else if (done.deduplicated) {
      ctx.io.stdout.write(
        `Already paged: ${target.person.name} has an open escalation alert for this (alert ${done.alertId}); Opsgenie did not page again. Pass --again to page anew.\n`,
      );
    } else {
      ctx.io.stdout.write(
        `Paged ${target.person.name} (${target.username}) — Opsgenie alert ${done.alertId}${url ? `\n${url}` : ""}\n`,
      );
    }
  } catch (e) {
    const where = `request ${requestId ?? "(no id yet)"}, alias ${alias}`;
    if (controller.signal.aborted) {
      throw new OncallError(
        "interrupted",
        sent
          ? `interrupted after the request was sent (${where}): check Opsgenie before paging again${phone}`
          : "interrupted before anything was sent",
      );
    }
    if (isUnavailable(e) || (e instanceof Error && !(e instanceof OncallError))) {
      throw new OncallError(
        "unavailable",
        requestId
          ? `Opsgenie accepted the alert but did not confirm it within ${timeoutS} s (${where}): check Opsgenie before paging again${phone}`
          : `could not reach Opsgenie at ${base} within ${timeoutS} s (${client.lastError ?? (e as Error).message}; alias ${alias})${sent ? ": it may have been sent, so check Opsgenie before paging again" : ": nothing was sent"}${phone}`,
      );
    }
    if (e instanceof OncallError && e.kind === "rejected" && requestId) {
      throw new OncallError("rejected", `${e.message} (${where})`);
    }
    throw e;
  } finally {
    process.removeListener("SIGINT", onSigint);
  }
}
