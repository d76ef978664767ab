import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Fresh data directories (ONCALL_DATA_DIR), each holding a journal of the records given. */
export function journalDirs(prefix: string): (records?: object[]) => string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  let n = 0;
  return (records = []) => {
    const d = join(dir, `data-${++n}`);
    mkdirSync(d);
    writeFileSync(join(d, "journal.jsonl"), records.map((r) => `${JSON.stringify(r)}\n`).join(""));
    return d;
  };
}

/** A journal record of alice's, made on 4 November, with the fields given. */
export const journalRecord = (alert: string, over: object) => ({
  v: 1,
  at: "2026-11-04T09:00:00.000Z",
  person: "alice",
  alert,
  ...over,
});
