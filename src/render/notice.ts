import type { NoticeResult } from "../core/notice";
import type { Zone } from "../core/zone";
import { escapeLines } from "./escape";

/** `toil notice --json` (SPEC §9). */
export interface NoticeDoc extends NoticeResult {
  schemaVersion: 1;
}

/** The message to paste, then the advice; or why there is none. Escaped: alert messages are the log's. */
export function noticeText(r: NoticeResult, zone: Zone): string {
  const morning = zone.label(zone.instant(r.date, 12 * 60)).replace(/ 12:00$/, "");
  if (r.dayOff !== null) {
    const why =
      r.dayOff.why === "weekend"
        ? "not a support day"
        : `a holiday${r.dayOff.name === null ? "" : ` (${r.dayOff.name})`}`;
    return escapeLines(`${morning} is ${why}: no support hours to start late, so no notice is needed.\n`);
  }
  if (r.message === null) {
    return escapeLines(
      `Nothing to report: no out-of-hours alerts for ${r.person} from ${zone.label(Date.parse(r.from))} to ${zone.label(Date.parse(r.to))}.\n`,
    );
  }
  return escapeLines(`${r.message}\n${r.restAdvice === null ? "" : `\n${r.restAdvice.text}\n`}`);
}
