import type { CommandDeclaration, FlagDeclaration } from "./define";

/**
 * Every command, in the order help lists them: its name, the one-line summary help shows, and how
 * to load its module. Nothing here imports a command: `oncall --help` reads this list alone, and a
 * run loads only the module of the command it runs. A new command is a module and a line here.
 */
export interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<CommandDeclaration>;
}

/** A group of commands (`oncall toil ...`): its summary and examples for `oncall toil --help`. */
export interface GroupEntry {
  name: string;
  summary: string;
  examples: readonly string[];
}

export const GROUPS: readonly GroupEntry[] = [
  {
    name: "toil",
    summary: "TOIL claims for out-of-hours alerts, per the on-call policy",
    examples: ["oncall toil calc alerts.csv", "oncall toil export alerts.csv --out claims.json"],
  },
  {
    name: "rota",
    summary: "who is on call: first line, second line and the escalation contacts",
    examples: ["oncall rota who", "oncall rota show --week", "oncall rota next --person alice"],
  },
  {
    name: "alerts",
    summary: "alerts from the source: pull them from Opsgenie or JSM Operations; out-of-hours statistics",
    examples: ["oncall alerts pull --month 2026-10", "oncall alerts stats alerts.json --month 2026-10"],
  },
  {
    name: "config",
    summary: "scaffold the team config; show it; your personal settings",
    examples: ["oncall config init", "oncall config show", "oncall config set me alice"],
  },
];

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: "toil calc",
    summary: "TOIL claims from one or more exported alert logs (- reads standard input)",
    load: async () => (await import("./toil/calc")).command,
  },
  {
    name: "toil export",
    summary: "the claims of toil calc, written to a file atomically",
    load: async () => (await import("./toil/export")).command,
  },
  {
    name: "toil add",
    summary: "record a callout that has no alert (a phone call, an emergency ticket), claimed like one",
    load: async () => (await import("./toil/add")).command,
  },
  {
    name: "toil journal",
    summary: "your kept answers (--json: the export); forget one with toil journal forget <alert>",
    load: async () => (await import("./toil/journal")).command,
  },
  {
    name: "toil review",
    summary: "walk through your out-of-hours windows: woken? until when? (answers kept in your journal)",
    load: async () => (await import("./toil/review")).command,
  },
  {
    name: "toil submit",
    summary: "log your new and changed claims in BreatheHR one by one, recording each in the ledger",
    load: async () => (await import("./toil/submit")).command,
  },
  {
    name: "toil ledger",
    summary: "the claims recorded as logged in BreatheHR; toil ledger undo <claim> takes one back",
    load: async () => (await import("./toil/ledger")).command,
  },
  {
    name: "toil check",
    summary: "for line managers: claims made (a CSV) against what the alert logs support, per person",
    load: async () => (await import("./toil/check")).command,
  },
  {
    name: "toil notice",
    summary: "the morning-after message after a woken night, ready to paste into Slack",
    load: async () => (await import("./toil/notice")).command,
  },
  {
    name: "rota show",
    summary: "the rota for a week (default: this one), several weeks or a month",
    load: async () => (await import("./rota/show")).command,
  },
  {
    name: "rota who",
    summary: "who is on call now (or at --at), until when, and the escalation contacts",
    load: async () => (await import("./rota/who")).command,
  },
  {
    name: "rota next",
    summary: "when a person is next on call (default: you, see oncall config set me)",
    load: async () => (await import("./rota/next")).command,
  },
  {
    name: "rota hours",
    summary: "on-call hours per person in a pay period (rota.payPeriod), with pay at --rate",
    load: async () => (await import("./rota/hours")).command,
  },
  {
    name: "rota check",
    summary: "check the team config's rota: every problem, one line each (exit 3 when any)",
    load: async () => (await import("./rota/check")).command,
  },
  {
    name: "rota export",
    summary: "the rota as an iCalendar feed (one event per shift) for calendar apps",
    load: async () => (await import("./rota/export")).command,
  },
  {
    name: "escalate",
    summary: "page someone through Opsgenie (Default API integration): a contact, a line or a person",
    load: async () => (await import("./escalate")).command,
  },
  {
    name: "alerts pull",
    summary: "alerts from the Opsgenie or JSM Operations API into a local log (default: last month)",
    load: async () => (await import("./alerts/pull")).command,
  },
  {
    name: "alerts stats",
    summary: "out-of-hours load, cost and noise from alert logs: tables, --json, or an HTML report",
    load: async () => (await import("./alerts/stats")).command,
  },
  {
    name: "config init",
    summary: "write a team config (.oncallrc.yaml): asks on a terminal, or takes flags",
    load: async () => (await import("./config/init")).command,
  },
  {
    name: "config show",
    summary: "the team config in effect, every default filled in, and where it came from",
    load: async () => (await import("./config/show")).command,
  },
  {
    name: "config path",
    summary: "where the team config and your personal settings are",
    load: async () => (await import("./config/path")).command,
  },
  {
    name: "config get",
    summary: "your personal settings: me, opsgenie.region, opsgenie.apiKey (shown only as set)",
    load: async () => (await import("./config/get")).command,
  },
  {
    name: "config set",
    summary: "set a personal setting; a secret is asked for without echo, or read from stdin",
    load: async () => (await import("./config/set")).command,
  },
  {
    name: "completion",
    summary: "a shell completion script for bash, zsh or fish (see docs/commands.md)",
    load: async () => (await import("./completion")).command,
  },
];

/**
 * The options of the program itself, which every command inherits. `--no-color` and `--no-input`
 * are commander's negations: the options are `color` and `input`, true unless negated.
 */
export const GLOBAL_FLAGS: readonly FlagDeclaration[] = [
  {
    long: "config",
    value: "path",
    description: "team config file (default: discovered from the working directory; or ONCALL_CONFIG)",
  },
  { long: "json", description: "print JSON (same as --format json)" },
  { long: "format", value: "format", description: "output format (see each command)" },
  { long: "no-color", description: "no colour (also NO_COLOR=1)" },
  { long: "no-input", description: "never prompt; a missing answer is a usage error" },
  { long: "verbose", description: "more detail; stack traces for unexpected errors" },
];

/** The `--format` help text for a command's choices: "table, json or csv". */
export function formatsText(formats: readonly string[]): string {
  return formats.length < 2
    ? formats.join("")
    : `${formats.slice(0, -1).join(", ")} or ${formats[formats.length - 1]}`;
}

/** The option key commander gives a flag or argument (`--infer-worked` is `inferWorked`). */
export const optionKey = (long: string) => long.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
