import type { Via } from "../core/attribution";
import type { Claim } from "../core/toil";
import type { Zone } from "../core/zone";

/** How a person came to be credited, as a manager reads it. */
const LINE: Record<Via, string> = {
  "first-line": "first line",
  "second-line": "second line (escalated)",
  acknowledger: "acknowledged it",
  owner: "owned it",
  "escalation-target": "paged as escalation contact",
  manual: "callout with no alert",
};

/** Alerts named in a note, at most: BreatheHR's notes field is one line a person reads. */
const ALERTS_NAMED = 5;

/**
 * The evidence for a claim in one line, for BreatheHR's notes (SPEC §9): the claim id first (toil
 * check finds it there), the alerts with their local times, the line or role, the holiday that
 * made it out of hours, and how each answer is known — what the person confirmed or reported,
 * what the log says, and what the tool assumed.
 */
export function breatheNote(claim: Claim, zone: Zone): string {
  const parts = [
    claim.id,
    `${alertsPart(claim, zone)}, ${LINE[claim.alerts[0]!.via] ?? claim.alerts[0]!.via}`,
  ];
  if (claim.holiday !== undefined) parts.push(`on ${claim.holiday}`);
  parts.push(`${claim.kind} (${kindEvidence(claim, zone)})`);
  parts.push(workedPart(claim, zone));
  return parts.join(" · ");
}

function alertsPart(claim: Claim, zone: Zone): string {
  const named = claim.alerts
    .slice(0, ALERTS_NAMED)
    .map((a) => `${a.tinyId ?? a.id} ${zone.hhmm(Date.parse(a.createdAt))}`);
  const more = claim.alerts.length - named.length;
  const list =
    more > 0
      ? `${named.join(", ")} and ${more} more`
      : named.length > 1
        ? `${named.slice(0, -1).join(", ")} and ${named[named.length - 1]}`
        : named[0]!;
  return `alert${claim.alerts.length > 1 ? "s" : ""} ${list}`;
}

function kindEvidence(claim: Claim, zone: Zone): string {
  switch (claim.kindSource) {
    case "mark":
      return claim.kindFromLog ? "from the log" : "confirmed by employee";
    case "review":
      return "confirmed by employee";
    case "recently-awake":
      return "assumed: already up from an earlier call-out";
    case "tag":
      return "from the log's tag";
    case "sleep-hours":
      return `assumed: ${zone.hhmm(Date.parse(claim.start))} is ${claim.kind === "woken" ? "within" : "outside"} sleep hours`;
  }
}

function workedPart(claim: Claim, zone: Zone): string {
  const closes = claim.alerts.map((a) => a.closedAt ?? null).filter((t): t is number => t !== null);
  const closed = closes.length > 0 ? zone.hhmm(Math.max(...closes)) : null;
  const closedWords = closed === null ? "" : `alert${claim.alerts.length > 1 ? "s" : ""} closed ${closed}`;
  if (claim.workedMinutes === null)
    return closed === null ? "time worked not given" : `time worked not given (${closedWords})`;
  const until = zone.hhmm(Date.parse(claim.start) + claim.workedMinutes * 60_000);
  const how =
    claim.workedSource === "flag" || claim.workedSource === "review"
      ? "self-reported"
      : claim.workedSource === "log-column"
        ? "from the log"
        : "taken from the last close in the log";
  return `worked to ${until} (${how}${closed === null || claim.workedSource === "inferred" ? "" : `; ${closedWords}`})`;
}
