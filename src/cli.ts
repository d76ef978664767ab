import { Argument, Command, CommanderError, Help, Option } from "commander";
import type { CommandContext } from "./commands/context";
import type { CommandDeclaration, FlagDeclaration } from "./commands/define";
import {
  COMMANDS,
  type CommandEntry,
  formatsText,
  GLOBAL_FLAGS,
  GROUPS,
  optionKey,
} from "./commands/registry";
import { notItsValue, swallowedValueMessage } from "./commands/swallowed";
import type { ErrorKind } from "./errors";
import { escapeLines, escapeText } from "./render/escape";
import { stdWritable } from "./runtime/std-out";
import { writeFailure } from "./runtime/write-failure";

declare const __ONCALL_VERSION__: string;
const VERSION = typeof __ONCALL_VERSION__ === "string" ? __ONCALL_VERSION__ : "0.0.0-dev";

// bin/oncall.js hands the CLI the memo of team configs it keeps with its compile cache, and asks
// whether output went to a terminal without making process.stdout.
export { useConfigMemo } from "./adapters/config-memo";
export { writesDirectly } from "./runtime/std-out";

/** The one table from error kinds to exit codes (SPEC §7). */
export const EXIT_CODES: Record<ErrorKind | "ok" | "unexpected", number> = {
  ok: 0,
  unexpected: 1,
  usage: 2,
  config: 3,
  input: 4,
  auth: 5,
  unavailable: 6,
  rejected: 7,
  // a run stopped by a signal ends as a shell reports one killed by it: 128 + its number
  interrupted: 130,
  terminated: 143,
};

/** The process's edges, passed in so tests run the whole program with fake streams. */
export interface Streams {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** fetch, clock and sleep for HTTP clients; tests inject a fake clock */
  net?: import("./runtime/net").Net;
  /** Ctrl-C and kills; the process's when absent, a fake that tests trigger in-process */
  signals?: import("./runtime/signals").Signals;
}

interface GlobalOptions {
  config?: string;
  json?: boolean;
  format?: string;
  color?: boolean;
  input?: boolean;
  verbose?: boolean;
}

/** What a run does with a command and its checked options: run it (main), or record it (tests). */
export type Invoke = (
  declaration: CommandDeclaration,
  options: unknown,
  context: () => Promise<CommandContext>,
) => Promise<void>;

const runCommand: Invoke = async (declaration, options, context) => declaration.run(options, await context());

// Push, not spread: spreading is quadratic in the number of repeats (75,000 flags took 52 s). The
// first call copies, so a default array commander passes in is never changed.
const collect = (value: string, previous?: string[]) => {
  const list = collectedLists.has(previous as string[]) ? (previous as string[]) : [...(previous ?? [])];
  collectedLists.add(list);
  list.push(value);
  return list;
};
const collectedLists = new WeakSet<string[]>();

function examples(lines: readonly string[]): string {
  return `\nExamples:\n${lines.map((l) => `  $ ${l}`).join("\n")}\n`;
}

/** commander's option for a declared flag. */
function option(flag: FlagDeclaration): Option {
  const value = flag.value === undefined ? "" : flag.valueOptional ? ` [${flag.value}]` : ` <${flag.value}>`;
  const o = new Option(
    `${flag.short ? `-${flag.short}, ` : ""}--${flag.long}${value}`,
    // commander refuses a mandatory flag's absence but its help does not say so
    flag.required ? `${flag.description} (required)` : flag.description,
  );
  if (flag.repeatable) o.argParser(collect);
  if (flag.choices) o.choices(flag.choices);
  if (flag.required) o.makeOptionMandatory();
  if (flag.hidden) o.hideHelp();
  return o;
}

/**
 * A command's arguments, flags, examples and action, from its declaration: done when the command
 * is about to parse its arguments, so only the command that runs (or shows its help) is loaded.
 */
function declare(
  cmd: Command,
  declaration: CommandDeclaration,
  run: (load: () => Promise<void>) => Promise<void>,
  invoke: Invoke,
  streams: Streams,
): void {
  for (const a of declaration.args) {
    const arg = new Argument(
      a.optional ? `[${a.name}${a.variadic ? "..." : ""}]` : `<${a.name}${a.variadic ? "..." : ""}>`,
      a.description,
    );
    if (a.choices) arg.choices(a.choices);
    cmd.addArgument(arg);
  }
  for (const f of declaration.flags) cmd.addOption(option(f));
  // a missing argument taken as an optional flag's value (--week alerts.csv): say that instead
  const error = cmd.error.bind(cmd);
  cmd.error = (message, options) => {
    for (const f of options?.code === "commander.missingArgument" ? declaration.flags : []) {
      const v = f.valueOptional ? cmd.getOptionValue(optionKey(f.long)) : undefined;
      if (typeof v === "string" && notItsValue(f, v))
        return error(`error: ${swallowedValueMessage(declaration.name, f, v)}`, options);
    }
    return error(message, options);
  };
  // a command without output formats: the global --format and --json would point nowhere
  if (declaration.formats?.length === 0) {
    cmd.addOption(new Option("--format <format>").hideHelp());
    cmd.addOption(new Option("--json").hideHelp());
  }
  if (declaration.formats?.length)
    cmd.addOption(
      option({
        long: "format",
        value: "format",
        description: formatsText(declaration.formats),
        choices: declaration.formats,
      }),
    );
  cmd.addHelpText("after", examples(declaration.examples));
  cmd.action(async function (this: Command, ...values: unknown[]) {
    // the positional arguments by name, next to the flags (and the global flags)
    const args = Object.fromEntries(
      declaration.args
        .map((a, i) => [optionKey(a.name), values[i]] as const)
        .filter(([, v]) => v !== undefined),
    );
    await run(async () => {
      const options = declaration.options.parse({ ...args, ...this.optsWithGlobals() });
      await invoke(declaration, options, () => context(this, streams));
    });
  });
}

/**
 * Builds the program from the registry: groups and commands by name and summary only. A command's
 * module is loaded just before that command parses its arguments (commander's preSubcommand hook
 * on its parent), so --help, --version and every other command load no command module.
 */
export function buildProgram(
  run: (load: () => Promise<void>) => Promise<void>,
  streams: Streams,
  invoke: Invoke = runCommand,
  only: string | null = null,
): Command {
  const program = new Command("oncall")
    .description("TOIL claims, the rota and escalation for on-call engineers")
    .version(VERSION, "-v, --version", "print the version")
    .addOption(new Option("-V", "print the version (as -v)").hideHelp())
    .on("option:V", () => {
      streams.stdout.write(`${VERSION}\n`);
      throw new CommanderError(0, "commander.version", VERSION);
    })
    .helpOption("-h, --help", "show help")
    .helpCommand("help [command...]", "show help for a command, e.g. oncall help toil calc")
    // subcommands inherit this: their help lists --config, --json, --no-input and the rest, but
    // not a global option the command redefines (its own --format, with its own choices)
    .configureHelp({
      showGlobalOptions: true,
      visibleGlobalOptions(this: Help, cmd: Command) {
        const own = new Set(cmd.options.map((o) => o.long));
        return Help.prototype.visibleGlobalOptions.call(this, cmd).filter((o) => !own.has(o.long));
      },
      // "--format <format>  json, csv or breathe" names its choices: commander's list would repeat them
      optionDescription(this: Help, o: Option) {
        const text = Help.prototype.optionDescription.call(this, o);
        return o.argChoices?.every((c) => o.description.includes(c))
          ? text.replace(/ \(choices: [^)]*\)/, "")
          : text;
      },
    });
  for (const f of GLOBAL_FLAGS) program.addOption(option(f));
  program
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => streams.stdout.write(s),
      writeErr: (s) => streams.stderr.write(escapeLines(s)),
    })
    .addHelpText(
      "after",
      `${examples([
        "oncall toil calc alert-export-result_2026-11.zip --month 2026-11",
        "oncall toil calc alerts.csv --person alice --json | jq .totals",
        "oncall toil calc alerts.csv --format breathe > breathe.csv",
      ])}\nDocs: docs/ in the project (toil-rules.md, config.md, json.md, exit-codes.md)\n`,
    );

  const entries = new Map<Command, CommandEntry>();
  const parentOf = (path: string[]): Command => {
    let parent = program;
    for (const name of path) {
      const group = GROUPS.find((g) => g.name === name);
      let sub = parent.commands.find((c) => c.name() === name);
      if (!sub) {
        sub = parent.command(name).description(group?.summary ?? "");
        // the program's help command names a toil example: a group's names one of its own
        const first = COMMANDS.find((c) => c.name.startsWith(`${name} `))?.name.slice(name.length + 1);
        if (first)
          sub.helpCommand("help [command...]", `show help for a command, e.g. oncall ${name} help ${first}`);
        if (group) sub.addHelpText("after", examples(group.examples));
      }
      parent = sub;
    }
    return parent;
  };
  for (const entry of COMMANDS) {
    if (only !== null && entry.name !== only) continue;
    const path = entry.name.split(" ");
    const parent = parentOf(path.slice(0, -1));
    const cmd = parent.command(path[path.length - 1]!).description(entry.summary);
    entries.set(cmd, entry);
  }
  const loaded = new Set<Command>();
  const load = async (_parent: Command, sub: Command) => {
    const entry = entries.get(sub);
    if (!entry || loaded.has(sub)) return;
    loaded.add(sub);
    declare(sub, await entry.load(), run, invoke, streams);
  };
  for (const c of [program, ...program.commands]) c.hook("preSubcommand", load);

  helpHints(program, streams);
  return program;
}
/**
 * commander's own usage errors (unknown command or option, missing argument) as ours are: the
 * error on one line, then the next step — the help of the command that refused the input.
 */
function helpHints(cmd: Command, streams: Streams): void {
  const path: string[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) path.unshift(c.name());
  cmd.configureOutput({
    outputError: (str) =>
      streams.stderr.write(
        `${escapeText(str.trimEnd().replace(/\n+/g, " "))}\n  run: ${path.join(" ")} --help\n`,
      ),
  });
  for (const sub of cmd.commands) helpHints(sub, streams);
}

async function context(cmd: Command, streams: Streams) {
  const [{ createIO }, { resolveNow }, { createContext }] = await Promise.all([
    import("./runtime/io"),
    import("./runtime/clock"),
    import("./commands/context"),
  ]);
  const g = cmd.optsWithGlobals() as GlobalOptions;
  const env = streams.env ?? process.env;
  const io = createIO(streams, env, streams.cwd ?? process.cwd(), {
    color: g.color,
    input: g.input,
    verbose: g.verbose,
  });
  const format = g.json ? "json" : g.format;
  if (g.json && g.format && g.format !== "json") {
    const { usageError } = await import("./errors");
    throw usageError(`--json and --format ${g.format} disagree`, "pass one of them");
  }
  // absent (the binary), the context takes the process's network, clock and signals
  return createContext(io, resolveNow(env), format, streams.net, streams.signals);
}

/**
 * `oncall help toil calc` as `oncall toil calc --help`: commander's help command looks one level
 * down only, and would show `toil`'s help instead.
 */
function helpAsFlag(program: Command, argv: string[]): string[] {
  const [first, ...rest] = argv;
  if (first !== "help" || rest.length === 0 || rest.some((a) => a.startsWith("-"))) return argv;
  let cmd = program;
  for (let i = 0; i < rest.length; i++) {
    // past a leaf command, the rest would be its arguments: its help is what was asked for
    if (cmd.commands.length === 0) return [...rest.slice(0, i), "--help"];
    const sub = cmd.commands.find((c) => c.name() === rest[i] || c.aliases().includes(rest[i]!));
    // an unknown name is left for commander to report as an unknown command (exit 2)
    if (!sub) return rest.slice(0, i + 1);
    cmd = sub;
  }
  return [...rest, "--help"];
}

/**
 * The command argv plainly runs (`toil calc …`), when it names one and asks for no help: only it is
 * registered, as building the other two dozen costs a start about a millisecond. Anything else
 * (help, a global option first, a typo commander should suggest a name for) gets the whole program.
 */
function commandRun(argv: readonly string[]): string | null {
  if (argv.some((a) => a === "-h" || a === "--help")) return null;
  const entry = COMMANDS.find((c) => c.name.split(" ").every((word, i) => argv[i] === word));
  return entry?.name ?? null;
}

/** Runs the CLI and returns the exit code; the one place errors become exit codes and messages. */
export async function main(
  argv: string[],
  streams: Streams = {
    // a file or a pipe is written directly: Node's stream costs 2–4 ms of a start (SPEC §8)
    stdout: stdWritable(1, () => process.stdout),
    stderr: stdWritable(2, () => process.stderr),
    get stdin() {
      return process.stdin;
    },
  },
  invoke: Invoke = runCommand,
): Promise<number> {
  let verbose = argv.includes("--verbose");
  const stdout = streams.stdout as NodeJS.WritableStream & {
    on?: (e: string, f: (err: NodeJS.ErrnoException) => void) => void;
  };
  stdout.on?.("error", (err) => {
    // A closed pipe (| head) is not an error of ours.
    if (err.code === "EPIPE") process.exit(0);
    // Anything else (a full disk under `> file`): the output is cut short, and must not pass for
    // whole. Said at once, as the write fails: the command would go on writing into the void.
    const { what, code, space } = writeFailure(err);
    streams.stderr.write(
      `error: cannot write the output: ${what}${code ? ` (${code})` : ""} — ${space ? "free some space, or " : ""}send the output elsewhere\n`,
    );
    process.exit(EXIT_CODES.usage);
  });
  let failure: unknown;
  const run = async (load: () => Promise<void>) => {
    try {
      await load();
    } catch (e) {
      failure = e;
    }
  };
  const program = buildProgram(run, streams, invoke, commandRun(argv));
  try {
    await program.parseAsync(helpAsFlag(program, argv), { from: "user" });
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version exit 0; help shown because a command is missing is a usage error
      if (e.code === "commander.helpDisplayed" || e.code === "commander.version") return EXIT_CODES.ok;
      if (e.code === "commander.help") return e.exitCode === 0 ? EXIT_CODES.ok : EXIT_CODES.usage;
      // commander has printed its one-line message already
      return EXIT_CODES.usage;
    }
    failure = e;
  }
  if (failure === undefined) return EXIT_CODES.ok;
  verbose ||= argv.includes("--verbose");
  const { isOncallError } = await import("./errors");
  if (isOncallError(failure)) {
    // Messages quote file names, log fields and remote replies: one line, control characters escaped.
    streams.stderr.write(
      `error: ${escapeText(failure.message)}${failure.hint ? ` — ${escapeText(failure.hint)}` : ""}\n`,
    );
    return EXIT_CODES[failure.kind];
  }
  const err = failure as Error;
  // Flags are checked against zod schemas at the commands' edge: any flag that fails is a usage
  // error naming it (the schema's keys are the flags' camelCase names), whichever flag it is.
  const issues = (failure as { issues?: unknown })?.issues;
  if (/ZodError$/.test(err?.name ?? "") && Array.isArray(issues) && issues.length > 0) {
    const { flagIssue } = await import("./commands/flags");
    streams.stderr.write(`error: ${escapeText(flagIssue(issues[0]))}\n`);
    return EXIT_CODES.usage;
  }
  streams.stderr.write(`error: unexpected: ${escapeText(err?.message ?? String(failure))}\n`);
  if (verbose && err?.stack) streams.stderr.write(`${escapeLines(err.stack)}\n`);
  else streams.stderr.write("  re-run with --verbose for details, and report it if it persists\n");
  return EXIT_CODES.unexpected;
}
