import type { Skipped } from "../core/alert";
import { formatHours } from "../core/duration";
import type { Claim, ClaimAlert, ToilResult } from "../core/toil";
import type { Zone } from "../core/zone";
import { breatheNote } from "./breathe-note";
import { computed, csvRow } from "./csv";
import { jsonString } from "./escape";
import { compactJson, jsonPieces } from "./json";

export const TOIL_CSV_HEADER = [
  "id",
  "person",
  "name",
  "date",
  "start",
  "end",
  "kind",
  "kind_source",
  "alerts",
  "worked_minutes",
  "worked_source",
  "extra_minutes",
  "base_days",
  "extra_days",
  "days",
  "hours",
  "reason",
];

/** The --json document of SPEC §5, in pieces (claims and skipped one by one). */
export function toilJsonPieces(result: ToilResult, pretty: boolean): Iterable<string> {
  return jsonPieces({ schemaVersion: 1, ...result }, pretty, { claims: claimJson, skipped: skippedJson });
}

/*
 * The two elements there are one of for each alert, written as text field by field: what their
 * toJSON gives, in its order (test/unit/json-writers.test.ts holds them to JSON.stringify's text).
 */

const nullable = (s: string | null) => (s === null ? "null" : jsonString(s));

/**
 * jsonString of text that repeats from alert to alert (a check's message, a priority): each one
 * looked at once. A reader shares such strings, so the lookup finds the hash V8 keeps on them.
 */
const shared = new Map<string, string>();
function sharedJson(s: string | null): string {
  if (s === null) return "null";
  let j = shared.get(s);
  if (j === undefined) {
    j = jsonString(s);
    if (shared.size < 10_000) shared.set(s, j);
  }
  return j;
}

// createdAt is an ISO instant and via one of a few words, neither with anything to escape.
function claimAlertJson(a: ClaimAlert): string {
  return `{"id":${jsonString(a.id)},"tinyId":${nullable(a.tinyId)},"createdAt":"${a.createdAt}","message":${sharedJson(a.message)},"priority":${sharedJson(a.priority)},"via":"${a.via}","escalated":${a.escalated}}`;
}

function claimAlertsJson(alerts: readonly ClaimAlert[]): string {
  let s = "[";
  for (let i = 0; i < alerts.length; i++) s += `${i === 0 ? "" : ","}${claimAlertJson(alerts[i]!)}`;
  return `${s}]`;
}

const CLAIM_FIELDS = { alerts: claimAlertsJson };

export function claimJson(c: Claim): string {
  return compactJson(c, CLAIM_FIELDS)!;
}

export function skippedJson(s: Skipped): string {
  return `{"alert":${jsonString(s.alert)},"id":${jsonString(s.id)},"reason":"${s.reason}","detail":${jsonString(s.detail)}}`;
}

export function toilJson(result: ToilResult, pretty = true): string {
  return [...toilJsonPieces(result, pretty)].join("");
}

/**
 * One row per claim, every number of the claim; alerts as tiny ids (or ids) separated by ";".
 * `terminal`: stdout is a terminal, so outside text is shown escaped (see csvRow). Row by row,
 * never one string: a big export is more than a string can hold (SPEC §8).
 */
export function* toilCsvPieces(result: ToilResult, terminal = false): Generator<string> {
  yield csvRow(TOIL_CSV_HEADER);
  for (const c of result.claims) {
    yield csvRow(
      [
        c.id,
        c.person,
        c.name,
        c.date,
        c.start,
        c.end,
        c.kind,
        c.kindSource,
        c.alerts.map((a) => a.tinyId ?? a.id).join(";"),
        c.workedMinutes,
        c.workedSource,
        c.extraMinutes,
        c.baseDays,
        c.extraDays,
        c.days,
        c.hours,
        c.reason,
      ],
      terminal,
    );
  }
}

/**
 * BreatheHR's Log TOIL form, one row per claim (SPEC §5), its notes the claim's evidence (SPEC §9,
 * render/breathe-note): nothing else on stdout. Row by row.
 */
export function* toilBreathePieces(
  result: ToilResult,
  emails: ReadonlyMap<string, string | null>,
  zone: Zone,
  terminal = false,
): Generator<string> {
  yield csvRow(["Name", "Email", "Date", "Days", "Hours", "Notes"]);
  for (const c of result.claims) {
    yield csvRow(
      [
        c.name,
        emails.get(c.person) ?? "",
        c.date,
        c.days,
        computed(formatHours(c.hours)),
        breatheNote(c, zone),
      ],
      terminal,
    );
  }
}
