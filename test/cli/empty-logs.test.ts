import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./run";

// A quiet month's pull holds no alerts: that is no claims, not a log lacking fields (SPEC §3).
const dir = mkdtempSync(join(tmpdir(), "oncall-empty-logs-"));
const owner = join(dir, "owner.yaml");
writeFileSync(
  owner,
  "people:\n  - { id: alice, name: Alice Adams, email: alice@example.com }\ntoil:\n  attribution: owner\n",
);
const ack = join(dir, "ack.yaml");
writeFileSync(
  ack,
  "people:\n  - { id: alice, name: Alice Adams, email: alice@example.com }\ntoil:\n  attribution: acknowledger\n",
);

describe("an alert log with no alerts", () => {
  it.each([
    ["Opsgenie API JSON", '{"data":[]}'],
    ["JSM Operations JSON", '{"values":[]}'],
    ["PagerDuty REST JSON", '{"incidents":[]}'],
  ])("%s: no claims, exit 0, under owner and acknowledger attribution", async (_name, text) => {
    const file = join(dir, `${_name.replace(/\W/g, "-")}.json`);
    writeFileSync(file, text);
    for (const config of [owner, ack]) {
      const r = await runCli(["toil", "calc", file, "--config", config, "--json"], {
        env: { ONCALL_DATA_DIR: dir, ONCALL_NOW: "2026-11-27T12:00:00Z" },
      });
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).claims).toEqual([]);
    }
  });
});
