import type { FlagDeclaration } from "./define";

/**
 * `--week [date]` takes the next word as its value, even when that word is the log's name
 * (`toil calc --week alerts.csv`). This names what happened and both ways to write it. Imports
 * nothing: src/cli.ts asks it while commander parses, before any command module loads.
 */
export function swallowedValueMessage(command: string, flag: FlagDeclaration, value: string): string {
  return `--${flag.long} took '${value}' as its ${flag.value}: put the log first (oncall ${command} LOG --${flag.long}) or write --${flag.long}=${flag.value?.toUpperCase()}`;
}

/** A value that cannot be the flag's own: a date flag's value that is no YYYY-MM-DD. */
export function notItsValue(flag: FlagDeclaration, value: string): boolean {
  return flag.value === "date" && !/^\d{4}-\d{2}-\d{2}$/.test(value);
}
