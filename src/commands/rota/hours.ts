import * as z from "zod/mini";
import { checkMonth } from "../../core/period";
import { onCallHours, payPeriod } from "../../core/rota-hours";
import { isoUtc } from "../../core/zone";
import { usageError } from "../../errors";
import { jsonText } from "../../render/json";
import { CURRENCY_SYMBOLS, type RotaHoursDoc, rotaHoursCsv, rotaHoursText } from "../../render/rota-hours";
import type { CommandContext } from "../context";
import { commandOptions, defineCommand } from "../define";
import { rateArg } from "../numbers";
import { loadTeam } from "../team";
import { lineNames, requireRota } from "./shared";

const FORMATS = ["table", "json", "csv"] as const;

interface Flags {
  config?: string;
  month: string;
  rate?: string;
  currency?: string;
}

/** `oncall rota hours --month YYYY-MM [--rate AMOUNT]`: on-call hours per person in a pay period. */
export async function rotaHours(flags: Flags, ctx: CommandContext): Promise<void> {
  const format = ctx.format(FORMATS, "table");
  checkMonth(flags.month, "--month");
  const rate = rateArg(flags.rate);
  const currency = currencyArg(flags.currency ?? "GBP");
  const team = loadTeam(ctx.io, flags.config, ctx.now);
  requireRota(team);
  const kind = team.config.rota?.payPeriod ?? "handover-month";
  const period = payPeriod(team.rota, flags.month, kind);
  const y = Number(flags.month.slice(0, 4));
  const calendar = await team.calendar([y - 1, y]);
  const { rows, people } = onCallHours(team.rota, calendar, period.from, period.to);
  const name = (id: string) => team.people.get(id)?.name ?? id;
  const pay = (h: number) => (rate === null ? null : Math.round(h * rate * 100) / 100);
  const doc: RotaHoursDoc = {
    schemaVersion: 1,
    month: flags.month,
    payPeriod: kind,
    from: isoUtc(period.from),
    to: isoUtc(period.to),
    rate,
    currency,
    rows: rows.map((r) => ({ ...r, name: name(r.person) })),
    people: people.map((p) => ({ ...p, name: name(p.person), pay: pay(p.outOfHoursHours) })),
  };
  if (format === "json") {
    ctx.io.stdout.write(jsonText(doc as unknown as Record<string, unknown>, ctx.io.stdoutIsTTY));
    return;
  }
  if (format === "csv") {
    ctx.io.stdout.write(rotaHoursCsv(doc, ctx.io.stdoutIsTTY));
    return;
  }
  const { loadScreen } = await import("../../render/screen");
  rotaHoursText(doc, lineNames(team), team.zone, await loadScreen(ctx.io)).writeTo(ctx.io);
}

/** `--currency`: an ISO 4217 code (gbp is GBP) or one of the symbols; a word would print as a code. */
function currencyArg(text: string): string {
  if (CURRENCY_SYMBOLS.includes(text)) return text;
  const code = text.toUpperCase();
  if (/^[A-Z]{3}$/.test(code) && Intl.supportedValuesOf("currency").includes(code)) return code;
  throw usageError(
    `--currency ${text}: expected a 3-letter ISO 4217 code or a symbol`,
    `for example --currency GBP, EUR, USD, £, $ or €`,
  );
}

export const command = defineCommand({
  name: "rota hours",
  args: [],
  flags: [
    { long: "month", value: "YYYY-MM", description: "the month whose pay period to count", required: true },
    { long: "rate", value: "amount", description: "pay per out-of-hours hour" },
    { long: "currency", value: "code", description: "currency of --rate (default: GBP)" },
  ],
  formats: FORMATS,
  options: commandOptions({
    month: z.string(),
    rate: z.optional(z.string()),
    currency: z.optional(z.string()),
  }),
  examples: [
    "oncall rota hours --month 2026-11",
    "oncall rota hours --month 2026-11 --rate 2.50 --format csv",
  ],
  run: rotaHours,
});
