import type { buildAlertBody } from "../core/escalation";

interface Responder {
  person: string;
  name: string;
  username: string;
}

/** `escalate --dry-run`: the request that would be sent, the key never in it. */
export interface EscalatePlan {
  schemaVersion: 1;
  dryRun: true;
  request: {
    method: "POST";
    url: string;
    headers: { Authorization: string; "Content-Type": string };
    body: ReturnType<typeof buildAlertBody>;
  };
  responder: Responder;
}

/** A page Opsgenie confirmed: a new alert, or the open one it deduplicated into. */
export interface EscalateResult {
  schemaVersion: 1;
  alertId: string;
  requestId: string;
  alias: string;
  responder: Responder;
  deduplicated: boolean;
  url?: string;
}

export function escalatePlanText(plan: EscalatePlan): string {
  const { responder, request } = plan;
  return `Would page ${responder.name} (${responder.username}) — nothing sent (--dry-run):\nPOST ${request.url}\nAuthorization: ${request.headers.Authorization}\n${JSON.stringify(request.body, null, 2)}\n`;
}

export function escalateResultText(doc: EscalateResult): string {
  const { name, username } = doc.responder;
  return doc.deduplicated
    ? `Already paged: ${name} has an open escalation alert for this (alert ${doc.alertId}); Opsgenie did not page again. Pass --again to page anew.\n`
    : `Paged ${name} (${username}) — Opsgenie alert ${doc.alertId}${doc.url ? `\n${doc.url}` : ""}\n`;
}
