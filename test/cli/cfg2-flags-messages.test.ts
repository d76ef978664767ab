import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./run";

const root = join(__dirname, "..", "..");
const dir = mkdtempSync(join(tmpdir(), "cfg2-flags-"));
const NOW = { ONCALL_NOW: "2026-11-27T03:00:00Z" };
const R = join(dir, "R.yaml");
writeFileSync(
  R,
  readFileSync(join(root, "examples", "oncall.config.yaml"), "utf8").replace(
    /^.*attribution: owner.*\n/m,
    "",
  ),
);
const handMade = join(root, "examples", "hand-made.csv");

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe("a flag failing its schema is a usage error naming the flag", () => {
  it("toil calc --person '': exit 2, one line", async () => {
    const r = await runCli(["toil", "calc", handMade, "--config", R, "--person", ""], { env: NOW });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("error: --person: must not be empty (see --help)\n");
  });

  it("toil export --person '': the same, from the same place", async () => {
    const r = await runCli(
      ["toil", "export", handMade, "--config", R, "--out", join(dir, "out.csv"), "--person", ""],
      { env: NOW },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("error: --person: must not be empty (see --help)\n");
  });
});

describe("numbers on the command line are read strictly (decimal, finite, in range)", () => {
  it.each([["1e308"], ["0x10"], ["Infinity"], [" 2"], ["-1"], ["20000"]])(
    "rota hours --rate %j: exit 2",
    async (rate) => {
      const r = await runCli(["rota", "hours", "--month", "2026-11", "--config", R, "--rate", rate], {
        env: NOW,
      });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^error: --rate .*: expected an amount per hour from 0 to 10000/);
    },
  );

  it("rota hours --rate 2.50 still gives pay", async () => {
    const r = await runCli(
      ["rota", "hours", "--month", "2026-11", "--config", R, "--rate", "2.50", "--json"],
      {
        env: NOW,
      },
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).rate).toBe(2.5);
  });

  it.each([["0x10"], ["1e1"], ["16.0"], ["+3"]])("rota show --weeks %j: exit 2", async (weeks) => {
    const r = await runCli(["rota", "show", "--config", R, "--weeks", weeks], { env: NOW });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: --weeks .*: expected a whole number from 1 to 520/);
  });
});

describe("YAML messages", () => {
  it("an undefined alias is named as such, with its line", async () => {
    const cfg = file("alias.yaml", "people: []\ntimezone: *nope\n");
    const r = await runCli(["rota", "who", "--config", cfg], { env: NOW });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/alias\.yaml:2: the YAML alias \*nope is undefined/);
    expect(r.stderr).not.toContain("bomb");
  });

  it("a complex key is a config error, and the yaml library prints nothing of its own", async () => {
    const cfg = file("complex.yaml", "people: []\n? [a, b]\n: 1\n");
    const warn = console.warn;
    const seen: unknown[] = [];
    console.warn = (...a: unknown[]) => {
      seen.push(a);
    };
    const emit = process.emitWarning;
    process.emitWarning = ((w: unknown) => {
      seen.push(w);
    }) as typeof process.emitWarning;
    try {
      for (const cmd of [
        ["rota", "who"],
        ["rota", "check"],
      ]) {
        const r = await runCli([...cmd, "--config", cfg], { env: NOW });
        expect(r.code).toBe(3);
        expect(r.stderr + r.stdout).toMatch(/complex\.yaml:2: a complex YAML key/);
      }
    } finally {
      console.warn = warn;
      process.emitWarning = emit;
    }
    expect(seen).toEqual([]);
  });

  it("rota next names the year of a date outside the current one", async () => {
    const r = await runCli(["rota", "next", "--person", "alice", "--config", R], { env: NOW });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Wed 9 Dec 10:00 – Wed 16 Dec 10:00");
    expect(r.stdout).toContain("Wed 30 Dec 10:00 – Wed 6 Jan 2027 10:00");
    const late = await runCli(["rota", "next", "--person", "alice", "--config", R], {
      env: { ONCALL_NOW: "2099-12-20T12:00:00Z" },
    });
    expect(late.stdout).toMatch(/2100|Dec/);
    for (const line of late.stdout.split("\n").filter((l) => l.includes("Jan")))
      expect(line).toContain("2100");
  });
});
