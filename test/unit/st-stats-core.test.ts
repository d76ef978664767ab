import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openLog } from "../../src/adapters/logs";
import type { Alert } from "../../src/core/alert";
import { foldMessage, nearestRank, nightOf } from "../../src/core/stats";
import { escapeHtml } from "../../src/render/stats-html";
import { shade } from "../../src/render/stats-text";
import { london } from "../helpers";

describe("alerts stats: the pieces", () => {
  it("folds numbers and ids out of messages, so re-fires of one problem are one source", () => {
    expect(foldMessage("Disk 91% on db-1")).toBe("Disk #% on db-#");
    expect(foldMessage("Job 8418d193-aaaa-4bbb-8ccc-000000000001 failed")).toBe("Job <id> failed");
    expect(foldMessage("pod web-7f9c4b8d5x restarted 3 times")).toBe("pod web-<id> restarted # times");
    expect(foldMessage("Site down")).toBe("Site down");
  });

  it("nearest-rank percentiles: the value at rank ⌈p·n⌉", () => {
    expect(nearestRank([], 0.5)).toBeNull();
    expect(nearestRank([7], 0.9)).toBe(7);
    expect(nearestRank([1, 2, 3, 4], 0.5)).toBe(2);
    expect(nearestRank([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9);
    expect(nearestRank([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 0.9)).toBe(10);
  });

  it("a night runs 12:00 to 12:00 local, across the clock change", () => {
    const zone = london;
    const day = (d: string) => Math.floor(Date.parse(`${d}T00:00:00Z`) / 86_400_000);
    expect(nightOf(Date.parse("2026-03-29T01:30:00Z"), zone)).toBe(day("2026-03-28")); // 02:30 BST
    expect(nightOf(Date.parse("2026-03-29T11:30:00Z"), zone)).toBe(day("2026-03-29")); // 12:30 BST
    expect(nightOf(Date.parse("2026-03-29T10:59:00Z"), zone)).toBe(day("2026-03-28")); // 11:59 BST
  });

  it("heat-map shades: none for zero, solid for the busiest", () => {
    expect(shade(0, 5)).toBe(" ");
    expect(shade(1, 5)).toBe("░");
    expect(shade(5, 5)).toBe("█");
    expect(shade(2, 5)).toBe("▒");
  });

  it("HTML text is escaped, markup and controls alike", () => {
    expect(escapeHtml(`<b a="1">'x' & y\u0007\u202e`)).toBe(
      "&lt;b a=&quot;1&quot;&gt;&#39;x&#39; &amp; y&#x7;&#x202e;",
    );
  });

  it("the Opsgenie export's Count is read for re-fires", async () => {
    const log = await openLog(join(__dirname, "..", "fixtures", "opsgenie-current.csv"), { lenient: false });
    const alerts: Alert[] = [];
    await log.read({
      alert: (a) => {
        alerts.push(a);
        return true;
      },
      warning: () => {},
      unreadable: () => {},
    });
    expect(alerts.find((a) => a.tinyId === "6004")?.count).toBe(3);
  });
});
