import { checkDateTime } from "../../core/period";
import type { Shift } from "../../core/rota";
import type { Zone } from "../../core/zone";
import { isoUtc } from "../../core/zone";
import { configError } from "../../errors";
import type { ContactView, ShiftView } from "../../render/rota";
import { noTeamConfig, type Team } from "../team";

export function shiftView(team: Team, s: Shift): ShiftView {
  return {
    line: s.line,
    person: s.person,
    name: s.person === null ? null : (team.people.get(s.person)?.name ?? s.person),
    start: isoUtc(s.start),
    end: isoUtc(s.end),
    override: s.override,
    reason: s.reason,
  };
}

export function contactsOf(team: Team): ContactView[] {
  return Object.entries(team.config.escalation.contacts).map(([id, c]) => {
    const p = team.people.get(c.person);
    return { id, person: c.person, name: p?.name ?? c.person, title: c.title, phone: p?.phone ?? null };
  });
}

export function lineNames(team: Team): Map<string, string> {
  return new Map(team.rota.lines.map((l) => [l.id, l.name ?? l.id]));
}

/** `--at`, `--from`: an ISO date or date-time, local unless it carries an offset (SPEC §1). */
export function timeArg(text: string, zone: Zone, flag: string): number {
  return checkDateTime(text, zone, flag);
}

export function requireRota(team: Team): void {
  if (team.filepath === null) throw noTeamConfig("there is no rota");
  if (team.rota.lines.length === 0)
    throw configError(`${team.filepath} has no rota lines`, "add rota.lines (see docs/rota.md)");
}

export { positiveInt } from "../numbers";
