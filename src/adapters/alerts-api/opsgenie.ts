import { OncallError } from "../../errors";
import type { OpsgenieClient } from "../opsgenie";
import { type FetchPage, PAGE_SIZE, type RawAlert } from "./paging";

/** Refused credentials when pulling: a key that reads alerts, not the Default API integration's. */
export const PULL_KEY_HINT =
  "use an API integration key with read access (Opsgenie: Settings → Integrations → API, or your team's Integrations; see docs/pulling.md)";

/** Opsgenie's list (GET /v2/alerts): `{data: [...], paging, took, requestId}`. */
export function opsgeniePages(client: OpsgenieClient, requestMs: number): FetchPage {
  return async (query, offset) => {
    const params = new URLSearchParams({
      query,
      offset: String(offset),
      limit: String(PAGE_SIZE),
      sort: "createdAt",
      order: "asc",
    });
    const json = await client.getJson(
      `/v2/alerts?${params}`,
      `the alert list at offset ${offset}`,
      requestMs,
    );
    return listOf(json, "data", "Opsgenie", offset);
  };
}

/** The alerts of a list answer under `key`, or an error saying the answer is not a list. */
export function listOf(json: unknown, key: string, service: string, offset: number): RawAlert[] {
  const list = (json as Record<string, unknown> | null)?.[key];
  if (!Array.isArray(list) || list.some((a) => typeof a !== "object" || a === null || Array.isArray(a)))
    throw new OncallError(
      "unavailable",
      `${service} answered the alert list at offset ${offset} without a "${key}" list of alerts`,
      "try again later; if it persists, check ONCALL_OPSGENIE_URL and the provider in the team config",
    );
  return list as RawAlert[];
}
