/**
 * Days claimed per person, from a CSV of claims made (`toil calc --format breathe` output, or a
 * list from BreatheHR): at least `Name` or `Email`, and `Days` or `Hours`. What `alerts stats
 * --claims` sets beside the computed days. (A stop-gap until `toil check`'s claims reader exists:
 * the two should be one.)
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { inputError } from "../errors";
import { CsvReader, detectEol } from "./csv";

interface PersonKey {
  id: string;
  name: string;
  email: string | null;
}

export function readClaimedDays(
  file: string,
  cwd: string,
  people: readonly PersonKey[],
  hoursPerDay: number,
): Map<string, number> {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, file), "utf8").replace(/^\uFEFF/, "");
  } catch (e) {
    throw inputError(
      `--claims ${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? "error"})`,
      "check the path",
    );
  }
  const rows: { line: number; cells: string[] }[] = [];
  const reader = new CsvReader(
    file,
    (r) => rows.push({ line: r.line, cells: r.fields() }),
    undefined,
    detectEol(text),
  );
  reader.push(text);
  reader.end();
  const header = (rows.shift()?.cells ?? []).map((h) => h.trim().toLowerCase());
  const col = (name: string) => header.indexOf(name);
  const [nameCol, emailCol, daysCol, hoursCol] = [col("name"), col("email"), col("days"), col("hours")];
  if ((nameCol < 0 && emailCol < 0) || (daysCol < 0 && hoursCol < 0))
    throw inputError(
      `${file}:1: a claims file needs a Name or Email column and a Days or Hours column`,
      "toil calc --format breathe writes one",
    );
  const byEmail = new Map(people.filter((p) => p.email).map((p) => [p.email!.toLowerCase(), p.id]));
  const byName = new Map(people.map((p) => [p.name.toLowerCase(), p.id]));
  const out = new Map<string, number>();
  for (const { line, cells } of rows) {
    if (cells.every((c) => c.trim() === "")) continue;
    const email = emailCol >= 0 ? (cells[emailCol] ?? "").trim().toLowerCase() : "";
    const name = nameCol >= 0 ? (cells[nameCol] ?? "").trim() : "";
    const who = byEmail.get(email) ?? byName.get(name.toLowerCase()) ?? (email || name);
    const days =
      daysCol >= 0 && (cells[daysCol] ?? "").trim() !== ""
        ? Number(cells[daysCol])
        : hoursOf((cells[hoursCol] ?? "").trim()) / hoursPerDay;
    if (!Number.isFinite(days) || days < 0)
      throw inputError(
        `${file}:${line}: Days or Hours is not an amount`,
        "expected e.g. Days 0.5 or Hours 3:30",
      );
    out.set(who, Math.round(((out.get(who) ?? 0) + days) * 10_000) / 10_000);
  }
  return out;
}

/** `3:30` or `3.5` hours. */
function hoursOf(text: string): number {
  const m = /^(\d+):([0-5]\d)$/.exec(text);
  return m ? Number(m[1]) + Number(m[2]) / 60 : text === "" ? Number.NaN : Number(text);
}
