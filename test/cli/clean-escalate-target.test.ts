import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { resolveTarget, UnpageableTarget } from "../../src/core/escalation";
import { PeopleIndex } from "../../src/core/people";
import { Rota } from "../../src/core/rota";
import { london } from "../helpers";
import { runCli } from "./run";

const dir = mkdtempSync(join(tmpdir(), "oncall-clean-esc-"));
const CFG = join(dir, "team.yaml");
writeFileSync(
  CFG,
  `people:
  - { id: ann, name: Ann, email: ann@example.com }
  - { id: bo, name: Bo }
rota:
  lines:
    - { id: first-line, start: 2030-01-02, members: [ann] }
`,
);

const escalate = (to: string) =>
  runCli(["escalate", "--config", CFG, "--to", to, "--dry-run"], {
    env: { ONCALL_NOW: "2026-11-27T12:00:00Z" },
  });

describe("who --to names: core says what is wrong with the target, escalate names the flag", () => {
  it.each([
    [
      "bo",
      3,
      `error: ${CFG}: person bo (Bo) has no opsgenie username or email, so --to bo cannot be paged — add opsgenie: or email: to bo in ${CFG}`,
    ],
    [
      "first-line",
      2,
      "error: --to first-line: nobody is on first-line now — name a person or an escalation contact instead",
    ],
    [
      "nobody",
      2,
      "error: --to nobody: not an escalation contact, a line or a person — try one of: first-line, or a person id",
    ],
  ])("--to %s", async (to, code, line) => {
    const r = await escalate(to);
    expect(r.code).toBe(code);
    expect(r.stderr.split("\n")[0]).toBe(line);
  });

  it("core's error carries the target and names no flag", () => {
    const people = new PeopleIndex([{ id: "ann", name: "Ann", email: "ann@example.com" }] as never);
    const rota = new Rota({ handover: { day: "wed", time: "10:00" }, lines: [], overrides: [] }, london);
    const contacts = { boss: { person: "ghost", title: "Boss" } };
    const tries = ["boss", "nobody"].map((to) => {
      try {
        resolveTarget(to, contacts, people, rota, 0, "team.yaml");
      } catch (e) {
        return e;
      }
      return null;
    });
    expect(tries.map((e) => (e as UnpageableTarget).problem)).toEqual(["not-a-person", "unknown"]);
    for (const e of tries) {
      expect(e).toBeInstanceOf(UnpageableTarget);
      expect((e as Error).message).not.toMatch(/--/);
    }
  });
});
