import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { alert, at, calc } from "../helpers";
import { runCli } from "./run";

const dir = mkdtempSync(join(tmpdir(), "oncall-clean-"));
const TEAM = join(dir, "team.yaml");
writeFileSync(TEAM, "people:\n  - { id: alice, name: Alice Adams, email: alice@example.com }\n");

/** An Opsgenie API log of alice's alerts: [tinyId, created, close time in ms or null]. */
function apiLog(alerts: [string, string, number | null][]): string {
  const data = alerts.map(([tinyId, createdAt, closeTime]) => ({
    id: `id-${tinyId}`,
    tinyId,
    message: "Disk filling",
    acknowledged: true,
    tags: [],
    createdAt,
    owner: "alice@example.com",
    priority: "P3",
    report:
      closeTime === null
        ? { acknowledgedBy: "alice@example.com" }
        : { acknowledgedBy: "alice@example.com", closeTime },
  }));
  const p = join(dir, `log-${alerts.length}.json`);
  writeFileSync(p, JSON.stringify({ data }));
  return p;
}

const HOUR = 3_600_000;

describe("--infer-worked's warnings: core gives data, the command names the flags", () => {
  it("toil calc words each of them as before, in terms of --infer-worked and --worked", async () => {
    const log = apiLog([
      ["11", "2025-11-08T02:00:00.000Z", 13 * HOUR], // Saturday, closed 13 hours later
      ["12", "2025-11-04T02:00:00.000Z", 8 * HOUR], // Tuesday, closed at 10:00 in support hours
      ["13", "2025-11-06T03:00:00.000Z", null],
    ]);
    const r = await runCli(["toil", "calc", log, "--config", TEAM, "--infer-worked"]);
    expect(r.code).toBe(0);
    expect(r.stderr.split("\n").filter((l) => l.includes("--infer-worked"))).toEqual([
      "warning: --infer-worked: alert 12 was closed Tue 4 Nov 2025 10:00, after support hours had begun (closed by whoever came in?): no time worked inferred for alice's window from Tue 4 Nov 2025 02:00 (give it with --worked alice:12=DURATION)",
      "warning: --infer-worked: alert 11 was closed 13h after alice's window began, over 12 hours: no time worked inferred for that window (give it with --worked alice:11=DURATION)",
      "warning: --infer-worked: 1 window has no close time in the log, so no extra time was inferred for it",
    ]);
  });

  it("core's own words name no flag", () => {
    const over = alert("2026-11-07 02:00", { closedAt: at("2026-11-07 14:01") });
    const inHours = alert("2026-11-03 02:00", { closedAt: at("2026-11-03 10:00") });
    const open = alert("2026-11-05 02:00");
    const r = calc([over, inHours, open], { inferWorked: true });
    expect(r.warnings).toHaveLength(3);
    for (const w of r.warnings) expect(w).not.toMatch(/--/);
  });
});
