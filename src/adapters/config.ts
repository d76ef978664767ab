import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { basename, join, resolve } from "node:path";
import { lilconfigSync } from "lilconfig";
import { type Document, isMap, isNode, isPair, isScalar, LineCounter, parseDocument } from "yaml";
import type * as z from "zod/mini";
import { configError } from "../errors";
import { configSchema, type TeamConfig } from "./config-schema";

/**
 * Where the team config is searched, in cosmiconfig's order for the name `oncall` but without any
 * JavaScript place: discovery reads files and never runs them (SPEC §2).
 */
export const SEARCH_PLACES = [
  "package.json",
  ".oncallrc",
  ".oncallrc.json",
  ".oncallrc.yaml",
  ".oncallrc.yml",
  "oncall.config.json",
  "oncall.config.yaml",
  "oncall.config.yml",
];

export interface LoadedConfig {
  config: TeamConfig;
  /** the file it came from, or null when no config was found and defaults apply */
  filepath: string | null;
}

/** The user's config directory (XDG): $XDG_CONFIG_HOME/oncall or ~/.config/oncall. */
export function userConfigDir(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), ".config");
  return join(base, "oncall");
}

/** lilconfig finds the file; we read it ourselves so YAML positions survive for error messages. */
const RAW = Symbol("raw");
type Raw = { [RAW]: true };
const rawLoader = (filepath: string, content: string): Raw | Record<string, unknown> | null => {
  if (basename(filepath) === "package.json") return JSON.parse(content) as Record<string, unknown>;
  return content.trim() === "" ? null : { [RAW]: true };
};

export function findConfigFile(cwd: string, env: NodeJS.ProcessEnv, explicit?: string): string | null {
  const named = explicit ?? (env.ONCALL_CONFIG || undefined);
  if (named !== undefined) {
    const path = resolve(cwd, named);
    if (!existsSync(path)) {
      throw configError(
        `config file not found: ${named}`,
        explicit !== undefined ? "check the --config path" : "check ONCALL_CONFIG",
      );
    }
    return path;
  }
  const home = env.HOME || homedir();
  const searcher = lilconfigSync("oncall", {
    searchPlaces: SEARCH_PLACES,
    stopDir: home,
    loaders: { ".json": rawLoader, ".yaml": rawLoader, ".yml": rawLoader, noExt: rawLoader },
    cache: false,
  });
  let found: { filepath: string } | null;
  try {
    found = searcher.search(cwd);
  } catch (e) {
    throw configError(`cannot read a config file while searching from ${cwd}: ${(e as Error).message}`);
  }
  if (found) return found.filepath;
  const user = join(userConfigDir(env), "config.yaml");
  return existsSync(user) ? user : null;
}

export function loadConfig(cwd: string, env: NodeJS.ProcessEnv, explicit?: string): LoadedConfig {
  const filepath = findConfigFile(cwd, env, explicit);
  if (filepath === null) return { config: parseConfigValue({ people: [] }, "(defaults)"), filepath: null };
  let text: string;
  try {
    text = readFileSync(filepath, "utf8");
  } catch (e) {
    throw configError(
      `cannot read ${filepath}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
  return { config: parseConfigText(text, filepath), filepath };
}

function parseConfigValue(value: unknown, label: string): TeamConfig {
  const result = configSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw configError(`${label}: ${pathLabel(issue.path)}: ${issueMessage(issue)}`);
  }
  return result.data;
}

/** Parses and validates config text; errors name the file, the line, the key path and what was expected. */
/**
 * The config file as a YAML document with positions: YAML 1.2 core schema, so 2026-01-07 stays a
 * string; JSON is read by the same parser, for line numbers; package.json's "oncall" key.
 */
function readConfigDocument(text: string, filepath: string) {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    version: "1.2",
    schema: "core",
    lineCounter,
    prettyErrors: false,
    uniqueKeys: true,
  });
  const prefix: (string | number)[] = basename(filepath) === "package.json" ? ["oncall"] : [];
  const plain = () => {
    const value = prefix.length ? (doc.getIn(prefix) as unknown) : doc.toJS();
    return isNode(value) ? value.toJSON() : value;
  };
  return { doc, lineCounter, prefix, plain };
}

export function parseConfigText(text: string, filepath: string): TeamConfig {
  const { doc, lineCounter, prefix, plain: toPlain } = readConfigDocument(text, filepath);
  if (doc.errors.length > 0) {
    const err = doc.errors[0]!;
    const line = lineCounter.linePos(err.pos[0]).line;
    throw configError(
      `${filepath}:${line}: not valid ${/\.json$/.test(filepath) ? "JSON" : "YAML"}: ${err.message.split("\n")[0]}`,
    );
  }
  const plain = toPlain();
  if (plain === null || typeof plain !== "object" || Array.isArray(plain)) {
    throw configError(`${filepath}:1: the config must be a mapping of keys (timezone, people, rota, …)`);
  }
  const result = configSchema.safeParse(plain);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const more =
    result.error.issues.length > 1
      ? ` (and ${result.error.issues.length - 1} more problem${result.error.issues.length > 2 ? "s" : ""})`
      : "";
  throw configError(
    `${describeIssue(issue, doc, lineCounter, filepath, prefix)}${more}`,
    "see docs/config.md for every key",
  );
}

function describeIssue(
  issue: z.core.$ZodIssue,
  doc: Document,
  lines: LineCounter,
  filepath: string,
  prefix: (string | number)[],
): string {
  const path = issue.path as (string | number)[];
  let message: string;
  let at = path;
  if (issue.code === "unrecognized_keys") {
    const key = issue.keys[0]!;
    at = [...path, key];
    message = `unknown key "${key}"${issue.keys.length > 1 ? ` (also ${issue.keys.slice(1).join(", ")})` : ""}`;
  } else if (issue.code === "invalid_type" && doc.getIn([...prefix, ...path]) === undefined) {
    message = `is required (${issueMessage(issue)})`;
  } else {
    message = issueMessage(issue);
  }
  const line = lineOf(doc, lines, [...prefix, ...at], issue.code === "unrecognized_keys");
  return `${filepath}${line ? `:${line}` : ""}: ${pathLabel(at)}: ${message}`;
}

/** The line of the deepest node on a key path that exists in the document. */
function lineOf(
  doc: Document,
  lines: LineCounter,
  path: (string | number)[],
  wantKey: boolean,
): number | null {
  for (let n = path.length; n >= 0; n--) {
    const sub = path.slice(0, n);
    if (wantKey && n === path.length && n > 0) {
      const parent = sub.length > 1 ? doc.getIn(sub.slice(0, -1), true) : doc.contents;
      if (isMap(parent)) {
        const pair = parent.items.find(
          (p) => isPair(p) && isScalar(p.key) && p.key.value === sub[sub.length - 1],
        );
        if (pair && isNode(pair.key) && pair.key.range) return lines.linePos(pair.key.range[0]).line;
      }
      continue;
    }
    const node = n === 0 ? doc.contents : doc.getIn(sub, true);
    if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
  }
  return null;
}

export function pathLabel(path: readonly PropertyKey[]): string {
  if (path.length === 0) return "(top level)";
  let s = "";
  for (const p of path) {
    if (typeof p === "number") s += `[${p}]`;
    else s += s === "" ? String(p) : `.${String(p)}`;
  }
  return s;
}

/** What a zod issue expected, in words (zod/mini carries no message catalogue). */
export function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.message && issue.message !== "Invalid input") return issue.message;
  switch (issue.code) {
    case "invalid_type":
      return `expected ${issue.expected === "int" ? "a whole number" : issue.expected === "array" ? "a list" : issue.expected === "object" ? "a mapping of keys" : `a ${issue.expected}`}`;
    case "invalid_value":
      return `expected one of ${issue.values.map((v) => String(v)).join(", ")}`;
    case "too_small":
      return issue.origin === "array"
        ? `needs at least ${issue.minimum} item(s)`
        : `must be at least ${issue.minimum}`;
    case "too_big":
      return `must be at most ${issue.maximum}`;
    case "invalid_key":
      return "has an invalid key";
    default:
      return "is not valid";
  }
}

export interface ConfigProblem {
  line: number | null;
  path: string;
  message: string;
}

/**
 * Every problem in a config file, one each, with its line (for `oncall rota check`): YAML errors,
 * every schema issue, and — when the schema passes — what only the rota's meaning shows.
 */
export function checkConfigText(
  text: string,
  filepath: string,
  semantic: (config: TeamConfig) => { path: (string | number)[]; message: string }[],
): ConfigProblem[] {
  const { doc, lineCounter, prefix, plain } = readConfigDocument(text, filepath);
  if (doc.errors.length > 0) {
    return doc.errors.map((e) => ({
      line: lineCounter.linePos(e.pos[0]).line,
      path: "(file)",
      message: `not valid YAML: ${e.message.split("\n")[0]}`,
    }));
  }
  const result = configSchema.safeParse(plain());
  if (!result.success) {
    return result.error.issues.map((issue) => {
      const full = describeIssue(issue, doc, lineCounter, filepath, prefix);
      const m = /^.*?(?::(\d+))?: (.*?): (.*)$/.exec(full.slice(filepath.length));
      return {
        line: m?.[1] ? Number(m[1]) : null,
        path: m?.[2] ?? pathLabel(issue.path),
        message: m?.[3] ?? issueMessage(issue),
      };
    });
  }
  return semantic(result.data).map((p) => ({
    line: lineOf(doc, lineCounter, [...prefix, ...p.path], false),
    path: pathLabel(p.path),
    message: p.message,
  }));
}
