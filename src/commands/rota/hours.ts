import * as z from "zod/mini";
import { checkMonth } from "../../core/period";
import { onCallHours, payPeriod } from "../../core/rota-hours";
import { isoUtc } from "../../core/zone";
import { usageError } from "../../errors";
import { jsonText } from "../../render/json";
import { renderTable } from "../../render/table";
import type { CommandContext } from "../context";
import { commandOptions, defineCommand } from "../define";
import { loadTeam } from "../team";
import { lineNames, requireRota } from "./shared";

/** A pay rate per hour far above any on-call rate is a typo. */
const MAX_RATE = 10_000;

const FORMATS = ["table", "json", "csv"] as const;

interface Flags {
  config?: string;
  month?: string;
  rate?: string;
  currency?: string;
}

/** `oncall rota hours --month YYYY-MM [--rate AMOUNT]`: on-call hours per person in a pay period. */
export async function rotaHours(flags: Flags, ctx: CommandContext): Promise<void> {
  const format = ctx.format(FORMATS, "table");
  if (!flags.month) throw usageError("rota hours needs --month YYYY-MM");
  checkMonth(flags.month, "--month");
  // A decimal amount, as on a payslip: Number() would read "" as 0 and 1e308 as a pay of Infinity.
  const rate =
    flags.rate === undefined ? null : /^\d{1,6}(\.\d{1,4})?$/.test(flags.rate) ? Number(flags.rate) : -1;
  if (rate !== null && (rate < 0 || rate > MAX_RATE))
    throw usageError(
      `--rate ${flags.rate}: expected an amount per hour from 0 to ${MAX_RATE}, in decimal`,
      "for example --rate 2.50",
    );
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
  const doc = {
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
    ctx.io.stdout.write(jsonText(doc, ctx.io.stdoutIsTTY));
    return;
  }
  if (format === "csv") {
    const { csvRow } = await import("../../render/csv");
    let out = csvRow(["person", "name", "shift_hours", "out_of_hours_hours", "pay", "currency"]);
    for (const p of doc.people)
      out += csvRow(
        [p.person, p.name, p.shiftHours, p.outOfHoursHours, p.pay, rate === null ? null : currency],
        ctx.io.stdoutIsTTY,
      );
    ctx.io.stdout.write(out);
    return;
  }
  const { loadPaint } = await import("../../render/style");
  const c = await loadPaint(ctx.io.color);
  const lines = lineNames(team);
  const paint = { paintHead: (t: string) => c.cyan(t), paintBorder: (t: string) => c.gray(t) };
  let out = `${c.bold(`On-call hours, ${flags.month}`)}${c.dim(`  (${kind}: ${team.zone.label(period.from)} – ${team.zone.label(period.to)})`)}\n`;
  out += `${renderTable(
    doc.rows.map((r) => [
      r.name,
      lines.get(r.line) ?? r.line,
      r.shiftHours.toFixed(2),
      r.outOfHoursHours.toFixed(2),
    ]),
    { head: ["Person", "Line", "On call (h)", "Out of hours (h)"], right: [2, 3], ...paint },
  )}\n`;
  out += `${c.bold("Per person")}${c.dim("  (time on two lines at once counted once)")}\n`;
  out += `${renderTable(
    doc.people.map((p) => [
      p.name,
      p.shiftHours.toFixed(2),
      p.outOfHoursHours.toFixed(2),
      p.pay === null ? "" : `${currency}${SYMBOLS.includes(currency) ? "" : " "}${p.pay.toFixed(2)}`,
    ]),
    {
      head: [
        "Person",
        "On call (h)",
        "Out of hours (h)",
        rate === null ? "Pay (--rate)" : `Pay at ${money(rate)}/h`,
      ],
      right: [1, 2, 3],
      ...paint,
    },
  )}\n`;
  ctx.io.stdout.write(out);
}

const SYMBOLS = ["£", "$", "€"];

/** `--currency`: an ISO 4217 code (gbp is GBP) or one of the symbols; a word would print as a code. */
function currencyArg(text: string): string {
  if (SYMBOLS.includes(text)) return text;
  const code = text.toUpperCase();
  if (/^[A-Z]{3}$/.test(code) && Intl.supportedValuesOf("currency").includes(code)) return code;
  throw usageError(
    `--currency ${text}: expected a 3-letter ISO 4217 code or a symbol`,
    `for example --currency GBP, EUR, USD, £, $ or €`,
  );
}

/** Money as it is written: two decimals (2.50), more only when the rate has them (2.125). */
function money(amount: number): string {
  return Number.isInteger(Math.round(amount * 1e6) / 1e4) ? amount.toFixed(2) : String(amount);
}

export const command = defineCommand({
  name: "rota hours",
  args: [],
  flags: [
    { long: "month", value: "YYYY-MM", description: "the month whose pay period to count" },
    { long: "rate", value: "amount", description: "pay per out-of-hours hour" },
    { long: "currency", value: "code", description: "currency of --rate (default GBP)" },
  ],
  formats: FORMATS,
  options: commandOptions({
    month: z.optional(z.string()),
    rate: z.optional(z.string()),
    currency: z.optional(z.string()),
  }),
  examples: [
    "oncall rota hours --month 2026-11",
    "oncall rota hours --month 2026-11 --rate 2.50 --format csv",
  ],
  run: rotaHours,
});
