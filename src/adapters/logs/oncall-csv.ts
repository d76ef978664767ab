import { parseWorked } from "../../core/duration";
import { idHash } from "../../core/intake";
import { inputError } from "../../errors";
import { parseBool, parseIsoInstant } from "../log-fields";
import { type LogReader, newPeek, own, rowError, splitList } from "./common";
import { csvHeader, csvRows, sniffShare, twiceError } from "./csv-common";
import { fieldsPresent, keysOf, ONCALL_CSV } from "./fields";

const C = ONCALL_CSV;
const COLUMNS = keysOf(C);
/** The columns a header is shown with when it is wrong: those of docs/alert-logs.md's example. */
const SHOWN = COLUMNS.slice(0, COLUMNS.indexOf(C.worked.key) + 1);
const REQUIRED = Object.values(C)
  .filter((f) => f.required)
  .map((f) => f.key);

/** oncall's own CSV (docs/alert-logs.md): ISO times, and the woken and worked answers as columns. */
export const oncallCsv: LogReader = {
  format: "oncall-csv",
  sniff(head) {
    const { names } = csvHeader(head);
    return names[0] === C.id.key ? sniffShare(names, REQUIRED, 1) : 0;
  },
  async open(source, head, opts) {
    const { file } = head;
    const header = csvHeader(head);
    const { headers, names: spaced } = header;
    if (!spaced.includes(C.createdAt.key)) {
      throw inputError(
        `${file}:1: the header starts with id, as an oncall CSV's does, but has no created_at column`,
        `an oncall CSV's header is ${SHOWN.join(",")}; see docs/alert-logs.md`,
      );
    }
    const names = headers.map((h) => h.trim().toLowerCase());
    names.forEach((n, i) => {
      const first = names.indexOf(n);
      if (first < i) throw twiceError(file, headers, first, i);
    });
    const unknown = names.filter((n) => !COLUMNS.includes(n));
    if (unknown.length > 0) {
      throw inputError(
        `${file}:1: unknown column${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")} in an oncall CSV`,
        `the columns are ${COLUMNS.join(",")}; see docs/alert-logs.md`,
      );
    }
    const col = (n: string) => names.indexOf(n);
    const fields = fieldsPresent(C, (k) => col(k) >= 0);
    return {
      file,
      format: "oncall-csv",
      fields,
      async read(sink) {
        const at = new Map<string, number>(COLUMNS.map((n) => [n, col(n)]));
        const peek = newPeek();
        await csvRows(file, headers.length, source, opts, header, sink, null, (r) => {
          const where = `${file}:${r.line}`;
          // Slices of the chunk: a row that is someone else's is dropped before any are copied.
          const raw = (n: string) => {
            const i = at.get(n)!;
            return i < 0 ? "" : r.field(i).trim();
          };
          const get = (n: string) => own(raw(n));
          const instant = (n: string, required: boolean): number | null => {
            const v = raw(n);
            if (v === "") {
              if (required) throw rowError(where, n, "is empty");
              return null;
            }
            const t = parseIsoInstant(v);
            if (!t.ok) throw rowError(where, n, t.problem);
            return t.value;
          };
          const id = raw(C.id.key);
          if (id === "") throw rowError(where, C.id.key, "is empty");
          const createdAt = instant(C.createdAt.key, true)!;
          const wokenText = raw(C.woken.key);
          const woken = parseBool(wokenText);
          if (woken === undefined)
            throw rowError(where, C.woken.key, `expected true, false or empty, found "${wokenText}"`);
          const workedText = raw(C.worked.key);
          const worked = workedText === "" ? null : parseWorked(workedText);
          if (worked !== null && "problem" in worked) {
            const hint = worked.suggestion === null ? "" : `; for minutes write ${worked.suggestion}`;
            throw rowError(where, C.worked.key, `${worked.problem}${hint}`);
          }
          const notBefore = (n: string): number | null => {
            const t = instant(n, false);
            if (t !== null && t < createdAt)
              throw rowError(where, n, `${raw(n)} is before created_at ${raw(C.createdAt.key)}`);
            return t;
          };
          const by = raw(C.acknowledgedBy.key);
          const ackAt = notBefore(C.ackAt.key);
          const closedAt = notBefore(C.closedAt.key);
          const alias = raw(C.alias.key);
          const owner = raw(C.owner.key);
          if (sink.early) {
            // Every row is checked above; only building and keeping it is saved (as for Opsgenie's CSV).
            peek.id = id;
            peek.idHash = idHash(id);
            peek.createdAt = createdAt;
            peek.alias = alias === "" ? null : alias;
            peek.owner = owner === "" ? null : owner;
            peek.acknowledgedBy = by === "" ? null : by;
            if (sink.early(peek)) return;
          }
          const acked = fields.has("acknowledged") ? by !== "" || ackAt !== null : null;
          sink.alert({
            id: own(id),
            tinyId: get(C.tinyId.key) || null,
            alias: alias === "" ? null : own(alias),
            message: get(C.message.key),
            createdAt,
            priority: get(C.priority.key) || null,
            tags: at.get(C.tags.key)! >= 0 ? (splitList(raw(C.tags.key)) ?? []) : null,
            teams: at.get(C.teams.key)! >= 0 ? (splitList(raw(C.teams.key)) ?? []) : null,
            owner: owner === "" ? null : own(owner),
            acknowledged: acked,
            acknowledgedBy: by === "" ? null : own(by),
            ackAt,
            closedAt,
            woken,
            workedMinutes: worked?.minutes ?? null,
            file,
            row: r.line,
          });
        });
      },
    };
  },
};
