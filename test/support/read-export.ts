import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openLog } from "../../src/adapters/logs";
import type { Alert } from "../../src/core/alert";

/** The alerts a log's text reads as, through the reader the registry picks for it (a file in a new directory). */
export async function readExportText(text: string, name = "export.csv"): Promise<Alert[]> {
  const path = join(mkdtempSync(join(tmpdir(), "oncall-read-export-")), name);
  writeFileSync(path, text);
  const log = await openLog(path, { lenient: false, stdin: process.stdin });
  const alerts: Alert[] = [];
  await log.read({
    alert: (a) => {
      alerts.push(a);
      return true;
    },
    unreadable: () => {},
  });
  return alerts;
}
