import { chmodSync, mkdirSync, mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FakeOpsgenie, fakeNet } from "../support/fake-opsgenie";
import { runCli } from "./run";

// Personal settings are needed only for what they hold (SPEC §6).
const CONFIG = join(__dirname, "..", "..", "examples", "oncall.config.yaml");
const KEY = "test-default-api-key-0000";
const SECRET_IN_FILE = "stored-secret-key-77";
const fake = new FakeOpsgenie();

function home(content?: string, mode = 0o600) {
  const dir = mkdtempSync(join(tmpdir(), "oncall-esc-settings-"));
  const file = join(dir, ".config", "oncall", "settings.json");
  if (content !== undefined) {
    mkdirSync(join(dir, ".config", "oncall"), { recursive: true });
    writeFileSync(file, content);
    chmodSync(file, mode);
  }
  return {
    env: { HOME: dir, XDG_CONFIG_HOME: join(dir, ".config"), ONCALL_NOW: "2026-11-27T03:00:00Z" },
    file,
  };
}

const CORRUPT = `{"opsgenie": {"apiKey": "${SECRET_IN_FILE}", `;

beforeAll(() => fake.start());
afterAll(() => fake.stop());
beforeEach(() => fake.reset());

describe("a corrupt settings file", () => {
  it("escalate with the key in the environment warns, naming the file, and pages", async () => {
    const h = home(CORRUPT);
    const r = await runCli(["escalate", "--config", CONFIG, "--to", "head-of-ops", "--alert", "s1"], {
      env: { ...h.env, ONCALL_OPSGENIE_URL: fake.url, OPSGENIE_API_KEY: KEY },
      net: fakeNet(),
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      `warning: your personal settings file ${h.file} is not valid JSON; going on without your personal settings`,
    );
    expect(r.stdout).toMatch(/^Paged Dave Davies/);
    expect(r.stdout + r.stderr).not.toContain(SECRET_IN_FILE);
  });

  it("escalate that needs the key from it: exit 3 naming the file, never its contents", async () => {
    const h = home(CORRUPT);
    const r = await runCli(["escalate", "--config", CONFIG, "--to", "head-of-ops"], {
      env: { ...h.env, ONCALL_OPSGENIE_URL: fake.url },
      net: fakeNet(),
    });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(
      new RegExp(`^error: your personal settings file ${h.file} is not valid JSON — `),
    );
    expect(r.stderr).not.toContain(SECRET_IN_FILE);
    expect(r.stderr).not.toContain("apiKey");
    expect(fake.requests).toHaveLength(0);
  });

  it.each([[["config", "get"]], [["config", "get", "me"]], [["config", "set", "me", "alice"]]])(
    "%j: exit 3 naming the file, never its contents",
    async (argv) => {
      const h = home(CORRUPT);
      const r = await runCli(argv, { env: h.env });
      expect(r.code).toBe(3);
      expect(r.stderr).toContain(`your personal settings file ${h.file} is not valid JSON`);
      expect(r.stdout + r.stderr).not.toContain(SECRET_IN_FILE);
    },
  );

  it("a settings file that is a directory: exit 3 naming it", async () => {
    const h = home();
    mkdirSync(h.file, { recursive: true });
    const r = await runCli(["config", "get"], { env: h.env });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`your personal settings file ${h.file} cannot be read (EISDIR)`);
  });

  it("config path still works", async () => {
    const h = home(CORRUPT);
    const r = await runCli(["config", "path"], { env: h.env });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`personal settings: ${h.file}`);
  });
});

describe("a settings file others can read", () => {
  it("gets a warning, and is made 0600 when next written", async () => {
    const h = home(JSON.stringify({ me: "alice" }), 0o644);
    const r = await runCli(["config", "set", "opsgenie.region", "eu"], { env: h.env });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      `warning: ${h.file} can be read by other users of this machine; it will be made private (0600) when next written`,
    );
    expect(statSync(h.file).mode & 0o777).toBe(0o600);
  });

  it("escalate warns about it too, and still pages", async () => {
    const h = home(JSON.stringify({ me: "alice" }), 0o640);
    const r = await runCli(["escalate", "--config", CONFIG, "--to", "head-of-ops", "--alert", "s2"], {
      env: { ...h.env, ONCALL_OPSGENIE_URL: fake.url, OPSGENIE_API_KEY: KEY },
      net: fakeNet(),
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`warning: ${h.file} can be read by other users of this machine`);
  });
});
