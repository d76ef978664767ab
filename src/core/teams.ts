/**
 * Opsgenie team ids are UUIDs (`8418d193-2dab-4490-b331-8c02cdd196b7`); any other entry of
 * `toil.teams` is a team name. A team named like a UUID would be taken for an id.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isTeamId(entry: string): boolean {
  return UUID.test(entry.trim());
}

/**
 * Why `toil.teams` can match no alert of a log whose team values are all names or all ids, or
 * null. A filter that lists both kinds serves both kinds of log, so only a filter made wholly of
 * the other kind is refused.
 */
export function teamFilterMismatch(
  teams: readonly string[],
  logTeams: "names" | "ids" | undefined,
): { kind: "names-over-ids" | "ids-over-names"; entries: string[] } | null {
  if (teams.length === 0 || logTeams === undefined) return null;
  const ids = teams.filter(isTeamId);
  if (logTeams === "ids" && ids.length === 0) return { kind: "names-over-ids", entries: [...teams] };
  if (logTeams === "names" && ids.length === teams.length) return { kind: "ids-over-names", entries: ids };
  return null;
}
