import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./run";

const root = join(__dirname, "..", "..");
const EXAMPLE = join(root, "examples", "alert-export-result_2026-10.csv");
const CONFIG = join(root, "examples", "oncall.config.yaml");
const dir = mkdtempSync(join(tmpdir(), "oncall-out-help-"));

describe("help and version", () => {
  it("oncall help toil calc shows toil calc's help, as toil calc --help does", async () => {
    const viaHelp = await runCli(["help", "toil", "calc"]);
    const viaFlag = await runCli(["toil", "calc", "--help"]);
    expect(viaHelp.code).toBe(0);
    expect(viaHelp.stdout).toMatch(/^Usage: oncall toil calc \[options\] <log\.\.\.>/);
    expect(viaHelp.stdout).toBe(viaFlag.stdout);
    const group = await runCli(["help", "rota"]);
    expect(group.stdout).toMatch(/^Usage: oncall rota /);
  });

  it("oncall help with a command that does not exist is a usage error", async () => {
    const r = await runCli(["help", "toil", "nope"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown command 'nope'/);
  });

  it("a subcommand's help lists the global options", async () => {
    const r = await runCli(["rota", "who", "--help"]);
    expect(r.stdout).toMatch(/Global Options:/);
    for (const flag of ["--config <path>", "--json", "--no-color", "--no-input", "--verbose"])
      expect(r.stdout.split("Global Options:")[1]).toContain(flag);
  });

  it.each([["-v"], ["-V"], ["--version"]])("%s prints the version", async (flag) => {
    const r = await runCli([flag]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\d+\.\d+\.\d+\S*\n$/);
    expect(r.stderr).toBe("");
  });

  it("the root help shows -v, --version", async () => {
    const r = await runCli(["--help"]);
    expect(r.stdout).toMatch(/-v, --version +print the version/);
  });
});

describe("period labels", () => {
  it.each([
    [["--from", "2026-10-15"], "from 2026-10-15"],
    [["--to", "2026-10-20"], "to 2026-10-20"],
    [["--from", "2026-10-15", "--to", "2026-10-20"], "2026-10-15 to 2026-10-20"],
  ])("%j -> %s", async (flags, label) => {
    const table = await runCli(["toil", "calc", EXAMPLE, "--config", CONFIG, ...flags]);
    // the title is for a person: on stderr when piped, before the rows
    expect(table.stderr.split("\n")[0]).toMatch(new RegExp(`^TOIL claims, period ${label}  `));
    const json = await runCli(["toil", "calc", EXAMPLE, "--config", CONFIG, "--json", ...flags]);
    expect(JSON.parse(json.stdout).period.label).toBe(label);
  });
});

describe("toil calc --verbose", () => {
  it("lists skipped alerts as a table: alert, reason, detail (piped: tab-separated, on stderr)", async () => {
    const log = join(dir, "log.csv");
    writeFileSync(
      log,
      [
        "id,created_at,message,acknowledged_by",
        "a,2026-11-03T11:00:00Z,in hours,alice@example.com",
        "a-much-longer-alert-id,2026-11-04T11:00:00Z,in hours,alice@example.com",
        "b,2026-10-03T02:00:00Z,before the period,alice@example.com",
        "",
      ].join("\n"),
    );
    const team = join(dir, "team.yaml");
    writeFileSync(team, "people:\n  - { id: alice, name: Alice Adams, email: alice@example.com }\n");
    const r = await runCli(["toil", "calc", log, "--config", team, "--month", "2026-11", "--verbose"]);
    expect(r.code).toBe(0);
    const listed = r.stderr.split("\n").filter((l) => l.includes("\t"));
    expect(listed).toHaveLength(3);
    for (const l of listed) expect(l.split("\t")).toHaveLength(3);
    expect(listed.map((l) => l.split("\t")[0]).sort()).toEqual(["a", "a-much-longer-alert-id", "b"]);
    // on a terminal, a boxed table: the columns line up
    const tty = await runCli(
      ["toil", "calc", log, "--config", team, "--month", "2026-11", "--verbose", "--no-color"],
      {
        tty: true,
      },
    );
    const boxed = tty.stdout.split("\n").filter((l) => /^│ (a|b)/.test(l));
    expect(boxed).toHaveLength(3);
    expect(new Set(boxed.map((l) => l.indexOf("│", 2))).size).toBe(1);
  });
});
