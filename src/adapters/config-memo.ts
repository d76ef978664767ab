import type { TeamConfig } from "./config-schema";

/**
 * Valid configs kept between runs, by the text they were read from: parsing YAML and validating it
 * are a third of a `rota who` (SPEC §8 start-up), and the team config seldom changes. A config is
 * taken from it only for exactly the text (and path) it was read from. A module of its own, with
 * nothing to load: the CLI's entry point sets it before any command has loaded the config reader.
 */
export interface ConfigMemo {
  get(filepath: string, text: string): TeamConfig | undefined;
  set(filepath: string, text: string, config: TeamConfig): void;
}

let memo: ConfigMemo | null = null;

/** Set by bin/oncall.js, which keeps the memo with its compile cache; tests leave it unset. */
export function useConfigMemo(m: ConfigMemo | null): void {
  memo = m;
}

export function configMemo(): ConfigMemo | null {
  return memo;
}
