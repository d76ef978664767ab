import * as z from "zod/mini";
import type { CommandContext } from "./context";
import { type CommandDeclaration, commandOptions, defineCommand, type FlagDeclaration } from "./define";
import { COMMANDS, formatsText, GLOBAL_FLAGS, GROUPS } from "./registry";

const SHELLS = ["bash", "zsh", "fish"] as const;
type Shell = (typeof SHELLS)[number];

/** A word to offer, with its description (fish shows it). */
interface Word {
  name: string;
  summary: string;
}

/** A flag as completion sees it: its spellings, whether a value follows, the values to offer. */
interface FlagWords {
  names: string[];
  description: string;
  value: boolean;
  choices: readonly string[];
}

/** What completion knows: the words after each command path ("" is the top), and each command's flags. */
export interface CompletionTree {
  words: Map<string, Word[]>;
  flags: Map<string, FlagWords[]>;
  /** commands whose arguments are file names */
  files: Set<string>;
}

const HELP: FlagWords = { names: ["-h", "--help"], description: "show help", value: false, choices: [] };

function flagWords(f: FlagDeclaration): FlagWords {
  return {
    names: [...(f.short ? [`-${f.short}`] : []), `--${f.long}`],
    description: f.description,
    value: f.value !== undefined && !f.valueOptional,
    choices: f.choices ?? [],
  };
}

/** The tree from the registry and every command's declaration (all loaded: completion is rare). */
export async function completionTree(): Promise<CompletionTree> {
  const words = new Map<string, Word[]>([["", []]]);
  const flags = new Map<string, FlagWords[]>();
  const files = new Set<string>();
  const add = (path: string, word: Word) => {
    const list = words.get(path) ?? [];
    if (!list.some((w) => w.name === word.name)) list.push(word);
    words.set(path, list);
  };
  const globals = GLOBAL_FLAGS.map(flagWords);
  flags.set("", [
    ...globals,
    HELP,
    { names: ["-v", "--version"], description: "print the version", value: false, choices: [] },
  ]);
  for (const entry of COMMANDS) {
    const path = entry.name.split(" ");
    for (let i = 0; i < path.length; i++) {
      const parent = path.slice(0, i).join(" ");
      const group = GROUPS.find((g) => g.name === path[i]);
      add(parent, {
        name: path[i]!,
        summary: i === path.length - 1 ? entry.summary : (group?.summary ?? ""),
      });
      if (i < path.length - 1) flags.set(path.slice(0, i + 1).join(" "), [...globals, HELP]);
    }
    const declaration: CommandDeclaration = await entry.load();
    const own = declaration.flags.map(flagWords);
    if (declaration.formats?.length)
      own.push({
        names: ["--format"],
        description: formatsText(declaration.formats),
        value: true,
        choices: declaration.formats,
      });
    // no formats at all: the global --format and --json are not offered either
    const inherited = globals.filter(
      (g) =>
        !own.some((o) => o.names.includes(g.names.at(-1)!)) &&
        !(declaration.formats?.length === 0 && (g.names.includes("--format") || g.names.includes("--json"))),
    );
    flags.set(entry.name, [...own, ...inherited, HELP]);
    if (declaration.args.some((a) => a.files)) files.add(entry.name);
    const arg = declaration.args.find((a) => a.choices);
    for (const choice of arg?.choices ?? []) add(entry.name, { name: choice, summary: "" });
  }
  add("", { name: "help", summary: "show help for a command" });
  return { words, flags, files };
}

const list = (items: readonly string[]) => items.join(" ");

/** bash: one function, the command path found from the words typed so far. */
export function bashScript(tree: CompletionTree): string {
  const cases = (map: Map<string, string>) =>
    [...map]
      .filter(([, v]) => v !== "")
      .map(([k, v]) => `    "${k}") echo "${v}" ;;`)
      .join("\n");
  const words = new Map([...tree.words].map(([k, ws]) => [k, list(ws.map((w) => w.name))]));
  const flags = new Map([...tree.flags].map(([k, fs]) => [k, list(fs.flatMap((f) => f.names))]));
  const valued = new Map(
    [...tree.flags].map(([k, fs]) => [k, list(fs.filter((f) => f.value).flatMap((f) => f.names))]),
  );
  const choices = new Map<string, string>();
  for (const [k, fs] of tree.flags)
    for (const f of fs)
      if (f.choices.length > 0) for (const n of f.names) choices.set(`${k}|${n}`, list(f.choices));
  return `# oncall completion for bash. Load it in ~/.bashrc:  source <(oncall completion bash)
_oncall_words() {
  case "$1" in
${cases(words)}
  esac
}
_oncall_flags() {
  case "$1" in
${cases(flags)}
  esac
}
_oncall_valued() {
  case "$1" in
${cases(valued)}
  esac
}
_oncall_choices() {
  case "$1" in
${cases(choices)}
  esac
}
_oncall() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="" path="" w i
  [ "$COMP_CWORD" -gt 0 ] && prev="\${COMP_WORDS[COMP_CWORD-1]}"
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    # a flag's value is not a command word
    case " $(_oncall_valued "$path") " in *" $w "*) ((i++)); continue ;; esac
    case "$w" in -*) continue ;; esac
    # oncall help toil calc completes as oncall toil calc does
    [ -z "$path" ] && [ "$w" = help ] && continue
    # a command word: one with flags of its own (an argument's value, like bash, has none)
    [ -n "$(_oncall_flags "\${path:+$path }$w")" ] && path="\${path:+$path }$w"
  done
  local values
  values="$(_oncall_choices "$path|$prev")"
  if [ -n "$values" ]; then
    COMPREPLY=($(compgen -W "$values" -- "$cur"))
    return
  fi
  # another flag's value: a file name or free text, as the shell completes by default
  case " $(_oncall_valued "$path") " in *" $prev "*) COMPREPLY=(); return ;; esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$(_oncall_flags "$path")" -- "$cur"))
  else
    COMPREPLY=($(compgen -W "$(_oncall_words "$path")" -- "$cur"))
  fi
}
complete -o default -F _oncall oncall
`;
}

/** zsh: the bash function through zsh's bashcompinit, so both shells complete alike. */
export function zshScript(tree: CompletionTree): string {
  return `# oncall completion for zsh. Load it in ~/.zshrc (after compinit):  source <(oncall completion zsh)
autoload -U +X bashcompinit && bashcompinit
${bashScript(tree).replace(/^# oncall completion for bash.*\n/, "")}`;
}

/** fish: one `complete` line per word and flag, each under the condition of its command path. */
export function fishScript(tree: CompletionTree): string {
  const quote = (s: string) => `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
  const on = (path: string) => {
    const parts = path === "" ? [] : path.split(" ");
    const seen = parts.map((p) => `__fish_seen_subcommand_from ${p}`);
    return parts.length === 0 ? "__fish_use_subcommand" : seen.join("; and ");
  };
  const lines = [
    "# oncall completion for fish. Save it:  oncall completion fish > ~/.config/fish/completions/oncall.fish",
    "complete -c oncall -f",
  ];
  for (const [path, words] of tree.words) {
    const next = words.map((w) => w.name).join(" ");
    // words at this level only until one of them is typed
    const cond = path === "" ? on("") : `${on(path)}; and not __fish_seen_subcommand_from ${next}`;
    for (const w of words)
      lines.push(
        `complete -c oncall -n ${quote(cond)} -a ${quote(w.name)}${w.summary ? ` -d ${quote(w.summary)}` : ""}`,
      );
  }
  for (const [path, flags] of tree.flags) {
    if (path === "") continue;
    const subs = tree.words.get(path)?.map((w) => w.name) ?? [];
    const cond =
      subs.length > 0 ? `${on(path)}; and not __fish_seen_subcommand_from ${subs.join(" ")}` : on(path);
    for (const f of flags) {
      const names = f.names
        .map((n) => (n.startsWith("--") ? `-l ${n.slice(2)}` : `-s ${n.slice(1)}`))
        .join(" ");
      const value = f.choices.length > 0 ? ` -x -a ${quote(list(f.choices))}` : f.value ? " -r -F" : "";
      lines.push(`complete -c oncall -n ${quote(cond)} ${names}${value} -d ${quote(f.description)}`);
    }
  }
  for (const path of tree.files) lines.push(`complete -c oncall -n ${quote(on(path))} -F`);
  for (const f of tree.flags.get("") ?? []) {
    const names = f.names
      .map((n) => (n.startsWith("--") ? `-l ${n.slice(2)}` : `-s ${n.slice(1)}`))
      .join(" ");
    lines.push(
      `complete -c oncall -n ${quote(on(""))} ${names}${f.value ? " -r -F" : ""} -d ${quote(f.description)}`,
    );
  }
  return `${lines.join("\n")}\n`;
}

const SCRIPTS: Record<Shell, (tree: CompletionTree) => string> = {
  bash: bashScript,
  zsh: zshScript,
  fish: fishScript,
};

/** `oncall completion bash|zsh|fish`: the script on stdout, generated from the commands' declarations. */
export async function completion(shell: Shell, ctx: CommandContext): Promise<void> {
  ctx.io.stdout.write(SCRIPTS[shell](await completionTree()));
}

export const command = defineCommand({
  name: "completion",
  args: [{ name: "shell", description: "bash, zsh or fish", choices: SHELLS }],
  flags: [],
  formats: [],
  options: commandOptions({ shell: z.enum(SHELLS) }),
  examples: [
    "source <(oncall completion bash)",
    "source <(oncall completion zsh)",
    "oncall completion fish > ~/.config/fish/completions/oncall.fish",
  ],
  run: (options, ctx) => completion(options.shell, ctx),
});
