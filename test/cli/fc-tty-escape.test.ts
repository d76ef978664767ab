import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./run";

const root = join(__dirname, "..", "..");
const dir = mkdtempSync(join(tmpdir(), "oncall-fc-tty-"));
// the example config with a name carrying an OSC title write (ESC ... BEL), a right-to-left
// override and a C1 control
const EVIL = join(dir, "evil.yaml");
writeFileSync(
  EVIL,
  readFileSync(join(root, "examples", "oncall.config.yaml"), "utf8").replace(
    "name: Alice Adams",
    'name: "Alice\\e]0;pwned\\aAdams\\u202e\\u0085x"',
  ),
);
const RAW = /[\u001b\u0007\u202e\u0085]/;
const env = { ONCALL_NOW: "2026-11-27T03:00:00Z" };

describe("outside text is escaped on a terminal, exact elsewhere", () => {
  it("rota export --ics on a terminal: the name's ESC, BEL, U+202E and C1 shown escaped, CRLF kept", async () => {
    const r = await runCli(["rota", "export", "--ics", "--config", EVIL], { tty: true, env });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(RAW);
    // RFC 5545 TEXT has no control characters: ESC, BEL and C1 are dropped from the feed (fix3)
    expect(r.stdout).toContain("SUMMARY:First line: Alice]0\\;pwnedAdams\\u202ex\r\n");
    expect(r.stdout.startsWith("BEGIN:VCALENDAR\r\n")).toBe(true);
  });

  it("rota export --ics piped: the feed is exact", async () => {
    const r = await runCli(["rota", "export", "--ics", "--config", EVIL], { env });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("SUMMARY:First line: Alice]0\\;pwnedAdams\u202ex\r\n");
  });

  it("config show on a terminal: bidi and C1 escaped as well as YAML's own escapes", async () => {
    const r = await runCli(["config", "show", "--config", EVIL], { tty: true, env });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(RAW);
    expect(r.stdout).toContain('name: "Alice\\e]0;pwned\\aAdams\\u202e\\x85x"');
  });

  it("config show piped: the YAML is exact", async () => {
    const r = await runCli(["config", "show", "--config", EVIL], { env });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('name: "Alice\\e]0;pwned\\aAdams\u202e\u0085x"');
  });
});
