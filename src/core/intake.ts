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
 * A second hash of text[start, end), independent of hashRange (a multiply-xorshift mix rather
 * than FNV): the pair is 63 bits of the id, so that some two of a million different ids share
 * both has odds of about 1 in 20 million.
 */
export function hashRange2(text: string, start: number, end: number): number {
  let h = 0x5bd1e995;
  for (let i = start; i < end; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 0x2c1b3c6d);
    h ^= h >>> 15;
  }
  return h | 0;
}

export function idHash2(id: string): number {
  return hashRange2(id, 0, id.length);
}

/**
 * hashRange and hashRange2 of text[start, end) into out[0] and out[1], in one pass: a row dropped
 * early hashes its id for both, and one loop over the characters costs half of two.
 */
export function hashRangePair(text: string, start: number, end: number, out: Int32Array): void {
  let a = 0x811c9dc5;
  let b = 0x5bd1e995;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 16777619);
    b = Math.imul(b ^ c, 0x2c1b3c6d);
    b ^= b >>> 15;
  }
  out[0] = a >>> 1;
  out[1] = b;
}

/**
 * Gives a table's memory back now. A table replaced as it grows, or dropped once reading is over,
 * has lived long enough to be in the old generation, where its buffer (16 MB for a million ids)
 * stays until a full collection, which a run may never make: handed over to a clone of its own
 * (transferred, not copied), it is freed by the next young-generation collection.
 */
function release(table: Int32Array): void {
  const buffer = table.buffer as ArrayBuffer; // made by `new Int32Array(n)`: never shared
  structuredClone(buffer, { transfer: [buffer] });
}

/**
 * A set of (31-bit hash, 32-bit hash) pairs in an open-addressing table of one Int32Array, a
 * pair's two halves side by side: 8 bytes a slot, no objects, so a million alerts cost 16 MB and
 * no garbage, and a lookup touches one cache line where two arrays cost a miss each.
 */
export class HashPairSet {
  /** slot i is [2i] (first, -1 when empty) and [2i + 1] (second) */
  private slots: Int32Array;
  private count = 0;

  constructor(capacity = 1024) {
    this.slots = new Int32Array(capacity * 2).fill(-1);
  }

  get size(): number {
    return this.count;
  }

  /** @param first non-negative (31 bits): -1 marks an empty slot */
  has(first: number, second: number): boolean {
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    for (let i = first & mask; ; i = (i + 1) & mask) {
      const f = slots[2 * i]!;
      if (f === -1) return false;
      if (f === first && slots[2 * i + 1] === second) return true;
    }
  }

  add(first: number, second: number): void {
    if (!this.has(first, second)) this.addAbsent(first, second);
  }

  /** Adds a pair has() just said is absent: the early drop's lookup is not made twice. */
  addAbsent(first: number, second: number): void {
    if ((this.count + 1) * 4 > this.slots.length) this.grow();
    this.put(first, second);
    this.count++;
  }

  private put(first: number, second: number): void {
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    let i = first & mask;
    while (slots[2 * i] !== -1) i = (i + 1) & mask;
    slots[2 * i] = first;
    slots[2 * i + 1] = second;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2).fill(-1);
    for (let i = 0; i < old.length; i += 2) if (old[i] !== -1) this.put(old[i]!, old[i + 1]!);
    release(old);
  }

  /** Frees the table now; the set is unusable after. */
  release(): void {
    release(this.slots);
  }
}

/**
 * The kept alerts by id, as an open-addressing table of (idHash, idHash2, position in the list)
 * in one Int32Array: a lookup compares the ids only of a slot whose hashes match, so it is exact.
 * A Map of a million ids cost a rehash of ever larger arrays as it grew and a pointer each for
 * the collector to trace; this table is one block it never looks into.
 */
export class KeptIndex {
  /** slot i is [3i] (idHash, -1 when empty), [3i + 1] (idHash2), [3i + 2] (position) */
  private slots: Int32Array;
  private count = 0;

  constructor(capacity = 1024) {
    this.slots = new Int32Array(capacity * 3).fill(-1);
  }

  /** The position in `alerts` of the alert with this id and these hashes of it, or -1. */
  find(first: number, second: number, id: string, alerts: readonly Alert[]): number {
    const slots = this.slots;
    const mask = slots.length / 3 - 1;
    for (let i = first & mask; ; i = (i + 1) & mask) {
      const f = slots[3 * i]!;
      if (f === -1) return -1;
      if (f === first && slots[3 * i + 1] === second) {
        const at = slots[3 * i + 2]!;
        if (alerts[at]!.id === id) return at;
      }
    }
  }

  add(first: number, second: number, position: number): void {
    if ((this.count + 1) * 6 > this.slots.length) this.grow();
    this.put(first, second, position);
    this.count++;
  }

  private put(first: number, second: number, position: number): void {
    const slots = this.slots;
    const mask = slots.length / 3 - 1;
    let i = first & mask;
    while (slots[3 * i] !== -1) i = (i + 1) & mask;
    slots[3 * i] = first;
    slots[3 * i + 1] = second;
    slots[3 * i + 2] = position;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2).fill(-1);
    for (let i = 0; i < old.length; i += 3) if (old[i] !== -1) this.put(old[i]!, old[i + 1]!, old[i + 2]!);
    release(old);
  }

  /** Frees the table now; the index is unusable after. */
  release(): void {
    release(this.slots);
  }
}

/** The few fields of a row that decide whether it is someone else's, read before the alert is built. */
export interface AlertPeek {
  id: string;
  /** idHash(id), which a reader may compute without making a string */
  idHash: number;
  /** idHash2(id), likewise; computed from `id` when absent */
  idHash2?: number;
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
  otherPerson = 0;
  /** the first and last creation instants of every row read, dropped early or kept (NaN: none) */
  firstAt = Number.NaN;
  lastAt = Number.NaN;
  /** the kept alerts, by id */
  private seen = new KeptIndex();
  /**
   * With a person, every alert read is remembered by two independent hashes of its id; kept
   * alerts also by id, in `seen`. Other people's alerts are not kept, and their ids not either
   * (a million ids would cost ~100 MB). Only the id counts — a later copy with another creation
   * time is still the same alert, and still someone else's, since the first copy decides (SPEC §3).
   */
  private known = new HashPairSet();
  /** add()'s two hashes of an id, written anew for each alert */
  private readonly pair = new Int32Array(2);
  /** conflicting fields, per (first copy's file, later copy's file, field) */
  private readonly conflicts = new Map<string, Conflict>();

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
    if (this.person === null) return false;
    this.saw(peek.createdAt);
    const second = peek.idHash2 ?? idHash2(peek.id);
    if (this.known.has(peek.idHash, second)) {
      // a copy of a kept alert: add() merges it and records the duplicate
      if (this.seen.find(peek.idHash, second, peek.id, this.alerts) >= 0) return false;
      // a copy of someone else's alert: theirs too, and counted only (SPEC §5)
      this.otherPerson++;
      return true;
    }
    if (this.attributor.couldCredit(peek, this.person)) return false;
    this.known.addAbsent(peek.idHash, second);
    this.otherPerson++;
    return true;
  }

  /** Returns true when the alert is kept. `hashes`: hashRangePair of its id, when the reader has it. */
  add(alert: Alert, hashes?: Int32Array): boolean {
    this.saw(alert.createdAt);
    if (hashes === undefined) hashRangePair(alert.id, 0, alert.id.length, this.pair);
    else this.pair.set(hashes);
    const hash = this.pair[0]!;
    const second = this.pair[1]!;
    const at = this.seen.find(hash, second, alert.id, this.alerts);
    if (at >= 0) {
      const first = this.alerts[at]!;
      this.skipped.push(new Duplicate(first, alert.file, alert.row));
      for (const field of mergeAlert(first, alert, this.copyString)) this.conflict(first, alert, field);
      return false;
    }
    if (this.person === null) return this.keep(alert, hash, second);
    if (this.known.has(hash, second)) {
      // A copy of someone else's alert (kept ones are in `seen`): theirs, counted only (SPEC §5).
      this.otherPerson++;
      return false;
    }
    this.known.addAbsent(hash, second);
    if (!this.attributor.couldCredit(alert, this.person)) {
      this.otherPerson++;
      return false;
    }
    return this.keep(alert, hash, second);
  }

  private saw(at: number): void {
    if (!(at >= this.firstAt)) this.firstAt = at; // NaN at first: every comparison is false
    if (!(at <= this.lastAt)) this.lastAt = at;
  }

  private keep(alert: Alert, hash: number, second: number): boolean {
    alert.id = this.copyString(alert.id); // kept for the whole run: it must not pin a chunk
    this.seen.add(hash, second, this.alerts.length);
    this.alerts.push(alert);
    return true;
  }

  private conflict(first: Alert, later: Alert, field: string): void {
    const key = `${first.file}\u0000${later.file}\u0000${field}`;
    const c = this.conflicts.get(key);
    if (c) c.count++;
    else
      this.conflicts.set(key, {
        firstFile: first.file,
        laterFile: later.file,
        field,
        count: 1,
        example: alertLabel(first),
      });
  }

  unreadable(label: string, id: string, detail: string): void {
    this.skipped.push({ alert: label, id, reason: "unreadable", detail });
  }

  /** Reading is over: let the de-duplication tables go, so their memory serves the rules. */
  done(): string[] {
    if (this.person !== null) this.settleDuplicates(this.person);
    const warnings = this.conflictWarnings();
    this.seen.release();
    this.known.release();
    this.seen = new KeptIndex(2);
    this.known = new HashPairSet();
    return warnings;
  }

  /**
   * Copies of a kept alert that turns out to be someone else's are theirs too, counted only (SPEC
   * §5), not listed with its id. An alert is kept while a later copy might still make it this
   * person's (no alias yet); once reading is over its fields are final, so an absent alias is
   * final too.
   */
  private settleDuplicates(person: string): void {
    const decided = new Map<Alert, boolean>();
    let kept = 0;
    for (const s of this.skipped) {
      if (s instanceof Duplicate) {
        let others = decided.get(s.first);
        if (others === undefined) {
          const a = s.first;
          // the fields named, not spread: a reader's alert may keep some behind accessors
          const row = {
            alias: a.alias ?? "",
            owner: a.owner,
            acknowledgedBy: a.acknowledgedBy,
            createdAt: a.createdAt,
          };
          others = !this.attributor.couldCredit(row, person);
          decided.set(a, others);
        }
        if (others) {
          this.otherPerson++;
          continue;
        }
      }
      this.skipped[kept++] = s;
    }
    this.skipped.length = kept;
  }

  /**
   * One warning per field per pair of files whose copies disagree, with a count and the first
   * alert: a merge of two overlapping exports can differ in thousands of alerts, and a warning
   * each would bury everything else on stderr. The first file's values are kept (SPEC §3).
   */
  conflictWarnings(): string[] {
    const out: string[] = [];
    for (const c of this.conflicts.values()) {
      const alerts = `${c.count} ${c.count === 1 ? "alert" : "alerts"}`;
      out.push(
        c.firstFile === c.laterFile
          ? `conflicting values for ${c.field} in ${alerts} repeated within ${c.firstFile} (the first: alert ${c.example}); kept the first copy's`
          : `conflicting values for ${c.field} in ${alerts} found in both ${c.firstFile} and ${c.laterFile} (the first: alert ${c.example}); kept ${c.firstFile}'s`,
      );
    }
    return out;
  }
}

/**
 * A skipped later copy, kept compact: a file of one row repeated millions of times makes millions
 * of these. It shares the first copy's strings (the later copy's are slices that would pin their
 * chunk of text) and makes its detail only when asked for.
 */
class Duplicate implements Skipped {
  readonly reason = "duplicate" as const;
  constructor(
    readonly first: Alert,
    readonly file: string,
    readonly row: number | string,
  ) {}
  get alert(): string {
    return alertLabel(this.first);
  }
  get id(): string {
    return this.first.id;
  }
  get detail(): string {
    return `${alertSource(this)} repeats ${alertSource(this.first)}`;
  }
  toJSON(): Skipped {
    return { alert: this.alert, id: this.id, reason: this.reason, detail: this.detail };
  }
}

interface Conflict {
  firstFile: string;
  laterFile: string;
  field: string;
  count: number;
  /** the label of the first alert found to conflict */
  example: string;
}
