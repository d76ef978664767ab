import { describe, expect, it } from "vitest";
import { runCli } from "./run";

/** commander's own usage errors: one error line, then a hint naming the right command's help. */
describe("commander's usage errors point to the right --help", () => {
  const cases: [string[], RegExp, string][] = [
    [["bogus"], /^error: unknown command 'bogus'$/, "oncall --help"],
    [["toil", "bogus"], /^error: unknown command 'bogus'$/, "oncall toil --help"],
    [["toil", "calc", "x.csv", "--bogus"], /^error: unknown option '--bogus'$/, "oncall toil calc --help"],
    [["toil", "calc"], /^error: missing required argument 'log'$/, "oncall toil calc --help"],
    [
      ["toil", "export", "x.csv"],
      /^error: required option '--out <file>' not specified$/,
      "oncall toil export --help",
    ],
    [["rota", "who", "--at"], /^error: option '--at <datetime>' argument missing$/, "oncall rota who --help"],
    [
      ["toil", "calc", "x.csv", "--monht", "2026-11"],
      /^error: unknown option '--monht' \(Did you mean --month\?\)$/,
      "oncall toil calc --help",
    ],
  ];
  for (const [argv, error, help] of cases) {
    it(`oncall ${argv.join(" ")}: exit 2, then "run: ${help}"`, async () => {
      const r = await runCli(argv);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      const lines = r.stderr.split("\n");
      expect(lines).toHaveLength(3); // the error, the hint, and the final newline
      expect(lines[0]).toMatch(error);
      expect(lines[1]).toBe(`  run: ${help}`);
    });
  }
});
