import { type Alert, alertLabel, alertSource, mergeAlert, type Skipped } from "./alert";
import type { Attributor } from "./attribution";

/** A 31-bit FNV-1a hash of text[start, end): small enough to be a V8 small integer. */
export function hashRange(text: string, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 1;
}

export function idHash(id: string): number {
  return hashRange(id, 0, id.length);
}

/**
 * A set of (31-bit id hash, 30-bit creation stamp) pairs in an open-addressing table of two
 * Int32Arrays: 8 bytes a slot, no objects, so a million alerts cost 16 MB and no garbage.
 */
export class HashStampSet {
  private hashes: Int32Array;
  private stamps: Int32Array;
  private count = 0;

  constructor(capacity = 1024) {
    this.hashes = new Int32Array(capacity).fill(-1);
    this.stamps = new Int32Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** whether any pair has this hash */
  hasHash(hash: number): boolean {
    const mask = this.hashes.length - 1;
    for (let i = hash & mask; this.hashes[i] !== -1; i = (i + 1) & mask)
      if (this.hashes[i] === hash) return true;
    return false;
  }

  has(hash: number, stamp: number): boolean {
    const mask = this.hashes.length - 1;
    for (let i = hash & mask; this.hashes[i] !== -1; i = (i + 1) & mask) {
      if (this.hashes[i] === hash && this.stamps[i] === stamp) return true;
    }
    return false;
  }

  add(hash: number, stamp: number): void {
    if (this.has(hash, stamp)) return;
    if ((this.count + 1) * 2 > this.hashes.length) this.grow();
    this.put(hash, stamp);
    this.count++;
  }

  private put(hash: number, stamp: number): void {
    const mask = this.hashes.length - 1;
    let i = hash & mask;
    while (this.hashes[i] !== -1) i = (i + 1) & mask;
    this.hashes[i] = hash;
    this.stamps[i] = stamp;
  }

  private grow(): void {
    const hashes = this.hashes;
    const stamps = this.stamps;
    this.hashes = new Int32Array(hashes.length * 2).fill(-1);
    this.stamps = new Int32Array(hashes.length * 2);
    for (let i = 0; i < hashes.length; i++) if (hashes[i] !== -1) this.put(hashes[i]!, stamps[i]!);
  }
}

/** The low 30 bits of the creation time in milliseconds. */
function stampOf(createdAt: number): number {
  return createdAt & 0x3fffffff;
}

/** The few fields of a row that decide whether it is someone else's, read before the alert is built. */
export interface AlertPeek {
  idHash: number;
  createdAt: number;
  alias: string | null;
  owner: string | null;
  acknowledgedBy: string | null;
}

/**
 * Takes alerts as they are read: de-duplicates by id across files (SPEC §3), merges copies, and —
 * when one person's claims are wanted — counts alerts that are surely someone else's instead of
 * keeping them, so a million-row export fits in memory.
 */
export class AlertIntake {
  readonly alerts: Alert[] = [];
  readonly skipped: Skipped[] = [];
  readonly warnings: string[] = [];
  otherPerson = 0;
  private seen = new Map<string, Alert>();
  /**
   * Every alert read is remembered by a hash of its id and its creation time (the low 30 bits
   * of the milliseconds); kept alerts also by id, in `seen`. Other people's alerts are not kept,
   * and their ids not either: a million ids would cost ~100 MB. A copy of the same alert has the
   * same id and creation time; two different alerts would have to share both the hash and the
   * millisecond to be mistaken for each other.
   */
  private known = new HashStampSet();
  private readonly conflicts = new Map<string, Set<string>>();

  /**
   * @param copyString gives a string taken from a later copy storage of its own (the reader's
   * strings may be slices of a large chunk of text)
   */
  constructor(
    private readonly attributor: Attributor,
    private readonly person: string | null,
    private readonly copyString: (s: string) => string = (s) => s,
  ) {}

  /**
   * The fast path for a reader: true when the row is surely someone else's new alert, which is
   * then counted and not built. False means: build the alert and call add().
   */
  early(peek: AlertPeek): boolean {
    if (this.person === null || this.known.hasHash(peek.idHash)) return false;
    if (this.attributor.couldCredit(peek, this.person)) return false;
    this.known.add(peek.idHash, stampOf(peek.createdAt));
    this.otherPerson++;
    return true;
  }

  /** Returns true when the alert is kept. */
  add(alert: Alert): boolean {
    const first = this.seen.get(alert.id);
    if (first !== undefined) {
      this.duplicate(alert, alertLabel(first), alertSource(first));
      const fields = mergeAlert(first, alert, this.copyString);
      if (fields.length > 0) {
        let set = this.conflicts.get(alert.id);
        if (!set) {
          set = new Set();
          this.conflicts.set(alert.id, set);
        }
        for (const f of fields) set.add(f);
      }
      return false;
    }
    if (this.person === null) return this.keep(alert);
    const hash = idHash(alert.id);
    const stamp = stampOf(alert.createdAt);
    if (this.known.has(hash, stamp)) {
      this.duplicate(alert, alertLabel(alert), "an earlier copy (someone else's alert)");
      return false;
    }
    this.known.add(hash, stamp);
    if (!this.attributor.couldCredit(alert, this.person)) {
      this.otherPerson++;
      return false;
    }
    return this.keep(alert);
  }

  private keep(alert: Alert): boolean {
    alert.id = this.copyString(alert.id); // a key kept for the whole run: it must not pin a chunk
    this.seen.set(alert.id, alert);
    this.alerts.push(alert);
    return true;
  }

  private duplicate(alert: Alert, label: string, where: string): void {
    this.skipped.push({
      alert: label,
      id: alert.id,
      reason: "duplicate",
      detail: `${alertSource(alert)} repeats ${where}`,
    });
  }

  unreadable(label: string, id: string, detail: string): void {
    this.skipped.push({ alert: label, id, reason: "unreadable", detail });
  }

  /** Reading is over: let the de-duplication tables go, so their memory serves the rules. */
  done(): string[] {
    const warnings = this.conflictWarnings();
    this.seen = new Map();
    this.known = new HashStampSet();
    return warnings;
  }

  /** One warning per alert whose copies disagree; the first file's values are kept. */
  conflictWarnings(): string[] {
    const out: string[] = [];
    for (const [id, fields] of this.conflicts) {
      const a = this.seen.get(id);
      const label = a ? alertLabel(a) : id;
      const where = a ? a.file : "the first file";
      out.push(`alert ${label}: copies differ in ${[...fields].join(", ")}; kept the values from ${where}`);
    }
    return out;
  }
}
