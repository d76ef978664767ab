/**
 * The claims a line manager checks (SPEC §9 `toil check --claims`): a CSV with at least `Name` or
 * `Email`, `Date`, and `Days` or `Hours` — what `toil calc --format breathe` writes, what BreatheHR's
 * TOIL report exports, or a list pasted on standard input. Read with the logs' CSV tokenizer, under
 * its record limit, and with its decoding of spreadsheet saves (Windows-1252, UTF-16).
 */
import { resolve } from "node:path";
import { isCalendarDate } from "../core/calendar";
import type { ClaimedRow } from "../core/check";
import type { PeopleIndex, Person } from "../core/people";
import { inputError } from "../errors";
import type { IO } from "../runtime/io";
import { CsvReader, detectEol } from "./csv";
import { ByteDecoder, type ByteSource, fileSource, streamSource } from "./log-input";

/** More rows than any team claims in years: a file this long is not a claims list. */
export const MAX_CLAIM_ROWS = 100_000;

const EXPECTED =
  "a CSV with a header row naming Name or Email, Date, and Days or Hours (toil calc --format breathe writes one)";

/** `Hours` as BreatheHR and --format breathe show it (`3:30`), or a decimal number of hours. */
function parseHours(text: string): number | null {
  const hm = /^(\d{1,4}):([0-5]\d)$/.exec(text);
  if (hm) return Number(hm[1]) + Number(hm[2]) / 60;
  return /^\d+(\.\d+)?$/.test(text) ? Number(text) : null;
}

/**
 * A claim's date: ISO `2026-11-26`, or the UK `26/11/2026` BreatheHR shows (day first, one or two
 * digits). Never month first: a UK tool's `03/11` is 3 November.
 */
export function parseClaimDate(text: string): string | null {
  const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  const iso = uk ? `${uk[3]}-${uk[2]!.padStart(2, "0")}-${uk[1]!.padStart(2, "0")}` : text;
  return /^\d{4}-\d{2}-\d{2}$/.test(iso) && isCalendarDate(iso) ? iso : null;
}

/** The rows of a claims file (`-`: standard input), each checked; the first bad cell is an input error. */
export async function readClaimsFile(
  path: string,
  stdin: NodeJS.ReadableStream | undefined,
  hoursPerDay: number,
  shown: string = path,
): Promise<ClaimedRow[]> {
  const label = path === "-" ? "standard input" : shown;
  const src: ByteSource = path === "-" && stdin ? await streamSource(label, stdin) : await fileSource(path);
  const rows: ClaimedRow[] = [];
  let cols: { name: number; email: number; date: number; days: number; hours: number; notes: number } | null =
    null;
  const where = (line: number, col: number) => `${label}:${line}:${col + 1}`;
  const reader = new CsvReader(
    label,
    (r) => {
      if (cols === null) {
        const head = r.fields().map((h) => h.trim().toLowerCase());
        const at = (name: string) => head.indexOf(name);
        cols = {
          name: at("name"),
          email: at("email"),
          date: at("date"),
          days: at("days"),
          hours: at("hours"),
          notes: at("notes"),
        };
        const missing = [
          cols.name < 0 && cols.email < 0 ? "Name or Email" : null,
          cols.date < 0 ? "Date" : null,
          cols.days < 0 && cols.hours < 0 ? "Days or Hours" : null,
        ].filter((m) => m !== null);
        if (missing.length > 0)
          throw inputError(`${label}:${r.line}: the header has no ${missing.join(", no ")} column`, EXPECTED);
        return;
      }
      const c = cols;
      const cell = (i: number) => (i < 0 ? "" : r.field(i).trim());
      const who = cell(c.email) || cell(c.name);
      if (who === "")
        throw inputError(
          `${where(r.line, c.email >= 0 ? c.email : c.name)}: no Name or Email`,
          "each claim names the person who made it",
        );
      const dateText = cell(c.date);
      const date = parseClaimDate(dateText);
      if (date === null)
        throw inputError(
          `${where(r.line, c.date)}: Date "${dateText}" is not a date`,
          "write dates as 2026-11-26 or as BreatheHR shows them, 26/11/2026 (day first)",
        );
      let days: number | null = null;
      const daysText = cell(c.days);
      if (daysText !== "") {
        days = /^\d+(\.\d+)?$/.test(daysText) ? Number(daysText) : null;
        if (days === null)
          throw inputError(
            `${where(r.line, c.days)}: Days "${daysText}" is not a number of days`,
            "for example 0.5",
          );
      } else {
        const hoursText = cell(c.hours);
        const hours = parseHours(hoursText);
        if (hours === null)
          throw inputError(
            `${where(r.line, c.hours >= 0 ? c.hours : c.days)}: ${hoursText === "" ? "neither Days nor Hours is given" : `Hours "${hoursText}" is not a number of hours`}`,
            "give Days (0.5) or Hours (3:30, or 3.5)",
          );
        days = hours / hoursPerDay;
      }
      if (rows.length >= MAX_CLAIM_ROWS)
        throw inputError(
          `${label}:${r.line}: more than ${MAX_CLAIM_ROWS} claims`,
          "check one team's claims at a time",
        );
      rows.push({
        line: r.line,
        who,
        name: cell(c.name),
        date,
        days,
        note: cell(c.notes),
      });
    },
    undefined,
    detectEol(new TextDecoder().decode(src.head.subarray(0, 4096))),
  );
  const decoder = new ByteDecoder();
  for await (const chunk of src.chunks()) reader.push(decoder.write(chunk));
  reader.push(decoder.end());
  reader.end();
  if (cols === null) throw inputError(`${label}: empty, with no header row`, EXPECTED);
  return rows;
}

/**
 * The claims file a command was given (`toil check --claims`, `alerts stats --claims`): a path
 * from the working directory, or `-` for a list pasted on standard input (said so on a terminal).
 */
export function readClaims(file: string, io: IO, hoursPerDay: number): Promise<ClaimedRow[]> {
  if (file !== "-") return readClaimsFile(resolve(io.cwd, file), undefined, hoursPerDay, file);
  if (io.stdinIsTTY)
    io.stderr.write("reading the claims from standard input; paste them, then press Ctrl-D to end\n");
  return readClaimsFile("-", io.stdin, hoursPerDay);
}

/** Who made a claim: the person its Email (or a username) names, else its Name; unknown, as written. */
export function claimantOf(people: PeopleIndex, list: readonly Person[]) {
  const byName = new Map(list.map((p) => [p.name.toLowerCase(), p]));
  return (row: Pick<ClaimedRow, "who" | "name">): { id: string; name: string } => {
    const p =
      people.byUsername(row.who) ?? byName.get(row.who.toLowerCase()) ?? byName.get(row.name.toLowerCase());
    return p ? { id: p.id, name: p.name } : { id: row.who, name: row.name || row.who };
  };
}
