import type { Alert } from "../../core/alert";
import { inputError } from "../../errors";
import type { CsvRecord } from "../csv";
import type { FactsSpec } from "../csv-thread";
import {
  DATE_SLACK_MS,
  exactEpochMillis,
  exactEpochMillisIn,
  fastOpsgenieDateIn,
  opsgenieDateMillis,
  parseBool,
  parseEpochMillis,
  parseOpsgenieDate,
} from "../log-fields";
import { Interner, type LogReader, newPeek, own, rowError, splitList } from "./common";
import { csvHeader, csvRows, sniffShare, twiceError } from "./csv-common";
import { fieldsPresent, OPSGENIE_CSV, OPSGENIE_ID_SPELLINGS } from "./fields";

const C = OPSGENIE_CSV;
/** The columns read; another column named twice is passed over, as it is unused. */
const READ = new Set(Object.values(C).map((f) => f.key));
const REQUIRED = Object.values(C).filter((f) => f.required);

const key = (name: string) => (OPSGENIE_ID_SPELLINGS.includes(name) ? C.id.key : name);

/**
 * An alert as the export gives it. What the export never carries — acknowledgement and close
 * times, the oncall CSV's woken and worked — is null on the prototype, shared by every alert
 * rather than four fields of each (32 bytes of each of a million kept alerts). A later copy
 * that fills one in (a merge) sets it on the alert itself.
 */
class CsvAlert implements Alert {
  declare ackAt: number | null;
  declare closedAt: number | null;
  declare woken: boolean | null;
  declare workedMinutes: number | null;
  declare count: number | null;
  constructor(
    public id: string,
    public alias: string | null,
    public message: string,
    public createdAt: number,
    /** the fields many rows share (who, priority, status, file): one object for all the rows alike */
    private shared: Shared,
    public row: number,
    /**
     * The tiny id, a decimal count in every export seen: kept as the number, held in the field
     * itself, where the string was 24 bytes of each kept alert. Anything else is kept as it is.
     */
    private tiny: number | string | null,
    /**
     * The last update, kept as its distance from the creation: minutes or days in milliseconds
     * are a small integer held in the field itself, where the instant was a heap number of its
     * own (16 bytes of each of a million kept alerts). An instant the distance would not give
     * back exactly is kept as it is, in a box.
     */
    private updatedAfter: number | null | { at: number },
  ) {}
  // A later copy that fills one of the shared fields in (a merge) gives this alert its own copy.
  get priority(): string | null {
    return this.shared.priority;
  }
  set priority(v: string | null) {
    this.shared = { ...this.shared, priority: v };
  }
  get tags(): string[] | null {
    return this.shared.tags;
  }
  set tags(v: string[] | null) {
    this.shared = { ...this.shared, tags: v };
  }
  get teams(): string[] | null {
    return this.shared.teams;
  }
  set teams(v: string[] | null) {
    this.shared = { ...this.shared, teams: v };
  }
  get owner(): string | null {
    return this.shared.owner;
  }
  set owner(v: string | null) {
    this.shared = { ...this.shared, owner: v };
  }
  get acknowledged(): boolean | null {
    return this.shared.acknowledged;
  }
  set acknowledged(v: boolean | null) {
    this.shared = { ...this.shared, acknowledged: v };
  }
  get acknowledgedBy(): string | null {
    return this.shared.acknowledgedBy;
  }
  set acknowledgedBy(v: string | null) {
    this.shared = { ...this.shared, acknowledgedBy: v };
  }
  get status(): string | null {
    return this.shared.status;
  }
  set status(v: string | null) {
    this.shared = { ...this.shared, status: v };
  }
  get file(): string {
    return this.shared.file;
  }
  set file(v: string) {
    this.shared = { ...this.shared, file: v };
  }
  get tinyId(): string | null {
    const t = this.tiny;
    return typeof t === "number" ? String(t) : t;
  }
  set tinyId(t: string | null) {
    this.tiny = tinyOf(t);
  }
  get updatedAt(): number | null {
    const u = this.updatedAfter;
    return u === null ? null : typeof u === "number" ? this.createdAt + u : u.at;
  }
  set updatedAt(at: number | null) {
    this.updatedAfter = updatedAfterOf(this.createdAt, at);
  }
}

function tinyOf(t: string | null): number | string | null {
  if (t === null) return null;
  const n = decimalIn(t, 0, t.length);
  return n >= 0 ? n : t;
}

/**
 * The number `s` holds from `at` to `end` when that is how String() writes it and it has at most
 * nine digits (a tiny id kept as the number gives back the same text), else -1. Read where it
 * lies (CsvRecord#fieldWith): a row's tiny id is then never made a string, nor the number one
 * again to be compared.
 */
function decimalIn(s: string, at: number, end: number): number {
  const len = end - at;
  if (len === 0 || len > 9 || (len > 1 && s.charCodeAt(at) === 48)) return -1;
  let n = 0;
  for (let i = at; i < end; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

function updatedAfterOf(createdAt: number, at: number | null): number | null | { at: number } {
  if (at === null) return null;
  const d = at - createdAt;
  return (d | 0) === d && createdAt + d === at ? d : { at };
}

/**
 * The fields of an alert that rows share: each combination made once (SharedFields) and pointed
 * at by every alert that has it, where eight fields of each of a million kept alerts were 64
 * bytes each, and twice copied by the young collector.
 */
interface Shared {
  readonly priority: string | null;
  readonly tags: string[] | null;
  readonly teams: string[] | null;
  readonly owner: string | null;
  readonly acknowledged: boolean | null;
  readonly acknowledgedBy: string | null;
  readonly status: string | null;
  readonly file: string;
}

/**
 * The combinations of shared fields a log has, by the interners' numbers for their values
 * (Interner#lastId; -1: a value not interned, whose row gets a combination of its own). A table
 * of recent ones: a run of rows alike finds theirs in one look, and a log with more combinations
 * than slots makes one again now and then, never wrongly, as a slot is checked field by field.
 */
class SharedFields {
  private readonly slots: (Shared | undefined)[] = new Array(SHARED_SLOTS).fill(undefined);
  constructor(private readonly file: string) {}
  of(
    priority: string | null,
    priorityId: number,
    tags: string[] | null,
    tagsId: number,
    teams: string[] | null,
    teamsId: number,
    owner: string | null,
    ownerId: number,
    acknowledged: boolean | null,
    acknowledgedBy: string | null,
    byId: number,
    status: string | null,
    statusId: number,
  ): Shared {
    const file = this.file;
    if (
      priorityId === -1 ||
      tagsId === -1 ||
      teamsId === -1 ||
      ownerId === -1 ||
      byId === -1 ||
      statusId === -1
    )
      return { priority, tags, teams, owner, acknowledged, acknowledgedBy, status, file };
    let h = Math.imul(priorityId + 3, 0x9e3779b1);
    h = Math.imul(h ^ (tagsId + 3), 0x85ebca6b);
    h = Math.imul(h ^ (teamsId + 3), 0xc2b2ae35);
    h = Math.imul(h ^ (ownerId + 3), 0x27d4eb2f);
    h = Math.imul(h ^ (byId + 3), 0x165667b1);
    h = Math.imul(h ^ (statusId + 3), 0x9e3779b1);
    h ^= acknowledged === null ? 0 : acknowledged ? 1 : 2;
    const slot = (h ^ (h >>> 16)) & (SHARED_SLOTS - 1);
    const s = this.slots[slot];
    if (
      s !== undefined &&
      s.priority === priority &&
      s.tags === tags &&
      s.teams === teams &&
      s.owner === owner &&
      s.acknowledged === acknowledged &&
      s.acknowledgedBy === acknowledgedBy &&
      s.status === status
    )
      return s;
    const made = { priority, tags, teams, owner, acknowledged, acknowledgedBy, status, file };
    this.slots[slot] = made;
    return made;
  }
}
const SHARED_SLOTS = 1024;
/** SharedFields' number for a column the log does not have */
const ABSENT = -2;

Object.assign(CsvAlert.prototype, {
  ackAt: null,
  closedAt: null,
  woken: null,
  workedMinutes: null,
  count: null,
});

/** Opsgenie's alert export, as downloaded or as found in the zip it emails. */
export const opsgenieCsv: LogReader = {
  format: "opsgenie-csv",
  sniff(head) {
    const keys = csvHeader(head).names.map(key);
    // The oncall CSV's header starts with id, and may have a tinyid-like column too: it is surer.
    if (keys.some((k) => k === C.id.key || k === C.tinyId.key))
      return sniffShare(
        keys,
        REQUIRED.map((f) => f.key),
        0.9,
      );
    // A header naming a column of the export twice is a mangled export: opening it says which.
    return keys.some((k, i) => READ.has(k) && keys.indexOf(k) < i) ? 0.1 : 0;
  },
  async open(source, head, opts) {
    const { file } = head;
    const header = csvHeader(head);
    const { headers, names } = header;
    const col: Record<string, number> = {};
    names.forEach((n, i) => {
      const k = key(n);
      if (col[k] === undefined) col[k] = i;
      else if (READ.has(k)) throw twiceError(file, headers, col[k], i);
    });
    const missing = REQUIRED.filter((f) => col[f.key] === undefined);
    if (missing.length > 0) {
      throw inputError(
        `${file}:1: an Opsgenie export's header without ${missing.map((f) => f.label).join(" or ")}`,
        "export the alerts again from Opsgenie with every column, or pass the alert-export-result_….zip it emails",
      );
    }
    const opt = (f: { key: string }) => col[f.key] ?? -1;
    const idCol = opt(C.id);
    const tinyCol = opt(C.tinyId);
    const createdCol = opt(C.createdAt);
    const dateCol = opt(C.createdAtDate);
    const aliasCol = opt(C.alias);
    const messageCol = opt(C.message);
    const priorityCol = opt(C.priority);
    const tagsCol = opt(C.tags);
    const teamsCol = opt(C.teams);
    const ownerCol = opt(C.owner);
    const ackCol = opt(C.acknowledged);
    const byCol = opt(C.acknowledgedBy);
    const statusCol = opt(C.status);
    const updatedCol = opt(C.updatedAt);
    const updatedDateCol = opt(C.updatedAtDate);
    const countCol = opt(C.count);
    return {
      file,
      format: "opsgenie-csv",
      fields: fieldsPresent(C, (k) => col[k] !== undefined),
      teamsAre: "names",
      async read(sink) {
        const strings = new Interner((s) => own(s));
        const messages = new Interner((s) => own(s), 20_000);
        // An alias names the check that raised the alert, and one check raises many: shared, a
        // million kept alerts hold a few thousand aliases rather than a copy each (~32 bytes).
        // Looked up where it lies (Interner#field): a Map lookup hashed each row's new slice of the
        // text, ~15% of reading a row. Up to 8192 slots for the thousands of checks of a big export.
        const aliases = new Interner((s) => own(s), 20_000, 8192);
        const lists = new Interner((s) => splitList(s) ?? []);
        const shared = new SharedFields(file);
        const peek = newPeek();
        const idHashes = new Int32Array(2);
        // Made once, not a closure per row: on a dropped row this and the fields it reads are all
        // the work there is.
        const early = (
          r: CsvRecord,
          id: string,
          createdAt: number,
          alias: string,
          owner: string,
          by: string,
        ) => {
          peek.id = id;
          const h = r.fact(F_HASH);
          if (Number.isNaN(h)) {
            r.hashFieldPair(idCol, idHashes);
            peek.idHash = idHashes[0]!;
            peek.idHash2 = idHashes[1]!;
          } else {
            peek.idHash = h;
            peek.idHash2 = r.fact(F_HASH2);
          }
          peek.createdAt = createdAt;
          peek.alias = alias === "" ? null : alias;
          peek.owner = owner === "" ? null : owner;
          peek.acknowledgedBy = by === "" ? null : by;
          return sink.early!(peek);
        };
        let roundedRows = 0;
        const rounded = () => {
          roundedRows++;
        };
        // What a reading thread works out for a large file (csv-thread.ts): the times, the tiny id,
        // the id's hashes, and the interned columns as numbers, each group as its interner here.
        const group = (interner: Interner<unknown>, ...columns: number[]) => ({
          ...interner.shape,
          columns: columns.filter((c) => c >= 0),
        });
        // With one person's claims wanted, most rows are dropped on their first few fields, and
        // one thread is faster: the worker would work out what the main thread never looks at.
        const facts: FactsSpec | null =
          sink.early !== undefined
            ? null
            : {
                kind: "opsgenie-csv",
                columns: {
                  id: idCol,
                  created: createdCol,
                  date: dateCol,
                  updated: updatedCol,
                  tiny: tinyCol,
                },
                // the owner, acknowledger, priority and status stay with the main thread, which
                // would otherwise wait for the worker (Node 24: ~0.9 s of a million rows)
                interned: [
                  group(messages, messageCol),
                  group(aliases, aliasCol),
                  group(lists, tagsCol, teamsCol),
                ],
              };
        await csvRows(file, headers.length, source, opts, header, sink, facts, (r) => {
          const id = r.field(idCol);
          if (id === "") throw rowError(`${file}:${r.line}`, headers[idCol]!, "is empty");
          const alias = aliasCol >= 0 ? aliases.field(r, aliasCol) : "";
          const owner = ownerCol >= 0 ? strings.field(r, ownerCol) : "";
          const ownerId = ownerCol >= 0 ? strings.lastId : ABSENT;
          const by = byCol >= 0 ? strings.field(r, byCol) : "";
          const byId = byCol >= 0 ? strings.lastId : ABSENT;
          // Someone else's row (with --person) is dropped on its exact CreatedAt alone: the checks
          // below of fields only its claims would use (CreatedAtDate, UpdatedAt, Acknowledged) are
          // for the rows kept, which is most of the time of a million-row export.
          // (A reading thread may have worked out the times, the tiny id and the id's hashes: r.fact.)
          const pre = r.fact(F_EXACT);
          const exact = Number.isNaN(pre) ? r.fieldWith(createdCol, exactEpochMillisIn) : pre;
          if (sink.early && exact >= 0 && early(r, id, exact, alias, owner, by)) return;
          const createdAt =
            exact >= 0 && r.fact(F_DATE_AGREES) === 1
              ? exact
              : opsgenieCreatedAt(r, exact, file, headers, createdCol, dateCol, rounded);
          if (sink.early && exact < 0 && early(r, id, createdAt, alias, owner, by)) return;
          const preUpdated = r.fact(F_UPDATED);
          const updated = preUpdated >= 0 ? preUpdated : updatedAt(r, updatedCol, updatedDateCol);
          // An update before creation is a corrupt row, not evidence of an alert closed early.
          if (updated !== null && updated < createdAt) {
            const c =
              updatedCol >= 0 && exactEpochMillis(r.field(updatedCol)) >= 0 ? updatedCol : updatedDateCol;
            throw rowError(
              `${file}:${r.line}`,
              headers[c]!,
              `"${r.field(c)}" (${new Date(updated).toISOString()}) is before the alert was created (${new Date(createdAt).toISOString()})`,
            );
          }
          let acknowledged: boolean | null = null;
          if (ackCol >= 0) {
            const text = r.field(ackCol);
            const b = parseBool(text);
            if (b === undefined)
              throw rowError(
                `${file}:${r.line}`,
                headers[ackCol]!,
                `expected true or false, found "${text}"`,
              );
            acknowledged = b;
          }
          const priority = priorityCol >= 0 ? strings.field(r, priorityCol) : "";
          const priorityId = priorityCol >= 0 ? strings.lastId : ABSENT;
          const preTiny = r.fact(F_TINY);
          const tinyNumber = Number.isNaN(preTiny) ? r.fieldWith(tinyCol, decimalIn) : preTiny;
          const tiny = tinyNumber >= 0 ? "" : r.field(tinyCol);
          // Only rows that may be kept get here (the early check dropped the rest): their strings
          // are made their own now, as the alert is not touched once handed over.
          const tags = tagsCol >= 0 ? lists.field(r, tagsCol) : null;
          const tagsId = tagsCol >= 0 ? lists.lastId : ABSENT;
          const teams = teamsCol >= 0 ? lists.field(r, teamsCol) : null;
          const teamsId = teamsCol >= 0 ? lists.lastId : ABSENT;
          // Only to tell an alert closed before anyone was paged (SPEC §3): anything else is unknown.
          const status = statusCol >= 0 ? strings.field(r, statusCol) || null : null;
          const statusId = statusCol >= 0 ? strings.lastId : ABSENT;
          // Only rows that may be kept get here (the early check dropped the rest): their strings
          // are made their own now, as the alert is not touched once handed over.
          const alert = new CsvAlert(
            own(id),
            alias === "" ? null : alias,
            messageCol >= 0 ? messages.field(r, messageCol) : "",
            createdAt,
            shared.of(
              priority === "" ? null : priority,
              priorityId,
              tags,
              tagsId,
              teams,
              teamsId,
              owner === "" ? null : owner,
              ownerId,
              acknowledged,
              by === "" ? null : by,
              byId,
              status,
              statusId,
            ),
            r.line,
            tinyNumber >= 0 ? tinyNumber : tiny === "" ? null : tinyOf(own(tiny)),
            updatedAfterOf(createdAt, updated),
          );
          // Most alerts never re-fire: only a Count above 1 costs the alert a field of its own.
          if (countCol >= 0) {
            const n = refires(r.field(countCol));
            if (n > 1) alert.count = n;
          }
          const h = r.fact(F_HASH);
          if (Number.isNaN(h)) sink.alert(alert);
          else {
            idHashes[0] = h;
            idHashes[1] = r.fact(F_HASH2);
            sink.alert(alert, idHashes);
          }
        });
        if (roundedRows > 0) {
          sink.warning?.(
            `${file}: CreatedAt was rounded, as a spreadsheet does; used CreatedAtDate (${roundedRows} row${roundedRows === 1 ? "" : "s"})`,
          );
        }
      },
    };
  },
};

// What a reading thread works out for each row (CsvRecord#fact), for the row function above.
const F_EXACT = 0; // exactEpochMillis of CreatedAt, or -1
const F_DATE_AGREES = 1; // 1: CreatedAt is exact and CreatedAtDate is absent or agrees in Opsgenie's own form
const F_UPDATED = 2; // exactEpochMillis of UpdatedAt, or -1 (then UpdatedAtDate is read as before)
const F_TINY = 3; // decimalIn of TinyID, or -1
const F_HASH = 4; // the id's two hashes (hashRangePair)
const F_HASH2 = 5;

export interface OpsgenieFactColumns {
  id: number;
  created: number;
  date: number;
  updated: number;
  tiny: number;
}

/**
 * The facts of an Opsgenie CSV row a reading thread works out (csv-common.ts), as the row function
 * above would: numbers only, each a pure function of the row's fields, no error thrown. What goes
 * wrong in a row is found by the row function itself, on the main thread, in the row's turn.
 */
export function opsgenieFacts(c: OpsgenieFactColumns): {
  count: number;
  of(r: CsvRecord, out: Float64Array, at: number): void;
} {
  const pair = new Int32Array(2);
  return {
    count: 6,
    of(r, out, at) {
      const exact = r.fieldWith(c.created, exactEpochMillisIn);
      out[at + F_EXACT] = exact;
      r.hashFieldPair(c.id, pair);
      out[at + F_HASH] = pair[0]!;
      out[at + F_HASH2] = pair[1]!;
      out[at + F_DATE_AGREES] = exact >= 0 && agreesFast(r, exact, c.date) ? 1 : 0;
      out[at + F_UPDATED] = c.updated >= 0 ? r.fieldWith(c.updated, exactEpochMillisIn) : -1;
      out[at + F_TINY] = r.fieldWith(c.tiny, decimalIn);
    },
  };
}

const ROUNDED_HINT =
  "read the export as Opsgenie sent it, not as saved by a spreadsheet (or keep CreatedAtDate in it), or pass --lenient to skip unreadable rows";

/**
 * An Opsgenie CSV row's creation time (SPEC §3): CreatedAt when it is exact epoch milliseconds,
 * checked against CreatedAtDate where that is readable. A CreatedAt a spreadsheet has rewritten
 * (1.79141E+12 is ±83 minutes) is never used: CreatedAtDate stands in for it, and
 * `rounded` is called so the file gets one warning.
 */
function opsgenieCreatedAt(
  r: CsvRecord,
  /** exactEpochMillis of CreatedAt, which the row has already read */
  exact: number,
  file: string,
  headers: string[],
  createdCol: number,
  dateCol: number,
  rounded: () => void,
): number {
  // The common case, on every row of a million-row export: exact, and CreatedAtDate agrees, is
  // empty, or is in a form not accepted (then ignored: CreatedAt is the source of truth).
  if (exact >= 0) {
    if (agreesFast(r, exact, dateCol)) return exact;
    const dateText = r.field(dateCol);
    if (dateText === "" || !(Math.abs(opsgenieDateMillis(dateText) - exact) > DATE_SLACK_MS)) return exact;
  }
  return opsgenieCreatedAtSlowly(r, file, headers, createdCol, dateCol, rounded);
}

/**
 * An exact CreatedAt with no CreatedAtDate, or one that agrees in Opsgenie's own form, read where
 * it lies: the common case. Any other form of CreatedAtDate goes the way of strings.
 */
function agreesFast(r: CsvRecord, exact: number, dateCol: number): boolean {
  if (dateCol < 0) return true;
  const fast = r.fieldWith(dateCol, fastOpsgenieDateIn);
  return fast >= 0 && !(Math.abs(fast - exact) > DATE_SLACK_MS);
}

function opsgenieCreatedAtSlowly(
  r: CsvRecord,
  file: string,
  headers: string[],
  createdCol: number,
  dateCol: number,
  rounded: () => void,
): number {
  const where = () => `${file}:${r.line}`;
  const created = r.field(createdCol);
  const dateText = dateCol >= 0 ? r.field(dateCol) : "";
  const createdName = headers[createdCol]!;
  const dateName = dateCol >= 0 ? headers[dateCol]! : C.createdAtDate.label;
  const disagree = (ms: number) =>
    rowError(
      where(),
      dateName,
      `"${dateText}" disagrees with ${createdName} ${created} (${new Date(ms).toISOString()}) by more than a second`,
      "fix the row or re-export it from Opsgenie, or pass --lenient to skip unreadable rows",
    );
  if (created.trim() === "") throw rowError(where(), createdName, "is empty");
  const t = parseEpochMillis(created);
  if (t.kind === "bad") throw rowError(where(), createdName, t.problem);
  if (t.kind === "exact") {
    if (dateText !== "" && Math.abs(opsgenieDateMillis(dateText) - t.value) > DATE_SLACK_MS)
      throw disagree(t.value);
    return t.value;
  }
  const found = `expected epoch milliseconds, found "${created}", as a spreadsheet writes them (rounded)`;
  if (dateCol < 0)
    throw rowError(where(), createdName, `${found}, and the file has no CreatedAtDate`, ROUNDED_HINT);
  if (dateText.trim() === "")
    throw rowError(where(), createdName, `${found}, and ${dateName} is empty`, ROUNDED_HINT);
  const d = parseOpsgenieDate(dateText);
  if (!d.ok) throw rowError(where(), createdName, `${found}, and ${dateName} ${d.problem}`, ROUNDED_HINT);
  if (t.value !== null && Math.abs(d.value - t.value) > t.tolerance + DATE_SLACK_MS) throw disagree(t.value);
  rounded();
  return d.value;
}

/**
 * UpdatedAt, trusted as CreatedAt is: exact epoch milliseconds, else UpdatedAtDate (a spreadsheet's
 * 1.79141E+12 is ±83 minutes, enough to call an escalated alert "closed before anyone was paged").
 * Unreadable is unknown, which counts as escalated: the rule can only take second line's credit away
 * on evidence.
 */
function updatedAt(r: CsvRecord, col: number, dateCol: number): number | null {
  if (col >= 0) {
    const exact = r.fieldWith(col, exactEpochMillisIn);
    if (exact >= 0) return exact;
  }
  if (dateCol >= 0) {
    const ms = opsgenieDateMillis(r.field(dateCol));
    if (!Number.isNaN(ms)) return ms;
  }
  return null;
}

/** `Count` as a whole number, or 1 when empty or not one: it is only ever statistics, never a claim. */
function refires(text: string): number {
  const n = text === "" ? 1 : Number(text);
  return Number.isSafeInteger(n) && n >= 1 ? n : 1;
}
