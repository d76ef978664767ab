/**
 * The review's words: a window as it is asked about, an in-hours overrun shown for information,
 * why a kind was guessed, and the closing summary. Text from logs and the config is escaped here.
 */
import type { ReviewInfo, ReviewOutcome, ReviewWindow } from "../app/review";
import { formatHours } from "../core/duration";
import type { Kind, KindSource } from "../core/toil";
import type { Zone } from "../core/zone";
import { escapeLines, escapeText } from "./escape";

export function windowText(w: ReviewWindow, zone: Zone): string {
  const lines = [`\n${zone.label(w.start)}–${zone.hhmm(w.end)}${w.answered ? " (answered before)" : ""}`];
  for (const a of w.alerts)
    lines.push(`  ${escapeText(a.tinyId ?? a.id)}  ${zone.hhmm(a.createdAt)}  ${escapeText(a.message)}`);
  const guess = w.declined !== null ? `declined: ${escapeText(w.declined)}` : `${w.kind}: ${w.because}`;
  lines.push(`  ${w.answered ? "Now" : "Guess"}: ${guess}`);
  return `${lines.join("\n")}\n`;
}

export function infoLine(i: ReviewInfo, zone: Zone): string {
  const a = i.alert;
  return `For information, not asked: ${escapeText(a.tinyId ?? a.id)} at ${zone.label(a.createdAt)} (${escapeText(a.message)}) came in support hours and its work ran to ${zone.hhmm(i.workedUntil)}, past their end: it earns nothing under the policy\n`;
}

/** The last lines: what the answers come to. */
export function summaryText(o: ReviewOutcome, who: string, scope: string): string {
  const r = o.round;
  const head =
    o.asked > 0
      ? `Reviewed ${o.asked} window${o.asked === 1 ? "" : "s"}.`
      : r.windows.length === 0
        ? `Nothing to review: ${who} has no out-of-hours windows in the period ${scope}.`
        : `Nothing to review: ${who}'s out-of-hours windows in the period ${scope} are all answered (--all revisits them).`;
  const declined = r.declined > 0 ? `; ${r.declined} declined` : "";
  // the person's id and the period's label come from the config and the command line
  return escapeLines(
    `${head}\nClaims now for ${who} in the period ${scope}: ${r.claims} claim${r.claims === 1 ? "" : "s"}, ${Number(r.days.toFixed(4))} day${r.days === 1 ? "" : "s"} (${formatHours(r.hours)})${declined}.\n`,
  );
}

/** Why the rules supposed a window's kind, in the person's terms. */
export function becauseText(
  w: { start: number; kind: Kind; kindSource: KindSource },
  upUntil: number | null,
  sleep: { start: string; end: string },
  zone: Zone,
): string {
  switch (w.kindSource) {
    case "sleep-hours":
      return `${zone.hhmm(w.start)} is ${w.kind === "woken" ? "within" : "outside"} your sleep hours (${sleep.start}–${sleep.end})`;
    case "recently-awake":
      return upUntil === null
        ? "you were still up from an earlier call-out"
        : `you were up until ${zone.hhmm(upUntil)} from an earlier call-out`;
    case "tag":
      return `the alert is tagged ${w.kind === "woken" ? "sleepinghours" : "wakinghours"}`;
    case "review":
      return "as you answered";
    case "mark":
      return "as marked (a flag, or the log's woken column)";
  }
}
