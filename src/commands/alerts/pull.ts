import { rmSync } from "node:fs";
import { lstat, mkdtemp, rm } from "node:fs/promises";
import { join, resolve } from "node:path";
import * as z from "zod/mini";
import { pullConfigured, pullCredentials } from "../../adapters/alerts-api/credentials";
import {
  JSM_BASE,
  JSM_TOKEN_HINT,
  jsmAcknowledger,
  jsmPages,
  MAX_LOG_PAGES,
} from "../../adapters/alerts-api/jsm";
import { opsgeniePages, PULL_KEY_HINT } from "../../adapters/alerts-api/opsgenie";
import { createdMs, PAGE_SIZE, type RawAlert, rangeQuery } from "../../adapters/alerts-api/paging";
import { readPulled } from "../../adapters/alerts-api/pulled-file";
import { checkNotDirectory, checkParentDirectory, writeFileAtomic } from "../../adapters/file-writer";
import { baseUrl, isUnavailable, OpsgenieClient, redactor } from "../../adapters/opsgenie";
import { ENVELOPE, logText, mergeAlerts, newestCreated, type PullProvider, pullAlerts } from "../../app/pull";
import type { Period } from "../../core/toil";
import { isoUtc } from "../../core/zone";
import { configError, OncallError, usageError } from "../../errors";
import { escapeText } from "../../render/escape";
import { jsonText } from "../../render/json";
import {
  type PullCheck,
  type PullDoc,
  pullCheckText,
  pullLogsProgressText,
  pullProgressText,
  pullSummaryText,
} from "../../render/pull";
import { tempDir } from "../../runtime/home";
import type { StopSignal } from "../../runtime/signals";
import type { CommandContext } from "../context";
import { commandOptions, defineCommand } from "../define";
import { previousMonth, resolvePeriod } from "../period";
import { loadTeam, type Team } from "../team";

const FORMATS = ["table", "json"] as const;
/** Each request, with its retries, gets what one escalation gets (SPEC §6's default). */
const REQUEST_MS = 30_000;
/**
 * A page of 100 alerts: JSM's carry descriptions of up to 15,000 characters (up to 4 bytes each in
 * UTF-8) and messages, tags and extra properties besides; past this, the answer is not read.
 */
const MAX_PAGE_BYTES = 16 * 1024 * 1024;

export interface PullFlags {
  config?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  month?: string | undefined;
  out?: string | undefined;
  force?: boolean | undefined;
  append?: boolean | undefined;
  check?: boolean | undefined;
  allLogs?: boolean | undefined;
}

/**
 * `oncall alerts pull`: a period's alerts from Opsgenie or JSM Operations into a local log (SPEC
 * §10). Nothing is written unless every page was read; a failure says how to run it again. The
 * key or token is never printed: every message is scrubbed of it on the way out.
 */
async function alertsPull(flags: PullFlags, ctx: CommandContext, via?: PullFor): Promise<void> {
  let scrub = (text: string) => text;
  try {
    await pull(flags, ctx, via, (secret) => {
      const before = scrub;
      const also = redactor(secret);
      scrub = (text) => also(before(text));
    });
  } catch (e) {
    if (e instanceof OncallError)
      throw new OncallError(e.kind, scrub(e.message), e.hint === undefined ? undefined : scrub(e.hint));
    throw e;
  }
}

/** A pull on behalf of another command: its team, and what the alerts are for ("review", say). */
interface PullFor {
  team: Team;
  purpose: string;
}

async function pull(
  flags: PullFlags,
  ctx: CommandContext,
  via: PullFor | undefined,
  secretIs: (s: string) => void,
): Promise<void> {
  // for another command, a line on stderr only: its own output is what stdout is for
  const format = via ? "table" : ctx.format(FORMATS, "table");
  if (flags.force && flags.append)
    throw usageError(
      "--force and --append cannot be combined",
      "--force replaces the file, --append adds to it",
    );
  const team = via?.team ?? loadTeam(ctx.io, flags.config, ctx.now);
  const { config, zone } = team;
  const provider: PullProvider = config.opsgenie.provider;
  const service = provider === "jsm" ? "JSM" : "Opsgenie";

  // the period: the flags', else the previous calendar month; with --append, from there up to now
  // (a nightly --append keeps a log up to date, the current month included), the start moved below
  // to the file's newest alert when it has one
  let period = resolvePeriod(flags, zone);
  if (period === null) {
    period = previousMonth(zone, ctx.now);
    if (flags.append) period = { ...period, to: null };
  }
  const toMs = period.to ?? ctx.now;
  if (period.from === null && !flags.append)
    throw usageError("--to needs --from (or --append, which continues from the file's newest alert)");
  const out =
    flags.out ??
    (period.from === null ? null : `alerts-${zone.dateOf(period.from)}--${zone.dateOf(toMs - 1)}.json`);
  if (out === null) throw usageError("--append without --from needs --out: the file to continue");

  // an existing file: refused before anything is fetched, or read to append to
  let stale: RawAlert[] = [];
  if (!flags.check) {
    // what is at the path itself: a link is not followed (to nothing, it is still a name taken)
    const existing = await lstat(resolve(ctx.io.cwd, out)).catch(() => null);
    await checkNotDirectory(ctx.io.cwd, out); // a directory, or a link to one: refused now
    if (existing && !flags.force && !flags.append && (existing.isFile() || existing.isSymbolicLink()))
      throw usageError(
        `${out} already exists`,
        "pass --force to replace it, --append to add to it, or choose another --out",
      );
    if (flags.append && existing)
      stale = await readPulled(resolve(ctx.io.cwd, out), out, ENVELOPE[provider], service, existing.size);
    // a directory that is not there is said now, not after the pages were fetched
    if (!existing) await checkParentDirectory(ctx.io.cwd, out);
  }
  let fromMs = period.from;
  if (flags.append && flags.from === undefined && flags.month === undefined)
    fromMs = newestCreated(stale) ?? period.from;
  if (fromMs === null) throw usageError(`${out} holds no alerts to continue from`, "pass --from DATE");
  if (fromMs >= toMs)
    throw usageError(
      `the period to pull is empty (from ${isoUtc(fromMs)} to ${isoUtc(toMs)})`,
      "pass a later --to, or an earlier --from",
    );

  const cloudId = config.opsgenie.cloudId;
  if (provider === "jsm" && !cloudId)
    throw configError(
      `${team.filepath ?? "the team config"}: opsgenie.cloudId is not set, and JSM's API needs the site's cloud id`,
      "open https://<your-site>.atlassian.net/_edge/tenant_info and copy cloudId into opsgenie.cloudId (docs/pulling.md)",
    );
  const override = ctx.io.env.ONCALL_OPSGENIE_URL;
  const base =
    provider === "jsm" && !override ? JSM_BASE : baseUrl(provider, config.opsgenie.region, ctx.io.env);
  const settings = await (await import("../../adapters/settings")).openSettings(ctx.io.env, ctx.io.stderr);
  const cred = pullCredentials(provider, config.opsgenie, ctx.io.env, settings, secretIs);
  // Ctrl-C while fetching: nothing has been written, so say so and how to run it again (130)
  const controller = new AbortController();
  let stoppedBy: StopSignal | null = null;
  const stopListening = ctx.signals.onInterrupt((signal) => {
    stoppedBy = signal;
    controller.abort(new Error("interrupted"));
    return true;
  });
  const client = new OpsgenieClient({
    baseUrl: base,
    signal: controller.signal,
    apiKey: cred.secret,
    deadline: 0,
    net: ctx.net,
    service,
    maxAnswerBytes: MAX_PAGE_BYTES,
    keyHint: provider === "jsm" ? JSM_TOKEN_HINT : PULL_KEY_HINT,
    ...(cred.authorization ? { authorization: cred.authorization } : {}),
    ...(ctx.io.verbose ? { log: (line: string) => ctx.io.stderr.write(`${line}\n`) } : {}),
  });
  const fetchPage =
    provider === "jsm" ? jsmPages(client, cloudId!, REQUEST_MS) : opsgeniePages(client, REQUEST_MS);
  const from = isoUtc(fromMs);
  const to = isoUtc(toMs);
  const again = resumeCommand(flags, zone.dateOf(fromMs), zone.dateOf(toMs - 1), out);

  try {
    if (flags.check) {
      const page = await fetchPage(rangeQuery(fromMs, toMs), 0);
      const outside = page.filter((a) => {
        const t = createdMs(a);
        return t === null || t < fromMs || t >= toMs;
      }).length;
      const check: PullCheck = {
        schemaVersion: 1,
        provider,
        from,
        to,
        alerts: page.length,
        file: null,
        check: {
          ...(provider === "jsm" ? { logs: await checkLogs(client, cloudId!, page) } : {}),
          url: base,
          credentials: cred.from,
          query: rangeQuery(fromMs, toMs),
          outOfRange: outside,
          morePages: page.length === 100,
        },
      };
      ctx.io.stdout.write(
        format === "json"
          ? jsonText(check as unknown as Record<string, unknown>, ctx.io.stdoutIsTTY)
          : pullCheckText(check),
      );
      return;
    }
    const started = ctx.net.now();
    const calendar = await team.calendar(yearsOf(zone.dateOf(fromMs), zone.dateOf(toMs - 1)));
    const pulled = await pullAlerts({
      provider,
      service,
      fromMs,
      toMs,
      fetchPage,
      ...(provider === "jsm"
        ? {
            acknowledger: (a: RawAlert) => jsmAcknowledger(client, cloudId!, a, REQUEST_MS),
            needsLogs: (a: RawAlert) => flags.allLogs === true || calendar.isOutOfHours(createdMs(a)!),
          }
        : {}),
      ...(ctx.io.stderrIsTTY
        ? {
            progress: (p) =>
              ctx.io.stderrRaw.write(
                pullProgressText(
                  p.fetched,
                  p.reached === null ? null : zone.dateOf(p.reached),
                  ctx.net.now() - started,
                ),
              ),
            logsProgress: (done: number, of: number) =>
              ctx.io.stderrRaw.write(pullLogsProgressText(done, of)),
          }
        : {}),
    });
    // the writer takes charge of a signal from here: its temporary file must go
    stopListening();
    if (ctx.io.stderrIsTTY) ctx.io.stderrRaw.write("\r\x1b[K");
    if (pulled.outOfRange > 0)
      ctx.io.stderr.write(
        `warning: ${service} returned ${pulled.outOfRange} alert${pulled.outOfRange === 1 ? "" : "s"} created outside ${from} – ${to}; dropped\n`,
      );
    for (const id of pulled.logsTooLong)
      ctx.io.stderr.write(
        `warning: the logs of ${service} alert ${escapeText(id)} go on past ${MAX_LOG_PAGES} pages (${(MAX_LOG_PAGES * PAGE_SIZE).toLocaleString("en-GB")} entries): stopped reading them, so who acknowledged it is not known (_logsRead: false)\n`,
      );
    const alerts = flags.append ? mergeAlerts(stale, pulled.alerts) : pulled.alerts;
    const path = await writeFileAtomic(
      ctx.io.cwd,
      out,
      logText(provider, alerts),
      flags.force === true || flags.append === true,
      ctx.signals,
    );
    const doc: PullDoc = { schemaVersion: 1, provider, from, to, alerts: pulled.alerts.length, file: path };
    if (format === "json")
      ctx.io.stdout.write(jsonText(doc as unknown as Record<string, unknown>, ctx.io.stdoutIsTTY));
    else if (via)
      ctx.io.stderr.write(
        `pulled ${alerts.length} alert${alerts.length === 1 ? "" : "s"} from ${service} for the ${via.purpose} (${zone.dateOf(fromMs)} to ${zone.dateOf(toMs - 1)})\n`,
      );
    else ctx.io.stderr.write(pullSummaryText(doc, alerts.length, pulled.logsRead));
  } catch (e) {
    if (ctx.io.stderrIsTTY) ctx.io.stderrRaw.write("\r\x1b[K");
    stopListening();
    const hint = flags.check
      ? undefined
      : via
        ? `nothing was pulled for the ${via.purpose}; run it again, or give the alert logs`
        : `nothing was written; to try again: ${again}`;
    if (stoppedBy !== null)
      throw new OncallError(
        stoppedBy === "SIGTERM" ? "terminated" : "interrupted",
        `interrupted while pulling from ${service}`,
        hint,
      );
    if (isUnavailable(e))
      throw new OncallError("unavailable", `could not pull from ${service} at ${base}: ${e.message}`, hint);
    if (e instanceof OncallError && (e.kind === "auth" || e.kind === "rejected" || e.kind === "unavailable"))
      throw new OncallError(e.kind, e.message, e.hint ? `${e.hint}; ${hint ?? ""}`.replace(/; $/, "") : hint);
    throw e;
  } finally {
    stopListening();
  }
}

/**
 * The logs a command reads: those given, else — with none given — the period's alerts pulled from
 * the API into a temporary log when it is configured (SPEC §9: `toil review`, `toil notice`), else
 * a usage error saying what to pass. `done` removes what was pulled.
 */
export async function logsOrPull(
  logs: string[],
  period: Period,
  team: Team,
  ctx: CommandContext,
  command: string,
  purpose: string,
): Promise<{ files: string[]; done(): Promise<void> }> {
  if (logs.length > 0) return { files: logs, done: async () => {} };
  const { config, zone } = team;
  const settings = await (await import("../../adapters/settings")).openSettings(ctx.io.env, ctx.io.stderr);
  if (!pullConfigured(config.opsgenie.provider, config.opsgenie, ctx.io.env, settings))
    throw usageError(
      `${command} needs the alert logs for the ${purpose}, and no API is set up to pull them from`,
      `give the logs, e.g. oncall ${command} alerts.csv; or set up alerts pull (docs/pulling.md)`,
    );
  if (period.from === null || period.to === null)
    throw usageError(`${command} without logs pulls a period's alerts: give --from and --to, or a log`);
  const dir = await mkdtemp(join(tempDir(), "oncall-pull-"));
  const file = join(dir, "alerts.json");
  // killed or hung up on later (at a prompt, say), the pulled file goes too: the run dies of the
  // signal without reaching done()
  const forget = ctx.signals.onInterrupt(() => {
    rmSync(dir, { recursive: true, force: true });
    return undefined;
  });
  try {
    await alertsPull(
      {
        config: team.filepath ?? undefined,
        from: zone.dateOf(period.from),
        to: zone.dateOf(period.to - 1),
        out: file,
      },
      ctx,
      { team, purpose },
    );
  } catch (e) {
    forget();
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
  return {
    files: [file],
    done: async () => {
      forget();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** JSM's logs, read for the first acknowledged alert of the page: what the pull relies on for acknowledgers. */
async function checkLogs(client: OpsgenieClient, cloudId: string, page: RawAlert[]): Promise<string> {
  const acked = page.find((a) => a.acknowledged === true);
  if (!acked) return "not checked: no acknowledged alert on the first page";
  const ack = await jsmAcknowledger(client, cloudId, acked, REQUEST_MS);
  const said = !ack.complete
    ? `longer than ${MAX_LOG_PAGES} pages, not read to the end`
    : ack.by === null
      ? "no entry names who acknowledged it"
      : `acknowledged by ${ack.by}`;
  return `read for alert ${String(acked.tinyId ?? acked.id)}: ${said}`;
}

/** The years a period's dates fall in, for the holiday calendar. */
function yearsOf(first: string, last: string): number[] {
  const years: number[] = [];
  for (let y = Number(first.slice(0, 4)); y <= Number(last.slice(0, 4)); y++) years.push(y);
  return years;
}

/** The command that runs the same pull again, with the period spelled out (never a credential). */
function resumeCommand(flags: PullFlags, from: string, to: string, out: string): string {
  const words = ["oncall alerts pull"];
  if (flags.config) words.push("--config", quote(flags.config));
  words.push("--from", from, "--to", to, "--out", quote(out));
  if (flags.force) words.push("--force");
  if (flags.append) words.push("--append");
  if (flags.allLogs) words.push("--all-logs");
  return words.join(" ");
}

const quote = (s: string) => (/^[\w./@%+=:,-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`);

export const command = defineCommand({
  name: "alerts pull",
  args: [],
  flags: [
    {
      long: "from",
      value: "date",
      description: "first day to pull, a local date (default: the previous calendar month)",
    },
    { long: "to", value: "date", description: "last day to pull, inclusive" },
    { long: "month", value: "YYYY-MM", description: "a calendar month instead of --from/--to" },
    { long: "out", value: "file", description: "file to write (default: alerts-<from>--<to>.json)" },
    { long: "force", description: "replace the file if it exists" },
    {
      long: "append",
      description:
        "merge into the file by alert id (fresh copies win); without --from or --month, continue from its newest alert",
    },
    { long: "check", description: "fetch one page and say what was verified; write nothing" },
    {
      long: "all-logs",
      description: "JSM: read the logs of every acknowledged alert, not only out-of-hours ones",
    },
  ],
  formats: FORMATS,
  options: commandOptions({
    from: z.optional(z.string()),
    to: z.optional(z.string()),
    month: z.optional(z.string()),
    out: z.optional(z.string()),
    force: z.optional(z.boolean()),
    append: z.optional(z.boolean()),
    check: z.optional(z.boolean()),
    allLogs: z.optional(z.boolean()),
  }),
  examples: [
    "oncall alerts pull",
    "oncall alerts pull --month 2026-10 --out october.json",
    "oncall alerts pull --append --out alerts.json",
    "oncall alerts pull --check",
  ],
  run: (options, ctx) => alertsPull(options, ctx),
});
