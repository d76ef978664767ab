import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./run";

const NOW = "2026-11-27T12:00:00Z";

async function init(args: string[]) {
  const home = mkdtempSync(join(tmpdir(), "oncall-fc-init-"));
  const env = { HOME: home, XDG_CONFIG_HOME: join(home, ".config"), ONCALL_NOW: NOW };
  const r = await runCli(["config", "init", ...args], { cwd: home, env });
  const check = existsSync(join(home, ".oncallrc.yaml"))
    ? await runCli(["rota", "check", "--config", ".oncallrc.yaml"], { cwd: home, env })
    : undefined;
  return { ...r, written: existsSync(join(home, ".oncallrc.yaml")), check };
}

describe("config init refuses flags that would be lost or rejected later", () => {
  it("the same person on both lines in the same week: exit 2 naming both flags, nothing written", async () => {
    const r = await init(["--person", "alice:Alice", "--first-line", "alice", "--second-line", "alice"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^error: --first-line alice and --second-line alice: alice would be on both lines/,
    );
    expect(r.written).toBe(false);
  });

  it("a person on both lines only when the orders line up: caught in a later week", async () => {
    const r = await init([
      ...["--person", "a:A", "--person", "b:B", "--person", "c:C"],
      ...["--first-line", "a,b,c", "--second-line", "c,a"],
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/c would be on both lines in week 3 of the rota/);
  });

  it("lines that never meet are written, and rota check accepts them", async () => {
    const r = await init([
      "--person",
      "a:A",
      "--person",
      "b:B",
      "--first-line",
      "a,b",
      "--second-line",
      "b,a",
    ]);
    expect(r.stderr).not.toMatch(/^error/);
    expect(r.code).toBe(0);
    expect(r.check?.code).toBe(0);
  });

  it("--contact __proto__=...: exit 2 naming the flag, not a contact dropped in silence", async () => {
    const r = await init(["--person", "alice:Alice", "--contact", "__proto__=alice:T"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: --contact __proto__=alice:T: /);
    expect(r.written).toBe(false);
  });

  it("the same --contact id twice: exit 2", async () => {
    const r = await init(["--person", "a:A", "--contact", "boss=a", "--contact", "boss=a:Boss"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: --contact boss=a:Boss: the id is given twice/);
  });

  it("a fifth field in --person: exit 2 naming the flag", async () => {
    const r = await init(["--person", "a:A:a@example.com:+441234567890:extra"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^error: --person a:A:a@example.com:\+441234567890:extra: expected id:Full Name/,
    );
    expect(r.written).toBe(false);
  });
});
