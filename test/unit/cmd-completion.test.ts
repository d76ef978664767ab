import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { COMMANDS } from "../../src/commands/registry";
import { runCli } from "../cli/run";

const dir = mkdtempSync(join(tmpdir(), "oncall-cmd-completion-"));
const has = (shell: string) => spawnSync("sh", ["-c", `command -v ${shell}`]).status === 0;

async function script(shell: string): Promise<string> {
  const r = await runCli(["completion", shell]);
  expect(r.code).toBe(0);
  expect(r.stderr).toBe("");
  return r.stdout;
}

describe("oncall completion bash", () => {
  let file: string;
  beforeAll(async () => {
    file = join(dir, "oncall.bash");
    writeFileSync(file, await script("bash"));
  });

  it("is valid bash", () => {
    expect(spawnSync("bash", ["-n", file]).status).toBe(0);
  });

  /** The words bash would offer after `words` (the last one being completed), from the real function. */
  const complete = (...words: string[]) =>
    execFileSync(
      "bash",
      [
        "-c",
        `source "$0"; COMP_WORDS=("$@"); COMP_CWORD=$((\${#COMP_WORDS[@]} - 1)); _oncall; printf '%s\\n' "\${COMPREPLY[@]}"`,
        file,
        "oncall",
        ...words,
      ],
      { encoding: "utf8" },
    )
      .split("\n")
      .filter(Boolean);

  it.each([
    [[""], ["toil", "rota", "escalate", "alerts", "config", "completion", "help"]],
    [["ro"], ["rota"]],
    [
      ["toil", ""],
      ["calc", "export", "add", "journal"],
    ],
    [["rota", "ex"], ["export"]],
    [
      ["help", "config", "s"],
      ["show", "set"],
    ],
    [
      ["completion", ""],
      ["bash", "zsh", "fish"],
    ],
    [
      ["toil", "calc", "a.csv", "--wo"],
      ["--woken", "--worked"],
    ],
    [
      ["toil", "calc", "--format", ""],
      ["table", "json", "csv", "breathe"],
    ],
    [["--config", "team.yaml", "rota", "who", "--format", "j"], ["json"]],
    [
      ["rota", "export", "--format", ""],
      ["ics", "json"],
    ],
    [
      ["escalate", "--priority", ""],
      ["P1", "P2", "P3", "P4", "P5"],
    ],
    [
      ["escalate", "--to", "dave", "--d"],
      ["--description", "--dry-run"],
    ],
    [
      ["rota", "export", "--out", "x.ics", "--f"],
      ["--from", "--force", "--format"],
    ],
    // a flag's value: left to the shell's default (file names)
    [["toil", "calc", "--person", ""], []],
    [["toil", "export", "a.csv", "--out", ""], []],
  ])("oncall %j", (words, expected) => {
    expect(complete(...words)).toEqual(expected);
  });

  it("offers a command's own flags and the global ones, not another command's", () => {
    const flags = complete("rota", "who", "--");
    expect(flags).toEqual(expect.arrayContaining(["--at", "--json", "--config", "--no-color", "--help"]));
    expect(flags).not.toContain("--woken");
  });

  it("offers every declared flag of every command", async () => {
    for (const entry of COMMANDS) {
      const declaration = await entry.load();
      const offered = complete(...entry.name.split(" "), "--");
      for (const f of declaration.flags) expect(offered, entry.name).toContain(`--${f.long}`);
    }
  });
});

describe("oncall completion zsh", () => {
  it("runs the bash function through bashcompinit", async () => {
    const text = await script("zsh");
    expect(text).toMatch(/^autoload -U \+X bashcompinit && bashcompinit$/m);
    expect(text).toContain("_oncall() {");
    expect(text).toMatch(/^complete -o default -F _oncall oncall$/m);
    if (has("zsh")) {
      const file = join(dir, "oncall.zsh");
      writeFileSync(file, text);
      expect(spawnSync("zsh", ["-n", file]).status).toBe(0);
    }
  });
});

describe("oncall completion fish", () => {
  let text: string;
  beforeAll(async () => {
    text = await script("fish");
  });

  it("is one complete line per word and flag, quotes balanced", () => {
    for (const line of text.trimEnd().split("\n").slice(1)) {
      expect(line).toMatch(/^complete -c oncall /);
      // single-quoted words with \' and \\ escapes only
      expect(line.replace(/'(?:[^'\\]|\\.)*'/g, "")).not.toMatch(/['\\]/);
    }
    expect(text).toContain(
      "-d 'the alert\\'s message (default: who escalates to whom; asked for on a terminal)'",
    );
  });

  it("completes groups, subcommands, flags and --format values under their command", () => {
    expect(text).toContain("complete -c oncall -n '__fish_use_subcommand' -a 'toil'");
    expect(text).toContain(
      "complete -c oncall -n '__fish_seen_subcommand_from rota; and not __fish_seen_subcommand_from show who next hours check export' -a 'who'",
    );
    expect(text).toContain(
      "complete -c oncall -n '__fish_seen_subcommand_from toil; and __fish_seen_subcommand_from calc' -l format -x -a 'table json csv breathe'",
    );
    expect(text).toContain("complete -c oncall -n '__fish_seen_subcommand_from escalate' -s y -l yes");
    expect(text).toContain(
      "complete -c oncall -n '__fish_seen_subcommand_from toil; and __fish_seen_subcommand_from calc' -F",
    );
    if (has("fish")) {
      const file = join(dir, "oncall.fish");
      writeFileSync(file, text);
      expect(spawnSync("fish", ["-n", file]).status).toBe(0);
    }
  });
});

describe("oncall completion, bad input", () => {
  it("an unknown shell is a usage error", async () => {
    const r = await runCli(["completion", "tcsh"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
  });
});
