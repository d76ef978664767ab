import { Command, CommanderError, Help, Option } from "commander";
import type { ErrorKind } from "./errors";
import { escapeLines, escapeText } from "./render/escape";

declare const __ONCALL_VERSION__: string;
const VERSION = typeof __ONCALL_VERSION__ === "string" ? __ONCALL_VERSION__ : "0.0.0-dev";

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
  interrupted: 130,
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

// Push, not spread: spreading is quadratic in the number of repeats (75,000 flags took 52 s). The
// first call copies, so a default array commander passes in is never changed.
const collect = (value: string, previous?: string[]) => {
  const list = collectedLists.has(previous as string[]) ? (previous as string[]) : [...(previous ?? [])];
  collectedLists.add(list);
  list.push(value);
  return list;
};
const collectedLists = new WeakSet<string[]>();

function examples(lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => `  $ ${l}`).join("\n")}\n`;
}

/** Builds the program. Handlers are imported inside actions, so --help and --version load no command. */
export function buildProgram(run: (load: () => Promise<void>) => Promise<void>, streams: Streams): Command {
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
    })
    .option(
      "--config <path>",
      "team config file (default: discovered from the working directory; or ONCALL_CONFIG)",
    )
    .option("--json", "print JSON (same as --format json)")
    .option("--format <format>", "output format (see each command)")
    .option("--no-color", "no colour (also NO_COLOR=1)")
    .option("--no-input", "never prompt; a missing answer is a usage error")
    .option("--verbose", "more detail; stack traces for unexpected errors")
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

  /**
   * An action that imports its handler only when it runs, and calls it with the command's
   * arguments, its options (with the global ones) and the context.
   */
  const action = (load: () => Promise<(...args: never[]) => Promise<void>>) =>
    async function (this: Command, ...args: unknown[]) {
      const positional = args.slice(0, this.registeredArguments.length);
      await run(async () => {
        const handler = (await load()) as unknown as (...a: unknown[]) => Promise<void>;
        await handler(...positional, this.optsWithGlobals(), await context(this, streams));
      });
    };

  const toil = program
    .command("toil")
    .description("TOIL claims for out-of-hours alerts, per the on-call policy")
    .addHelpText(
      "after",
      examples(["oncall toil calc alerts.csv", "oncall toil export alerts.csv --out claims.json"]),
    );

  const toilOptions = (cmd: Command) =>
    cmd
      .option(
        "--person <id>",
        "only this person's claims (an id, opsgenie username or email; me = $ONCALL_ME, else oncall config set me <id>)",
      )
      .option("--from <date>", "first local date of the period (inclusive), YYYY-MM-DD")
      .option("--to <date>", "last local date of the period (inclusive), YYYY-MM-DD")
      .option("--month <YYYY-MM>", "the period is this calendar month")
      .option("--week [date]", "the period is the rota week (handover to handover) containing DATE, or now")
      .option("--woken <[person:]alert>", "mark an alert as having woken you (repeatable)", collect)
      .option("--awake <[person:]alert>", "mark an alert as received while awake (repeatable)", collect)
      .option(
        "--worked <[person:]alert=duration>",
        "time worked on an alert's window: 45m, 1h05m, 1:30, 1.5 (repeatable)",
        collect,
      )
      .option("--infer-worked", "take time worked from the log: window start to the last close")
      .option("--lenient", "turn unreadable rows into warnings (listed as unreadable) instead of failing");

  toilOptions(
    toil
      .command("calc")
      .description("TOIL claims from one or more exported alert logs (- reads standard input)")
      .argument("<log...>", "alert logs: Opsgenie CSV or zip export, Opsgenie API JSON, or oncall CSV"),
  )
    .addOption(
      new Option("--format <format>", "table, json, csv or breathe").choices([
        "table",
        "json",
        "csv",
        "breathe",
      ]),
    )
    .addHelpText(
      "after",
      examples([
        "oncall toil calc alerts.csv",
        "oncall toil calc alerts.csv --month 2026-11 --person alice",
        "oncall toil calc alerts.csv --woken 6004 --worked 6004=1h35m",
        "oncall toil calc export-a.csv export-b.json --json | jq '.claims[] | {date, days}'",
        "oncall toil calc alerts.csv --format breathe > toil-for-breathe.csv",
        "opsgenie-export | oncall toil calc - --json",
      ]),
    )
    .action(action(async () => (await import("./commands/toil/calc")).toilCalc));

  toilOptions(
    toil
      .command("export")
      .description("the claims of toil calc, written to a file atomically")
      .argument("<log...>", "alert logs, as for toil calc"),
  )
    .requiredOption("--out <file>", "file to write (.json or .csv picks the format)")
    .addOption(new Option("--format <format>", "json, csv or breathe").choices(["json", "csv", "breathe"]))
    .option("--force", "replace the file if it exists")
    .addHelpText(
      "after",
      examples([
        "oncall toil export alerts.csv --month 2026-11 --out claims-2026-11.json",
        "oncall toil export alerts.csv --person alice --format breathe --out breathe.csv --force",
      ]),
    )
    .action(action(async () => (await import("./commands/toil/export")).toilExport));

  const rota = program
    .command("rota")
    .description("who is on call: first line, second line and the escalation contacts")
    .addHelpText(
      "after",
      examples(["oncall rota who", "oncall rota show --week", "oncall rota next --person alice"]),
    );

  rota
    .command("show")
    .description("the rota for a week (default: this one), several weeks or a month")
    .option("--week [date]", "the rota week containing DATE (default: now)")
    .option("--weeks <n>", "this many weeks from that week")
    .option("--month <YYYY-MM>", "a calendar month")
    .option("--line <id>", "only this line")
    .addOption(new Option("--format <format>", "table or json").choices(["table", "json"]))
    .addHelpText(
      "after",
      examples([
        "oncall rota show",
        "oncall rota show --week 2026-12-23 --weeks 3",
        "oncall rota show --month 2026-12 --json",
      ]),
    )
    .action(action(async () => (await import("./commands/rota/show")).rotaShow));

  rota
    .command("who")
    .description("who is on call now (or at --at), until when, and the escalation contacts")
    .option("--at <datetime>", "a local date-time, e.g. 2026-11-28T03:00 (default: now)")
    .addOption(new Option("--format <format>", "table or json").choices(["table", "json"]))
    .addHelpText(
      "after",
      examples([
        "oncall rota who",
        "oncall rota who --at 2026-12-25T03:00",
        "oncall rota who --json | jq -r '.lines[0].name'",
      ]),
    )
    .action(action(async () => (await import("./commands/rota/who")).rotaWho));

  rota
    .command("next")
    .description("when a person is next on call (default: you, see oncall config set me)")
    .option("--person <id>", "a person id, opsgenie username or email (default: me)")
    .option("--count <n>", "how many shifts (default 3)")
    .addOption(new Option("--format <format>", "table or json").choices(["table", "json"]))
    .addHelpText("after", examples(["oncall rota next", "oncall rota next --person bob --count 5"]))
    .action(action(async () => (await import("./commands/rota/next")).rotaNext));

  rota
    .command("hours")
    .description("on-call hours per person in a pay period (rota.payPeriod), with pay at --rate")
    .option("--month <YYYY-MM>", "the month whose pay period to count")
    .option("--rate <amount>", "pay per out-of-hours hour")
    .option("--currency <code>", "currency of --rate (default GBP)")
    .addOption(new Option("--format <format>", "table, json or csv").choices(["table", "json", "csv"]))
    .addHelpText(
      "after",
      examples([
        "oncall rota hours --month 2026-11",
        "oncall rota hours --month 2026-11 --rate 2.50 --format csv",
      ]),
    )
    .action(action(async () => (await import("./commands/rota/hours")).rotaHours));

  rota
    .command("check")
    .description("check the team config's rota: every problem, one line each (exit 3 when any)")
    .addOption(new Option("--format <format>", "table or json").choices(["table", "json"]))
    .addHelpText(
      "after",
      examples(["oncall rota check", "oncall rota check --config team/oncall.config.yaml"]),
    )
    .action(action(async () => (await import("./commands/rota/check")).rotaCheck));

  rota
    .command("export")
    .description("the rota as an iCalendar feed (one event per shift) for calendar apps")
    .option("--ics", "iCalendar (RFC 5545)")
    .option("--person <id>", "only this person's shifts")
    .option("--from <date>", "from the rota week containing this date (default: now)")
    .option("--weeks <n>", "how many weeks (default 26)")
    .option("--out <file>", "write to a file (atomically) instead of stdout")
    .option("--force", "replace --out if it exists")
    .addOption(new Option("--format <format>", "ics or json").choices(["ics", "json"]))
    .addHelpText(
      "after",
      examples([
        "oncall rota export --ics > rota.ics",
        "oncall rota export --ics --person me --out my-on-call.ics",
      ]),
    )
    .action(action(async () => (await import("./commands/rota/export")).rotaExport));

  program
    .command("escalate")
    .description("page someone through Opsgenie (Default API integration): a contact, a line or a person")
    .option(
      "--to <target>",
      "an escalation contact (head-of-ops), a line (second-line: whoever is on it now) or a person id/email",
    )
    .option(
      "--message <text>",
      "the alert's message (default: who escalates to whom; asked for on a terminal)",
    )
    .option("--description <text>", "more detail for the alert")
    .option(
      "--alert <ref>",
      "the alert being escalated (its id or tiny id): in the details, and the key that stops a second page",
    )
    .addOption(
      new Option("--priority <P1..P5>", "priority (default: escalation.priority, P1)").choices([
        "P1",
        "P2",
        "P3",
        "P4",
        "P5",
      ]),
    )
    .option("--note <text>", "a note added to the alert")
    .option("--again", "page anew even if this escalation already paged (a fresh alias)")
    .option("-y, --yes", "do not ask for confirmation on a terminal before paging")
    .option("--dry-run", "print the request it would send (key redacted) and send nothing")
    .option("--timeout <seconds>", "how long sending and confirming may take in all (default 30)")
    .addOption(new Option("--format <format>", "table or json").choices(["table", "json"]))
    .addHelpText(
      "after",
      examples([
        "oncall escalate --to second-line --alert 6004",
        'oncall escalate --to head-of-ops --message "Major incident: all sites down" --priority P1',
        "oncall escalate --to dave --alert 6004 --dry-run",
        "oncall escalate --to head-of-ops --alert 6004 --json | jq -r .alertId",
      ]),
    )
    .action(action(async () => (await import("./commands/escalate")).escalate));

  const config = program
    .command("config")
    .description("scaffold the team config; show it; your personal settings")
    .addHelpText(
      "after",
      examples(["oncall config init", "oncall config show", "oncall config set me alice"]),
    );

  config
    .command("init")
    .description("write a team config (.oncallrc.yaml): asks on a terminal, or takes flags")
    .option("--out <file>", "where to write it (default .oncallrc.yaml)")
    .option("--force", "replace the file if it exists")
    .option("--timezone <zone>", "IANA time zone (default Europe/London)")
    .option("--person <id:name[:email[:phone]]>", "a person (repeatable)", collect)
    .option("--first-line <ids>", "first-line members in rota order, comma-separated")
    .option("--second-line <ids>", "second-line members in rota order, comma-separated")
    .option("--handover <day time>", 'rota handover, e.g. "wed 10:00" (the default)')
    .option("--start <date>", "the rota's first handover date (default: the next handover day)")
    .option("--contact <id=person[:title]>", "an escalation contact (repeatable)", collect)
    .option("--support-hours <start-end>", "in-hours support (default 10:00-18:00)")
    .option("--holidays <division>", "england-and-wales (default), scotland, northern-ireland or none")
    .addHelpText(
      "after",
      examples([
        "oncall config init",
        'oncall config init --person "alice:Alice Adams:alice@example.com" --person "bob:Bob Brown:bob@example.com" --first-line alice,bob',
      ]),
    )
    .action(action(async () => (await import("./commands/config/init")).configInit));

  config
    .command("show")
    .description("the team config in effect, every default filled in, and where it came from")
    .addHelpText("after", examples(["oncall config show", "oncall config show --json | jq .config.toil"]))
    .addOption(new Option("--format <format>", "yaml or json").choices(["yaml", "json"]))
    .action(action(async () => (await import("./commands/config/show")).configShow));

  config
    .command("path")
    .description("where the team config and your personal settings are")
    .addHelpText("after", examples(["oncall config path", "oncall config path --json | jq -r .teamConfig"]))
    .action(action(async () => (await import("./commands/config/path")).configPath));

  config
    .command("get")
    .description("your personal settings: me, opsgenie.region, opsgenie.apiKey (shown only as set)")
    .addHelpText("after", examples(["oncall config get", "oncall config get me"]))
    .argument("[key]", "one setting")
    .action(action(async () => (await import("./commands/config/get")).configGet));

  config
    .command("set")
    .description("set a personal setting; a secret is asked for without echo, or read from stdin")
    .argument("<key>", "me, opsgenie.region or opsgenie.apiKey")
    .argument("[value]", "the value (never for a secret)")
    .addHelpText(
      "after",
      examples([
        "oncall config set me alice",
        "oncall config set opsgenie.apiKey",
        'printf %s "$KEY" | oncall config set opsgenie.apiKey',
      ]),
    )
    .action(action(async () => (await import("./commands/config/set")).configSet));

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

/** Runs the CLI and returns the exit code; the one place errors become exit codes and messages. */
export async function main(
  argv: string[],
  streams: Streams = {
    stdout: process.stdout,
    stderr: process.stderr,
    get stdin() {
      return process.stdin;
    },
  },
): Promise<number> {
  let verbose = argv.includes("--verbose");
  const stdout = streams.stdout as NodeJS.WritableStream & {
    on?: (e: string, f: (err: NodeJS.ErrnoException) => void) => void;
  };
  stdout.on?.("error", (err) => {
    // A closed pipe (| head) is not an error of ours.
    if (err.code === "EPIPE") process.exit(0);
  });
  let failure: unknown;
  const run = async (load: () => Promise<void>) => {
    try {
      await load();
    } catch (e) {
      failure = e;
    }
  };
  const program = buildProgram(run, streams);
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
