import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable, Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli";
import { runCli } from "./run";

// Personal settings: what `config set` accepts, and settings files of hostile shapes (SPEC §1, §6).
const CONFIG = join(__dirname, "..", "..", "examples", "oncall.config.yaml");
const KEY = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";

function home() {
  const dir = mkdtempSync(join(tmpdir(), "oncall-esc2-"));
  const file = join(dir, ".config", "oncall", "settings.json");
  mkdirSync(join(dir, ".config", "oncall"), { recursive: true });
  return { env: { HOME: dir, XDG_CONFIG_HOME: join(dir, ".config") }, file };
}

describe("config set opsgenie.apiKey checks the value as escalate would", () => {
  it.each([
    ["a space", "abcdefgh ijklmnopq", "contains a space"],
    ["an escape character", "abcdefgh\u001bijklmnopq", "contains a character that is not printable ASCII"],
    ["a line break", "abcdefgh\nijklmnopq", "contains a line break"],
    ["too short", "abc", "has only 3 characters"],
  ])("%s: exit 2, nothing written, the value never shown", async (_what, value, problem) => {
    const h = home();
    const r = await runCli(["config", "set", "opsgenie.apiKey"], { env: h.env, stdin: value });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`the value given for opsgenie.apiKey on standard input ${problem}`);
    expect(r.stdout + r.stderr).not.toContain("ijklmnopq");
    expect(existsSync(h.file)).toBe(false);
  });

  it("a good key is written", async () => {
    const h = home();
    const r = await runCli(["config", "set", "opsgenie.apiKey"], { env: h.env, stdin: `${KEY}\n` });
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(h.file, "utf8")).opsgenie.apiKey).toBe(KEY);
  });

  it("standard input that never ends (/dev/zero): read no further than 4 KiB, exit 2", async () => {
    const h = home();
    let pulled = 0;
    const limit = 64 * 1024 * 1024; // so a reader with no cap still ends
    const stdin = Object.assign(
      new Readable({
        read() {
          if (pulled >= limit) return void this.push(null);
          pulled += 64 * 1024;
          this.push(Buffer.alloc(64 * 1024));
        },
      }),
      { isTTY: false },
    );
    let err = "";
    const sink = (isTTY: boolean, onText: (s: string) => void) =>
      Object.assign(
        new Writable({
          write(c, _e, done) {
            onText(String(c));
            done();
          },
        }),
        { isTTY },
      );
    const code = await main(["config", "set", "opsgenie.apiKey"], {
      stdout: sink(false, () => {}),
      stderr: sink(false, (s) => {
        err += s;
      }),
      stdin,
      env: { ...h.env, ONCALL_NOW: "2026-11-27T12:00:00Z" },
      cwd: process.cwd(),
    });
    expect(code).toBe(2);
    expect(err).toContain("more than 4 KiB on standard input");
    expect(pulled).toBeLessThan(1024 * 1024);
    expect(existsSync(h.file)).toBe(false);
  });
});

describe("config set: other values, and --json", () => {
  it.each([[""], ["   "]])("me %j: exit 2", async (v) => {
    const h = home();
    const r = await runCli(["config", "set", "me", v], { env: h.env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: me cannot be empty/);
    expect(existsSync(h.file)).toBe(false);
  });

  it("--json prints what was written and where", async () => {
    const h = home();
    const r = await runCli(["config", "set", "me", "alice", "--json"], { env: h.env });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ schemaVersion: 1, file: h.file, key: "me", value: "alice" });
  });

  it("--json for a secret: the value is shown as [hidden], never the key", async () => {
    const h = home();
    const r = await runCli(["config", "set", "opsgenie.apiKey", "--json"], { env: h.env, stdin: KEY });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      schemaVersion: 1,
      file: h.file,
      key: "opsgenie.apiKey",
      value: "[hidden]",
    });
    expect(r.stdout + r.stderr).not.toContain(KEY);
  });
});

describe("a settings file of the wrong shape or kind: exit 3 naming the file", () => {
  it.each([
    [{ me: 5 }, "me", ["config", "get"]],
    [{ opsgenie: { apiKey: 5 } }, "opsgenie.apiKey", ["escalate", "--config", CONFIG, "--to", "head-of-ops"]],
    [{ opsgenie: { region: ["eu"] } }, "opsgenie.region", ["config", "get", "me"]],
    [{ opsgenie: "eu" }, "opsgenie", ["config", "set", "me", "alice"]],
  ])("%j: exit 3 naming the file and the key, not the value", async (content, key, argv) => {
    const h = home();
    writeFileSync(h.file, JSON.stringify(content), { mode: 0o600 });
    const r = await runCli(argv, { env: { ...h.env, ONCALL_OPSGENIE_URL: "http://127.0.0.1:1234" } });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`your personal settings file ${h.file}: ${key} is not`);
  });

  it("larger than 1 MiB: exit 3 naming the file", async () => {
    const h = home();
    writeFileSync(h.file, JSON.stringify({ me: "alice", pad: "x".repeat(2 * 1024 * 1024) }), { mode: 0o600 });
    const r = await runCli(["config", "get", "me"], { env: h.env });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`your personal settings file ${h.file} is larger than 1 MiB`);
  });

  it("a symbolic link to /dev/zero: exit 3 at once, not read", async () => {
    const h = home();
    symlinkSync("/dev/zero", h.file);
    const r = await runCli(["config", "get"], { env: h.env });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`your personal settings file ${h.file} is not a regular file`);
  });

  it("a FIFO: exit 3 at once, not opened", async () => {
    const h = home();
    execFileSync("mkfifo", [h.file]);
    const r = await runCli(["config", "get", "me"], { env: h.env });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`your personal settings file ${h.file} is not a regular file`);
  });
});

describe("a settings file holding JSON that is not an object", () => {
  it.each([["5"], ["[]"], ['"me"'], ["null"]])(
    "%s: exit 3 naming the file, and it is not overwritten",
    async (text) => {
      const h = home();
      writeFileSync(h.file, text, { mode: 0o600 });
      const get = await runCli(["config", "get", "me"], { env: h.env });
      expect(get.code).toBe(3);
      expect(get.stderr).toContain(
        `your personal settings file ${h.file} does not hold a JSON object of settings`,
      );
      const set = await runCli(["config", "set", "me", "alice"], { env: h.env });
      expect(set.code).toBe(3);
      expect(readFileSync(h.file, "utf8")).toBe(text);
    },
  );
});
