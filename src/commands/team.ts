import { formatProblem, loadConfig, pathLabel } from "../adapters/config";
import type { TeamConfig } from "../adapters/config-schema";
import { loadHolidays } from "../adapters/holidays";
import { PeopleIndex, type Person } from "../core/people";
import { Rota } from "../core/rota";
import { invertedOverrides, overlapWarnings, type RotaProblem } from "../core/rota-check";
import { SupportCalendar } from "../core/support-hours";
import { Zone } from "../core/zone";
import { configError, OncallError, usageError } from "../errors";
import type { IO } from "../runtime/io";
import { processOffsets } from "../runtime/tz";

/** Overlapping pairs of overrides every command warns of before counting the rest. */
const OVERLAPS_LISTED = 3;

/** The team config with what every command derives from it: zone, people, rota. */
export interface Team {
  config: TeamConfig;
  filepath: string | null;
  zone: Zone;
  peopleList: Person[];
  people: PeopleIndex;
  rota: Rota;
  /** support hours with the holidays of these years loaded */
  calendar(years: Iterable<number>): Promise<SupportCalendar>;
}

/** `now`: the clock, so that dates shown in another year name it */
export function loadTeam(io: IO, configPath: string | undefined, now: number): Team {
  const { config, filepath, lineOf } = loadConfig(io.cwd, io.env, configPath);
  const zone = new Zone(config.timezone, processOffsets(config.timezone), now);
  const peopleList: Person[] = config.people.map((p) => ({
    id: p.id,
    name: p.name,
    email: p.email ?? null,
    opsgenie: p.opsgenie ?? p.email ?? null,
    pagerduty: p.pagerduty ?? null,
    jsm: p.jsm ?? null,
    phone: p.phone ?? null,
    sleepHours: p.sleepHours ?? null,
  }));
  // Without a rota section: the default handover and no lines (so --week still has weeks).
  const rota = new Rota(
    config.rota ?? { handover: { day: "wed", time: "10:00" }, lines: [], overrides: [] },
    zone,
  );
  if (config.rota && filepath !== null) {
    const where = (p: RotaProblem) =>
      formatProblem(filepath, { ...p, line: lineOf(p.path), path: pathLabel(p.path) });
    // The rota would pass over an override that ends before it starts: the swap would be lost.
    const inverted = invertedOverrides(config.rota, zone);
    if (inverted.length > 0) {
      const n = inverted.length - 1;
      throw configError(
        `${where(inverted[0]!)}${n > 0 ? ` (and ${n} more: oncall rota check lists them all)` : ""}`,
        "swap from and to, or fix the dates",
      );
    }
    const listed = overlapWarnings(rota, OVERLAPS_LISTED, ": oncall rota check lists more");
    for (const w of listed) io.stderr.write(`warning: ${where(w)}\n`);
  }
  return {
    config,
    filepath,
    zone,
    peopleList,
    people: new PeopleIndex(peopleList),
    rota,
    async calendar(years) {
      const all = new Set<number>();
      for (const y of years) all.add(y).add(y + 1);
      const holidays = await loadHolidays(
        config.supportHours.holidays,
        config.supportHours.extraHolidays,
        all,
      );
      return new SupportCalendar(zone, config.supportHours, holidays);
    },
  };
}

/** What a command that needs the team's people or rota says when no team config was found. */
export function noTeamConfig(so: string) {
  return configError(`no team config found, so ${so}`, "run oncall config init, or pass --config PATH");
}

/** Who "me" is: ONCALL_ME, else the personal setting `me` (oncall config set me ID). */
export async function whoAmI(io: IO): Promise<string> {
  return (await whoAmIFrom(io)).id;
}

/** Who "me" is and which setting says so, for errors that must name where to fix it. */
async function whoAmIFrom(io: IO): Promise<{ id: string; env: boolean; file: string }> {
  if (io.env.ONCALL_ME) return { id: io.env.ONCALL_ME, env: true, file: "" };
  const { openSettings } = await import("../adapters/settings");
  const store = await openSettings(io.env);
  const me = store.get("me");
  if (typeof me === "string" && me !== "") return { id: me, env: false, file: store.path };
  throw usageError(
    "who you are is not set",
    "run: oncall config set me YOUR-ID (or set ONCALL_ME, or pass --person ID)",
  );
}

/**
 * Who "me" is as a person id, for commands that can do without it (escalate's sender): null when
 * unset; when it names nobody in the config, null and a warning naming where to fix it.
 */
export async function meOrWarn(team: Team, io: IO): Promise<string | null> {
  try {
    await whoAmIFrom(io);
  } catch {
    return null; // not set, or the settings cannot be read (settingsOrWarn has said so)
  }
  try {
    return await personArg(team, io, "me");
  } catch (e) {
    if (!(e instanceof OncallError)) throw e;
    io.stderr.write(`warning: ${e.message}; going on without saying who you are — ${e.hint}\n`);
    return null;
  }
}

/** A person named on the command line (id, opsgenie username or email; `me`), as a person id. */
export async function personArg(team: Team, io: IO, text: string, flag = "--person"): Promise<string> {
  const me = text === "me" ? await whoAmIFrom(io) : null;
  const p = team.people.byUsername(me?.id ?? text);
  if (p) return p.id;
  const ids = team.peopleList.map((x) => x.id).join(", ") || "(none)";
  // A wrong `me` is fixed where it was set, not on the command line.
  if (me?.env)
    throw usageError(`ONCALL_ME=${me.id}: no such person in the config`, `set ONCALL_ME to one of: ${ids}`);
  if (me)
    throw configError(
      `me = ${me.id} (personal setting in ${me.file}): no such person in the config`,
      `run: oncall config set me <id> (people: ${ids})`,
    );
  throw usageError(`${flag} ${text}: no such person in the config`, `people: ${ids}`);
}
