import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The oncall CSV header with every column (docs/alert-logs.md). */
export const ONCALL_CSV_HEADER =
  "id,created_at,message,priority,tags,teams,acknowledged_by,acknowledged_at,closed_at,woken,worked";

/** Writes oncall CSV logs into a temporary directory of their own: `log(name, rows)` → its path. */
export function oncallLogs(prefix: string): (name: string, rows: string[]) => string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return (name, rows) => {
    const p = join(dir, name);
    writeFileSync(p, `${[ONCALL_CSV_HEADER, ...rows].join("\n")}\n`);
    return p;
  };
}
