import { describe, expect, it } from "vitest";
import { COMMANDS, GLOBAL_FLAGS, GROUPS } from "../../src/commands/registry";
import { runCli } from "./run";

const help = async (...path: string[]) =>
  (await runCli([...path, "--help"])).stdout.replace(/\n\s{10,}/g, " ");

describe("help, generated from the declarations, says things one way", () => {
  it("every default is written (default: X)", async () => {
    const descriptions = [...GLOBAL_FLAGS.map((f) => f.description)];
    for (const entry of COMMANDS) {
      const declaration = await entry.load();
      for (const f of declaration.flags) descriptions.push(`${entry.name} --${f.long}: ${f.description}`);
    }
    const odd = descriptions.filter((d) =>
      [...d.matchAll(/default/g)].some((m) => !d.startsWith("(default: ", m.index! - 1)),
    );
    expect(odd).toEqual([]);
  });

  it("a command's --format line lists its formats once", async () => {
    for (const entry of COMMANDS) {
      const text = await help(...entry.name.split(" "));
      expect(text, entry.name).not.toMatch(/--format.*\(choices:/);
    }
    expect(await help("toil", "calc")).toMatch(/--format <format> +table, json, csv or breathe\n/);
  });

  it("commands with formats of their own show them; completion, which has none, shows no --format", async () => {
    for (const [name, formats] of [
      ["path", "table or json"],
      ["get", "table or json"],
      ["set", "table or json"],
      ["init", "text or json"],
    ] as const) {
      const text = await help("config", name);
      expect(text, name).toMatch(new RegExp(`--format <format> +${formats}\\n`));
      expect(text, name).not.toContain("see each command");
    }
    expect(await help("completion")).not.toMatch(/--format|--json/);
  });

  it("toil export --help says --out - writes to standard output", async () => {
    expect(await help("toil", "export")).toMatch(/--out <file> +.*- for standard output/);
  });

  it("a group's help command gives an example of that group", async () => {
    for (const group of GROUPS) {
      const first = COMMANDS.find((c) => c.name.startsWith(`${group.name} `))!.name.split(" ")[1];
      expect(await help(group.name), group.name).toMatch(
        new RegExp(
          `help \\[command\\.\\.\\.\\] +show help for a command, e\\.g\\. oncall ${group.name} help ${first}\\n`,
        ),
      );
    }
    expect(await help()).toMatch(/show help for a command, e\.g\. oncall help toil calc/);
  });

  it("a format a command does not have is still refused", async () => {
    const r = await runCli(["config", "path", "--format", "csv"]);
    expect(r.code).toBe(2);
  });
});
