import { escapeLines, escapeText } from "./escape";

/** `config show`: the resolved team config and the file it came from (null: the defaults). */
export interface ConfigShowDoc {
  schemaVersion: 1;
  file: string | null;
  config: unknown;
}

/** `config get`: each asked setting, null when not set, "(set)" for a secret. */
export interface ConfigGetDoc {
  schemaVersion: 1;
  settings: Record<string, unknown>;
}

/** `config path`: where the team config (null: none found) and the personal settings are. */
export interface ConfigPathDoc {
  schemaVersion: 1;
  teamConfig: string | null;
  settings: string;
  journal: string;
  ledger: string;
}

/** `config set`: what was written, and where. */
export interface ConfigSetDoc {
  schemaVersion: 1;
  file: string;
  key: string;
  value: unknown;
}

/**
 * The config as YAML, with every default filled in. Serialised under YAML 1.1 rules, which quote
 * "10:00" (a base-60 number to 1.1 readers) and "2026-12-24" (a date): the text then reads back the
 * same under 1.1 and 1.2, so it can be pasted back as the team config.
 */
export async function configShowText(doc: ConfigShowDoc, tty: boolean): Promise<string> {
  const { stringify } = await import("yaml");
  const text = `# ${doc.file ?? "no team config found: the defaults"} (with every default filled in)\n${stringify(doc.config, { lineWidth: 0, version: "1.1" })}`;
  // YAML writes C0 controls escaped itself but C1 and bidi overrides raw: on a terminal those are
  // shown escaped too (for reading, not pasting back); piped, the text is exact
  return tty ? escapeLines(text) : text;
}

/** One key asked: its value alone (scripts read it); all keys: `key: value` lines. */
export function configGetText(doc: ConfigGetDoc, key: string | undefined): string {
  if (key !== undefined) return `${escapeText(String(doc.settings[key]))}\n`;
  return Object.entries(doc.settings)
    .map(([k, v]) => `${k}: ${v === null ? "(not set)" : escapeText(String(v))}\n`)
    .join("");
}

export function configPathText(doc: ConfigPathDoc): string {
  return `team config: ${doc.teamConfig ?? "(none found; oncall config init writes one)"}\npersonal settings: ${doc.settings}\njournal: ${doc.journal}\nledger: ${doc.ledger}\n`;
}

/** The note on stderr after `config set` without --json. */
export function configSetNote(doc: ConfigSetDoc): string {
  return `set ${doc.key} in ${doc.file}\n`;
}

/** `config init`: the config written, and where. */
export interface ConfigInitDoc {
  schemaVersion: 1;
  file: string;
  config: unknown;
}

/** The note on stderr after `config init`; `given` is the path as typed, for the command to paste. */
export function configInitNote(doc: ConfigInitDoc, given: string): string {
  return `wrote ${doc.file}; check it with: oncall rota check --config ${given}\n`;
}
