import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./run";

// Friday 27 Nov 2026: the last Wednesday handover was 25 Nov, the next is 2 Dec
const NOW = "2026-11-27T12:00:00Z";

function sandbox() {
  const home = mkdtempSync(join(tmpdir(), "oncall-fix2-init-"));
  return { home, env: { HOME: home, XDG_CONFIG_HOME: join(home, ".config"), ONCALL_NOW: NOW } };
}

describe("config init starts the rota in effect now", () => {
  it("with no --start, the most recent handover: straight after, someone is on first line", async () => {
    const s = sandbox();
    const init = await runCli(
      [
        "config",
        "init",
        "--person",
        "alice:Alice",
        "--person",
        "bob:Bob",
        "--first-line",
        "alice,bob",
        "--json",
      ],
      { cwd: s.home, env: s.env },
    );
    expect(init.code).toBe(0);
    const doc = JSON.parse(init.stdout);
    expect(doc.config.rota.lines[0]).toMatchObject({ start: "2026-11-25", members: ["alice", "bob"] });
    const who = await runCli(["rota", "who", "--json", "--config", doc.file], { cwd: s.home, env: s.env });
    expect(who.code).toBe(0);
    expect(who.stdout).toContain('"alice"');
  });

  it("on the handover day before the handover time, the week before", async () => {
    const s = sandbox();
    const env = { ...s.env, ONCALL_NOW: "2026-11-25T09:00:00Z" }; // Wed 09:00, handover at 10:00
    const r = await runCli(["config", "init", "--person", "alice:Alice", "--first-line", "alice", "--json"], {
      cwd: s.home,
      env,
    });
    expect(JSON.parse(r.stdout).config.rota.lines[0].start).toBe("2026-11-18");
  });
});

describe("rota check warns of a line that has not started", () => {
  it("names when it starts and that nobody is on it until then; still exit 0", async () => {
    const dir = mkdtempSync(join(tmpdir(), "oncall-fix2-check-"));
    const cfg = join(dir, "oncall.config.yaml");
    writeFileSync(
      cfg,
      `people:
  - { id: alice, name: Alice }
rota:
  lines:
    - { id: first-line, name: First line, start: 2026-12-02, members: [alice] }
`,
    );
    const r = await runCli(["rota", "check", "--config", cfg], { env: { ONCALL_NOW: NOW } });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/First line starts Wed 2 Dec 10:00: nobody is on it until then/);
  });
});
