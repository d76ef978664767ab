import { dateOfDay, weekdayOfDay } from "./calendar";

const MINUTE = 60_000;
const DAY = 86_400_000;
/** Offsets are cached per quarter hour of UTC: every zone in use changes offset on such a boundary. */
const BUCKET = 15 * MINUTE;
/**
 * Quarter hours kept in one array (~43 days, 32 KB): the offset is read from an array, not hashed
 * into a Map, on each of the several calls a million-row run makes per alert.
 */
const CHUNK = 4096;

export interface LocalParts {
  /** days since 1970-01-01 in local time */
  day: number;
  /** YYYY-MM-DD */
  date: string;
  /** 1 = Monday … 7 = Sunday */
  weekday: number;
  /** minutes since local midnight, 0–1439 */
  minuteOfDay: number;
}

const WEEKDAY_NAMES = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** Minutes east of UTC in force at an instant. */
export type OffsetSource = (ms: number) => number;

let canonicalZones: Set<string> | undefined;

/**
 * Whether a name is an IANA time zone: the canonical list first (cheap), then Intl itself for
 * aliases such as UTC (the first Intl time-zone lookup costs ~20 ms of ICU start-up).
 */
export function isValidTimeZone(name: string): boolean {
  canonicalZones ??= new Set(Intl.supportedValuesOf("timeZone"));
  if (canonicalZones.has(name)) return true;
  try {
    new Intl.DateTimeFormat("en-GB", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/**
 * Local time in one IANA zone, fast enough for a million alerts: the offset source is asked once
 * per quarter hour, and calendar fields come from plain arithmetic.
 */
export class Zone {
  private readonly offsetAt: OffsetSource;
  /** offsets by quarter hour, NaN where not yet asked, in CHUNK-long runs by their first quarter hour */
  private readonly offsets = new Map<number, Float64Array>();
  private chunk = Number.NaN;
  private chunkOffsets: Float64Array = new Float64Array(0);
  private readonly dates = new Map<number, string>();
  private thisYear: string | undefined;

  /**
   * @param offsets where offsets come from: luxonOffsets(name), or the runtime's faster source
   * @param now the clock's instant: labels of dates in another (local) year name that year
   */
  constructor(
    readonly name: string,
    offsets: OffsetSource,
    private readonly now?: number,
  ) {
    this.offsetAt = offsets;
  }

  /** offset from UTC in minutes at an instant */
  offsetMinutes(ms: number): number {
    const bucket = Math.floor(ms / BUCKET);
    const chunk = Math.floor(bucket / CHUNK);
    if (chunk !== this.chunk) {
      let offsets = this.offsets.get(chunk);
      if (offsets === undefined) {
        offsets = new Float64Array(CHUNK).fill(Number.NaN);
        this.offsets.set(chunk, offsets);
      }
      this.chunk = chunk;
      this.chunkOffsets = offsets;
    }
    const i = bucket - chunk * CHUNK;
    let off = this.chunkOffsets[i]!;
    if (Number.isNaN(off)) {
      off = this.offsetAt(bucket * BUCKET);
      this.chunkOffsets[i] = off;
    }
    return off;
  }

  /** local milliseconds since 1970-01-01 00:00 local */
  local(ms: number): number {
    return ms + this.offsetMinutes(ms) * MINUTE;
  }

  /** minutes since local midnight, without allocating */
  minuteOfDay(ms: number): number {
    const local = this.local(ms);
    return Math.floor((local - Math.floor(local / DAY) * DAY) / MINUTE);
  }

  parts(ms: number): LocalParts {
    const local = ms + this.offsetMinutes(ms) * MINUTE;
    const day = Math.floor(local / DAY);
    return {
      day,
      date: this.dateOfDay(day),
      weekday: weekdayOfDay(day),
      minuteOfDay: Math.floor((local - day * DAY) / MINUTE),
    };
  }

  /** local YYYY-MM-DD of an instant */
  dateOf(ms: number): string {
    return this.parts(ms).date;
  }

  dateOfDay(day: number): string {
    let s = this.dates.get(day);
    if (s === undefined) {
      s = dateOfDay(day);
      this.dates.set(day, s);
    }
    return s;
  }

  /** "HH:MM" local */
  hhmm(ms: number): string {
    const m = this.parts(ms).minuteOfDay;
    return `${pad2(Math.floor(m / 60))}:${pad2(m % 60)}`;
  }

  /**
   * "Tue 3 Nov 11:02" local; "Wed 6 Jan 2027 10:00" when the date is not in the year of `now`
   * (given to the constructor): a date without a year is read as this year's.
   * Joined, not concatenated: one flat string, as it may be kept.
   */
  label(ms: number): string {
    const p = this.parts(ms);
    const m = p.minuteOfDay % 60;
    if (this.now !== undefined) this.thisYear ??= this.dateOf(this.now).slice(0, 4);
    const year = p.date.slice(0, 4);
    return [
      WEEKDAY_NAMES[p.weekday - 1],
      " ",
      Number(p.date.slice(8, 10)),
      " ",
      MONTH_NAMES[Number(p.date.slice(5, 7)) - 1],
      this.thisYear === undefined || year === this.thisYear ? "" : ` ${year}`,
      " ",
      pad2(Math.floor(p.minuteOfDay / 60)),
      ":",
      pad2(m),
    ].join("");
  }

  /**
   * The instant of a local date and time. In the repeated hour of the autumn change this is the
   * first (summer-time) occurrence; a time skipped in spring moves forward by the gap.
   */
  instant(date: string, minuteOfDay = 0): number {
    const [y, mo, d] = date.split("-").map(Number) as [number, number, number];
    const naive = Date.UTC(y, mo - 1, d) + minuteOfDay * MINUTE;
    // Try the offsets in force an hour either side; keep the earliest instant that reads back as the
    // wanted local time (first occurrence). None reads back inside a spring gap: shift forward.
    const candidates = new Set([
      this.offsetMinutes(naive - 3 * 3_600_000),
      this.offsetMinutes(naive + 3 * 3_600_000),
    ]);
    let best: number | undefined;
    for (const off of candidates) {
      const ms = naive - off * MINUTE;
      if (ms + this.offsetMinutes(ms) * MINUTE === naive && (best === undefined || ms < best)) best = ms;
    }
    if (best !== undefined) return best;
    const before = Math.min(...candidates);
    return naive - before * MINUTE;
  }
}

export function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/**
 * ISO-8601 UTC with milliseconds. Date#toISOString makes one flat string; building it from parts
 * would make a tree of concatenations that costs seven times the memory per instant.
 */
export function isoUtc(ms: number): string {
  // Date#toISOString costs ~2 µs here, the most of any one call in a million-row run: the day's
  // part is taken from it once per day, the time's from tables, and Array#join keeps it flat.
  if (!(ms >= 0 && ms < YEAR_10000 && Number.isInteger(ms))) return new Date(ms).toISOString();
  const d = Math.floor(ms / DAY_MS);
  if (d !== isoDay) {
    isoDay = d;
    isoPrefix = new Date(d * DAY_MS).toISOString().slice(0, 11);
  }
  let r = ms - d * DAY_MS;
  const h = Math.floor(r / 3_600_000);
  r -= h * 3_600_000;
  const m = Math.floor(r / 60_000);
  r -= m * 60_000;
  const sec = Math.floor(r / 1000);
  return [isoPrefix, TWO[h], ":", TWO[m], ":", TWO[sec], ".", THREE[r - sec * 1000], "Z"].join("");
}

const DAY_MS = 86_400_000;
/** From here on toISOString writes a six-digit year (+010000-…) */
const YEAR_10000 = 253_402_300_800_000;
const TWO = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, "0"));
const THREE = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, "0"));
let isoDay = Number.NaN;
let isoPrefix = "";

/** "HH:MM" → minutes since midnight */
export function parseHHMM(s: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(s);
  if (!m) throw new RangeError(`not a time HH:MM: "${s}"`);
  return Number(m[1]) * 60 + Number(m[2]);
}
