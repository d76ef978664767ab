import { idHash } from "../../core/intake";
import { inputError } from "../../errors";
import { LATEST, type Parsed, parseIsoInstant } from "../log-fields";
import { type LogReader, newPeek, own, rowError, splitList } from "./common";
import { csvHeader, csvRows, sniffShare, twiceError } from "./csv-common";
import { PAGERDUTY_CSV as C, fieldsPresent } from "./fields";

const READ = new Set(Object.values(C).map((f) => f.key));
const REQUIRED = Object.values(C).filter((f) => f.required);

/**
 * PagerDuty's incident export (Analytics / Advanced Reporting): one row per incident. Its times
 * are read only with a zone; the acknowledgement and resolution are seconds after creation.
 */
export const pagerdutyCsv: LogReader = {
  format: "pagerduty-csv",
  sniff(head) {
    const { names } = csvHeader(head);
    // The oncall CSV starts with id too: only PagerDuty's own column names make it this format.
    if (!names.includes(C.incidentNumber.key) && !names.includes(C.createdOn.key)) return 0;
    return sniffShare(
      names,
      REQUIRED.map((f) => f.key),
      1,
    );
  },
  async open(source, head, opts) {
    const { file } = head;
    const header = csvHeader(head);
    const { headers, names } = header;
    const col: Record<string, number> = {};
    names.forEach((n, i) => {
      if (col[n] === undefined) col[n] = i;
      else if (READ.has(n)) throw twiceError(file, headers, col[n], i);
    });
    const missing = REQUIRED.filter((f) => col[f.key] === undefined);
    if (missing.length > 0) {
      throw inputError(
        `${file}:1: a PagerDuty incidents export's header without ${missing.map((f) => f.label).join(" or ")}`,
        "export the incidents again from PagerDuty (Analytics › Incidents › Download CSV) with every column; see docs/alert-logs.md",
      );
    }
    const at = (f: { key: string }) => col[f.key] ?? -1;
    const fields = fieldsPresent(C, (k) => col[k] !== undefined);
    const hasAckInfo = fields.has("acknowledged");
    return {
      file,
      format: "pagerduty-csv",
      fields,
      async read(sink) {
        const peek = newPeek();
        await csvRows(file, headers.length, source, opts, header, sink, null, (r) => {
          const where = `${file}:${r.line}`;
          const raw = (f: { key: string }) => {
            const i = at(f);
            return i < 0 ? "" : r.field(i).trim();
          };
          const id = raw(C.id);
          if (id === "") throw rowError(where, C.id.label, "is empty");
          const createdText = raw(C.createdOn);
          if (createdText === "") throw rowError(where, C.createdOn.label, "is empty");
          const created = parseZonedDate(createdText);
          if (!created.ok) throw rowError(where, C.createdOn.label, created.problem);
          const createdAt = created.value;
          const after = (f: { key: string; label: string }) => {
            const text = raw(f);
            if (text === "") return null;
            if (!/^\d+(\.\d+)?$/.test(text))
              throw rowError(where, f.label, `expected a number of seconds, found "${text}"`);
            const t = createdAt + Math.round(Number(text) * 1000);
            if (!(t < LATEST))
              throw rowError(where, f.label, `${text} seconds after creation is 2100-01-01 or later`);
            return t;
          };
          const ackAt = after(C.secondsToFirstAck);
          let closedAt = after(C.secondsToResolve);
          const resolvedText = raw(C.resolvedOn);
          if (resolvedText !== "") {
            const resolved = parseZonedDate(resolvedText);
            if (!resolved.ok) throw rowError(where, C.resolvedOn.label, resolved.problem);
            if (resolved.value < createdAt)
              throw rowError(
                where,
                C.resolvedOn.label,
                `"${resolvedText}" is before created_on "${createdText}"`,
              );
            closedAt = resolved.value;
          }
          // The first listed is the first to acknowledge; an id is matched exactly (people's
          // `pagerduty`), so it is taken before the name where the export gives both.
          const by = first(raw(C.ackIds)) ?? first(raw(C.ackNames));
          const owner = first(raw(C.assignedNames));
          if (sink.early) {
            peek.id = id;
            peek.idHash = idHash(id);
            peek.createdAt = createdAt;
            peek.alias = null;
            peek.owner = owner;
            peek.acknowledgedBy = by;
            if (sink.early(peek)) return;
          }
          const urgency = raw(C.urgency);
          const service = raw(C.serviceName);
          const tags = [
            ...(urgency ? [`urgency:${urgency.toLowerCase()}`] : []),
            ...(service ? [`service:${service}`] : []),
          ];
          sink.alert({
            id: own(id),
            tinyId: raw(C.incidentNumber) === "" ? null : own(raw(C.incidentNumber)),
            alias: null,
            message: own(raw(C.description)),
            createdAt,
            priority: null,
            tags: fields.has("tags") ? tags.map(own) : null,
            teams: null,
            owner: owner === null ? null : own(owner),
            acknowledged: hasAckInfo ? by !== null || ackAt !== null : null,
            acknowledgedBy: by === null ? null : own(by),
            ackAt,
            closedAt,
            woken: null,
            workedMinutes: null,
            file,
            row: r.line,
          });
        });
      },
    };
  },
};

function first(cell: string): string | null {
  return splitList(cell)?.[0] ?? null;
}

const ZONED = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(Z|UTC|[+-]\d{2}:?\d{2})$/i;

/**
 * PagerDuty's date-time, with its zone: ISO (`…Z`, `+00:00`) or `2026-03-08 01:11:23 UTC`. One
 * without a zone is refused: the export's zone is the account's setting, which the file does
 * not say.
 */
export function parseZonedDate(text: string): Parsed<number> {
  const m = ZONED.exec(text);
  if (m === null)
    return {
      ok: false,
      problem: /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text)
        ? `"${text}" has no zone (expected …Z, +00:00 or UTC after the time); export the incidents with the time zone shown`
        : `expected a date-time with a zone such as 2026-03-08T01:11:23Z or 2026-03-08 01:11:23 UTC, found "${text}"`,
    };
  const zone = m[3]!.toUpperCase() === "UTC" ? "Z" : m[3]!;
  return parseIsoInstant(`${m[1]}T${m[2]}${zone}`);
}
