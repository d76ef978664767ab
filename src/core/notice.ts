/**
 * The morning after (SPEC §9 `toil notice`): what happened between the end of support hours on
 * the day before and their start this morning, as a message to paste into Slack, and the policy's
 * advice to ask for a rest when the night was disrupted and the person is on call again tonight.
 * Pure: the claims come from the TOIL pipeline, the rota and contacts from the command.
 */
import { addDays } from "./calendar";
import type { Claim } from "./toil";
import type { Zone } from "./zone";

const MINUTE = 60_000;
/** The policy's disrupted night: woken more than once, or working past this local time. */
const LATE_WORK_MINUTE = 4 * 60;

export interface NoticeWindow {
  claim: string;
  start: string;
  end: string;
  kind: Claim["kind"];
  kindSource: Claim["kindSource"];
  /** when the work ended, when known */
  workedUntil: string | null;
  alerts: { id: string; tinyId: string | null; createdAt: string; message: string }[];
}

export interface RestContact {
  id: string;
  person: string;
  name: string;
  title: string;
  phone: string | null;
}

export interface RestAdvice {
  reason: "woken-twice" | "late-work";
  text: string;
  contacts: RestContact[];
}

export interface NoticeResult {
  date: string;
  person: string;
  name: string;
  /** why the morning has no support hours for the person, or null on a support day */
  dayOff: { why: "weekend" | "holiday"; name: string | null } | null;
  from: string;
  to: string;
  windows: NoticeWindow[];
  /** the message to paste, or null when there is nothing to report */
  message: string | null;
  restAdvice: RestAdvice | null;
}

export interface NoticeInput {
  date: string;
  person: { id: string; name: string };
  /** the person's claims, any nights */
  claims: readonly Claim[];
  zone: Zone;
  /** support hours' start and end, minutes of the day */
  supportStart: number;
  supportEnd: number;
  dayOff: NoticeResult["dayOff"];
  onCallTonight: boolean;
  /** head-of-ops and technical-director, as far as the config has them */
  contacts: readonly RestContact[];
}

/** The night before the morning of `date`: from the end of support hours the day before to their start. */
export function nightBefore(date: string, zone: Zone, supportStart: number, supportEnd: number) {
  return { from: zone.instant(addDays(date, -1), supportEnd), to: zone.instant(date, supportStart) };
}

export function morningNotice(input: NoticeInput): NoticeResult {
  const { zone, date } = input;
  const { from, to } = nightBefore(date, zone, input.supportStart, input.supportEnd);
  const base = {
    date,
    person: input.person.id,
    name: input.person.name,
    dayOff: input.dayOff,
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
  };
  if (input.dayOff !== null) return { ...base, windows: [], message: null, restAdvice: null };
  const windows: NoticeWindow[] = input.claims
    .filter((c) => {
      const s = Date.parse(c.start);
      return s >= from && s < to;
    })
    .sort((a, b) => Date.parse(a.start) - Date.parse(b.start))
    .map((c) => ({
      claim: c.id,
      start: c.start,
      end: c.end,
      kind: c.kind,
      kindSource: c.kindSource,
      workedUntil:
        c.workedMinutes === null
          ? null
          : new Date(Date.parse(c.start) + c.workedMinutes * MINUTE).toISOString(),
      alerts: c.alerts.map((a) => ({
        id: a.id,
        tinyId: a.tinyId,
        createdAt: a.createdAt,
        message: a.message,
      })),
    }));
  if (windows.length === 0) return { ...base, windows, message: null, restAdvice: null };

  const woken = windows.filter((w) => w.kind === "woken");
  const late = zone.instant(date, LATE_WORK_MINUTE);
  const workedLate = windows.some((w) => w.workedUntil !== null && Date.parse(w.workedUntil) > late);
  const hhmm = (iso: string) => zone.hhmm(Date.parse(iso));
  const alertsOf = (w: NoticeWindow) => {
    const names = w.alerts.map((a) => `${a.tinyId ?? a.id} (${a.message})`);
    return `alert${names.length === 1 ? "" : "s"} ${names.join(" and ")}`;
  };
  const parts = windows.map((w, i) => {
    const what =
      w.kind === "woken"
        ? `${i === 0 ? "I was woken" : woken.indexOf(w) > 0 ? "woken again" : "woken"} at ${hhmm(w.start)} by ${alertsOf(w)}`
        : `${i === 0 ? "I worked on" : "worked on"} ${alertsOf(w)} at ${hhmm(w.start)}`;
    return w.workedUntil === null ? what : `${what} and worked until ${hhmm(w.workedUntil)}`;
  });
  const later = woken.length > 0 || workedLate ? ", so I'll start later than usual today" : "";
  const message = `Morning — last night ${parts.join("; then ")}${later}.`;

  let restAdvice: RestAdvice | null = null;
  if (input.onCallTonight && (woken.length >= 2 || workedLate)) {
    const who = input.contacts.map((c) => `${c.name} (${c.title}${c.phone === null ? "" : `, ${c.phone}`})`);
    restAdvice = {
      reason: woken.length >= 2 ? "woken-twice" : "late-work",
      text: `After a disrupted night you can ask for a rest from being on call tonight: talk to ${who.length > 0 ? who.join(" or ") : "the Head of Technical Operations or the Technical Director"}, who will find a replacement for tonight.`,
      contacts: [...input.contacts],
    };
  }
  return { ...base, windows, message, restAdvice };
}
