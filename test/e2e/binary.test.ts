import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

const root = join(__dirname, "..", "..");
const BIN = join(root, "bin", "oncall.js");
const EXAMPLE = join(root, "examples", "alert-export-result_2026-10.csv");
const CONFIG = join(root, "examples", "oncall.config.yaml");
const home = mkdtempSync(join(tmpdir(), "oncall-e2e-"));

/** The built binary, as a user runs it: no TTY, NO_COLOR=1, a clean HOME. */
function oncall(args: string[], input?: string, env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: home,
    input,
    encoding: "utf8",
    env: { PATH: process.env.PATH, HOME: home, NO_COLOR: "1", ONCALL_NOW: "2026-11-27T12:00:00Z", ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The bundle bin/oncall.js loads (scripts/build.mjs writes it). */
const BUNDLE = join(root, "dist", "cli.cjs");

/** Newest modification time of what goes into the bundle. */
function newestSource(): number {
  const files = readdirSync(join(root, "src"), { recursive: true, encoding: "utf8" }).map((f) =>
    join(root, "src", f),
  );
  files.push(join(root, "scripts", "build.mjs"), join(root, "package.json"));
  return Math.max(...files.map((f) => statSync(f).mtimeMs));
}

// Test the code as it is now: build when the bundle is missing or older than its sources (a
// stale bundle would test yesterday's code), and otherwise leave dist/ alone, since other
// files run the binary at the same time.
beforeAll(() => {
  if (!existsSync(BUNDLE) || statSync(BUNDLE).mtimeMs < newestSource())
    execFileSync(process.execPath, [join(root, "scripts", "build.mjs")], { cwd: root });
  if (!existsSync(BUNDLE)) throw new Error(`the build wrote no ${BUNDLE}`);
});

describe("the built binary", () => {
  it("runs the README's main job", () => {
    const r = oncall(["toil", "calc", EXAMPLE, "--config", CONFIG]);
    expect(r.code).toBe(0);
    // piped: the claims on stdout, the title and totals (for a person) on stderr
    expect(r.stderr).toMatch(/^TOIL claims, all alerts in the log/);
    expect(r.stderr).toMatch(/^all\t\t14\t24\t4.75\t33:15$/m);
    for (const line of r.stdout.replace(/\n$/, "").split("\n")) expect(line.split("\t")).toHaveLength(8);
  });

  it("--json pipes into a JSON parser, warnings stay on stderr", () => {
    const r = oncall(["toil", "calc", EXAMPLE, "--json", "--person", "alice@example.com"]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.schemaVersion).toBe(1);
    expect(doc.claims.every((c: { person: string }) => c.person === "alice@example.com")).toBe(true);
    expect(r.stderr).toMatch(/^warning: no team config found/);
  });

  it("reads standard input", () => {
    const csv = "Alert ID,TinyID,CreatedAt,Owner\nx,1,1762200000000,alice@example.com\n";
    const r = oncall(["toil", "calc", "-", "--json", "--config", CONFIG], csv);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).claims[0].person).toBe("alice");
  });

  it("exit codes: usage 2, config 3, input 4; one line, no stack trace", () => {
    const usage = oncall(["toil", "calc"]);
    expect(usage.code).toBe(2);
    expect(usage.stdout).toBe("");

    const badConfig = join(home, "bad.yaml");
    writeFileSync(badConfig, "people: {}\n");
    const config = oncall(["toil", "calc", EXAMPLE, "--config", badConfig]);
    expect(config.code).toBe(3);
    expect(config.stderr).toBe(
      `error: ${badConfig}:1: people: expected a list — see docs/config.md for every key\n`,
    );

    const badLog = join(home, "bad.csv");
    writeFileSync(badLog, "Alert ID,TinyID,CreatedAt\nx,1,\n");
    const input = oncall(["toil", "calc", badLog, "--config", CONFIG]);
    expect(input.code).toBe(4);
    expect(input.stderr.trim().split("\n")).toHaveLength(1);
    expect(input.stderr).not.toMatch(/\bat .*\.js:\d+/);
    expect(input.stdout).toBe("");
  });

  it("--version and --help", () => {
    expect(oncall(["--version"]).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    const help = oncall(["toil", "calc", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Examples:/);
  });

  it("keeps compiled code in the user's cache; a damaged or missing cache changes nothing", () => {
    const cacheHome = mkdtempSync(join(tmpdir(), "oncall-cache-"));
    const args = ["toil", "calc", EXAMPLE, "--config", CONFIG, "--json"];
    const first = oncall(args, undefined, { XDG_CACHE_HOME: cacheHome });
    const files = readdirSync(join(cacheHome, "oncall"));
    expect(files.some((f) => f.startsWith("cli-") && f.endsWith(".v8cache"))).toBe(true);
    writeFileSync(join(cacheHome, "oncall", files[0]!), "not V8 data");
    const damaged = oncall(args, undefined, { XDG_CACHE_HOME: cacheHome });
    expect(damaged.code).toBe(0);
    expect(damaged.stdout).toBe(first.stdout);
    const off = mkdtempSync(join(tmpdir(), "oncall-nocache-"));
    const uncached = oncall(args, undefined, { XDG_CACHE_HOME: off, ONCALL_NO_COMPILE_CACHE: "1" });
    expect(uncached.stdout).toBe(first.stdout);
    expect(readdirSync(off)).toEqual([]);
  });

  it("rota who, show and export from the built binary", () => {
    const who = oncall(["rota", "who", "--config", CONFIG, "--json"]);
    expect(who.code).toBe(0);
    expect(JSON.parse(who.stdout).lines.map((l: { person: string }) => l.person)).toEqual(["bob", "dave"]);
    const show = oncall(["rota", "show", "--config", CONFIG]);
    expect(show.stdout).toMatch(/^First line\tCarol Clark\tSat 28 Nov 18:00\tSun 29 Nov 10:00\toverride/m);
    const ics = oncall(["rota", "export", "--ics", "--config", CONFIG, "--weeks", "1"]);
    expect(ics.stdout).toMatch(/^BEGIN:VCALENDAR\r\n[\s\S]*END:VCALENDAR\r\n$/);
    const check = oncall(["rota", "check", "--config", CONFIG]);
    expect(check.code).toBe(0);
  });

  it("config init and set from the built binary, with no terminal", () => {
    const dir = mkdtempSync(join(tmpdir(), "oncall-e2e-init-"));
    const init = spawnSync(
      process.execPath,
      [BIN, "config", "init", "--person", "ann:Ann Ash:ann@example.com", "--first-line", "ann"],
      {
        cwd: dir,
        encoding: "utf8",
        env: { PATH: process.env.PATH, HOME: dir, NO_COLOR: "1", ONCALL_NOW: "2026-11-27T12:00:00Z" },
      },
    );
    expect(init.status).toBe(0);
    expect(readdirSync(dir)).toContain(".oncallrc.yaml");
    const set = spawnSync(process.execPath, [BIN, "config", "set", "me", "ann"], {
      cwd: dir,
      encoding: "utf8",
      env: { PATH: process.env.PATH, HOME: dir, NO_COLOR: "1" },
    });
    expect(set.status).toBe(0);
    const next = spawnSync(process.execPath, [BIN, "rota", "next"], {
      cwd: dir,
      encoding: "utf8",
      env: { PATH: process.env.PATH, HOME: dir, NO_COLOR: "1", ONCALL_NOW: "2026-11-27T12:00:00Z" },
    });
    // the rota starts at the handover in effect now (issue 8), so ann is on call already
    expect(next.stdout).toMatch(
      /^Ann Ash \(ann\) is on call:\n {2}First line: Wed 25 Nov 10:00 – Wed 2 Dec 10:00 \(now\)/,
    );
  });

  it("the packages loaded only when needed work from the compiled-code cache too", () => {
    const cacheHome = mkdtempSync(join(tmpdir(), "oncall-lazy-"));
    const env = { XDG_CACHE_HOME: cacheHome, XDG_CONFIG_HOME: join(cacheHome, "config") };
    // a year outside the generated bank-holiday table: date-holidays is loaded
    const log = join(cacheHome, "2070.csv");
    writeFileSync(log, `Alert ID,TinyID,CreatedAt,Owner\nx,1,${Date.UTC(2070, 0, 1, 3)},alice@example.com\n`);
    for (let run = 0; run < 2; run++) {
      const calc = oncall(["toil", "calc", log, "--config", CONFIG, "--json"], undefined, env);
      expect(calc.code).toBe(0);
      expect(JSON.parse(calc.stdout).claims).toHaveLength(1);
      // personal settings: conf is loaded
      const set = oncall(["config", "set", "me", "alice"], undefined, env);
      expect(set.code).toBe(0);
      expect(oncall(["config", "get", "me"], undefined, env).stdout).toBe("alice\n");
    }
  });
});
