import { closeSync, existsSync, openSync, readdirSync, readSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { type Document, isMap, isNode, isPair, isScalar, LineCounter, parseDocument, visit } from "yaml";
import type * as z from "zod/mini";
import { configError } from "../errors";
import { homeDir } from "../runtime/home";
import { issueMessage } from "./config-issues";
import { configMemo } from "./config-memo";
import {
  configSchemas,
  DEFAULT_TIMEZONE,
  MAX_OVERRIDES,
  referenceIssues,
  type TeamConfig,
} from "./config-schema";

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
  /** the line of a key path in that file, for what only the config's meaning shows */
  lineOf(path: (string | number)[]): number | null;
}

/** The user's config directory (XDG): $XDG_CONFIG_HOME/oncall or ~/.config/oncall. */
export function userConfigDir(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_CONFIG_HOME || join(homeDir(env), ".config");
  return join(base, "oncall");
}

/**
 * A package.json on the search path is a place the config may be, so one that is not JSON is an
 * error naming it (as cosmiconfig and lilconfig's own loader do), not a file silently passed over.
 */
function readPackageJson(filepath: string, content: string): Record<string, unknown> {
  try {
    return JSON.parse(content) as Record<string, unknown>;
  } catch (e) {
    const reason = (e as Error).message.replace(/\s*\(line \d+ column \d+\)/, "");
    const at = /at position (\d+)/.exec(reason);
    const line = at ? content.slice(0, Number(at[1])).split("\n").length : null;
    throw configError(
      `${filepath}${line === null ? "" : `:${line}`}: not valid JSON: ${reason}`,
      'fix it: oncall reads its "oncall" key as the team config (or pass --config PATH)',
    );
  }
}

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
    if (statSync(path).isDirectory()) {
      const setting = explicit !== undefined ? "--config " : "ONCALL_CONFIG=";
      const file = configFileIn(path);
      throw configError(
        `${setting}${named}: is a directory`,
        `name the config file in it${file === null ? "" : `, e.g. ${setting}${join(named, file)}`}`,
      );
    }
    return path;
  }
  const home = homeDir(env);
  // The search is cosmiconfig's (nearest directory first, stopping at home), done here rather than
  // by lilconfig because lilconfig reads each file whole: a search place that is a link to
  // /dev/zero, in any cloned repository, would be read without end (SPEC §3 Limits).
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    for (const place of SEARCH_PLACES) {
      const path = join(dir, place);
      if (!existsSync(path)) continue;
      const content = readSearchPlace(path);
      if (place === "package.json") {
        const pkg = readPackageJson(path, content);
        if (pkg !== null && typeof pkg === "object" && pkg.oncall != null) return path;
        continue;
      }
      if (content.trim() !== "") return path;
    }
    if (dir === home || dir === dirname(dir)) break;
  }
  const user = join(userConfigDir(env), "config.yaml");
  return existsSync(user) ? user : null;
}

/** A search place's text, or a config error saying why it cannot be read. */
function readSearchPlace(path: string): string {
  const hint =
    "it is one of the places the team config is searched for: remove or rename it, or pass --config PATH";
  if (statSync(path).isDirectory()) throw configError(`cannot read ${path}: a directory, not a file`, hint);
  return readConfigFile(path, hint);
}

/**
 * A config file's text, read with a bound whatever the file is: a regular file, a pipe, a device.
 * At most MAX_CONFIG_BYTES + 1 bytes are read, so /dev/zero or `<(yes)` is refused after 1 MiB
 * rather than read until memory runs out.
 */
export function readConfigFile(path: string, hint?: string): string {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (e) {
    throw configError(
      `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      hint,
    );
  }
  const buffer = Buffer.alloc(MAX_CONFIG_BYTES + 1);
  let size = 0;
  try {
    for (;;) {
      const n = readSync(fd, buffer, size, buffer.length - size, null);
      if (n === 0) break;
      size += n;
      if (size === buffer.length) break;
    }
  } catch (e) {
    throw configError(
      `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      hint,
    );
  } finally {
    closeSync(fd);
  }
  if (size > MAX_CONFIG_BYTES) {
    throw configError(
      `${path}: the file is larger than ${MAX_CONFIG_BYTES / 1024} KiB; a team config is at most ${MAX_CONFIG_BYTES / 1024} KiB`,
      hint ?? "is this the right file? see docs/config.md",
    );
  }
  return buffer.toString("utf8", 0, size);
}

/**
 * A file in a directory with a name the team config is searched under: any other YAML file there
 * (docker-compose.yaml) is not one, and suggesting it would send the user the wrong way.
 */
function configFileIn(dir: string): string | null {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return null;
  }
  return SEARCH_PLACES.find((p) => p !== "package.json" && names.includes(p)) ?? null;
}

export function loadConfig(cwd: string, env: NodeJS.ProcessEnv, explicit?: string): LoadedConfig {
  const filepath = findConfigFile(cwd, env, explicit);
  if (filepath === null) {
    const result = configSchemas().configSchema.safeParse({ people: [] });
    if (!result.success) throw new Error("the defaults do not validate"); // a bug, not bad input
    return { config: result.data, filepath: null, lineOf: () => null };
  }
  return { ...readConfig(readConfigFile(filepath), filepath), filepath };
}

/** A config already read (as `rota check` has), with the lines of its keys. */
export function loadConfigText(text: string, filepath: string): LoadedConfig {
  return { ...readConfig(text, filepath), filepath };
}

/** Parses and validates config text; errors name the file, the line, the key path and what was expected. */
export function parseConfigText(text: string, filepath: string): TeamConfig {
  return readConfig(text, filepath).config;
}

function readConfig(text: string, filepath: string): Omit<LoadedConfig, "filepath"> {
  const memo = configMemo();
  const known = memo?.get(filepath, text);
  if (known !== undefined) {
    // lines are wanted only for a warning: the document is parsed then, not on every run
    let source: ConfigSource | undefined;
    const lineOf = (path: (string | number)[]) => {
      source ??= readConfigDocument(text, filepath);
      return source.lineOf(path);
    };
    return { config: known, lineOf };
  }
  const source = readConfigDocument(text, filepath);
  const { config, problems } = examine(source);
  if (config) {
    memo?.set(filepath, text, config);
    return { config, lineOf: (path) => source.lineOf(path) };
  }
  const first = problems[0]!;
  const n = problems.length - 1;
  const more = n > 0 ? ` (and ${n} more problem${n > 1 ? "s" : ""}: oncall rota check lists them all)` : "";
  throw configError(
    `${formatProblem(filepath, first)}${more}`,
    first.path === FILE ? undefined : "see docs/config.md for every key",
  );
}

/** One problem as one line: `file:line: key.path: what is wrong`. */
export function formatProblem(filepath: string, p: ConfigProblem): string {
  return `${filepath}${p.line === null ? "" : `:${p.line}`}: ${p.path === FILE ? "" : `${p.path}: `}${p.message}`;
}

/** The path label of problems with the file as a whole (syntax, aliases, not a mapping). */
const FILE = "(file)";

/** At most this many alias expansions (yaml's own default, stated so that docs/config.md can say it). */
const MAX_ALIASES = 100;

/** A team config is a few kilobytes; far larger is not one (and the parser's memory grows with it). */
const MAX_CONFIG_BYTES = 1024 * 1024;
/** Flow collections nested deeper than this are refused before parsing: yaml's parser recurses per level and runs out of memory near 100,000. */
const MAX_FLOW_DEPTH = 64;

/**
 * Refuses, before the YAML parser sees it, text that would exhaust it: a huge file, or `[`/`{` nested
 * far deeper than any config needs. Brackets inside quotes and comments are counted too, which can
 * only overstate the depth of a file that has more than MAX_FLOW_DEPTH unclosed brackets in strings.
 */
function refuseHostileShape(text: string, filepath: string): void {
  if (text.length > MAX_CONFIG_BYTES) {
    throw configError(
      `${filepath}: the file is ${Math.round(text.length / 1024)} KiB; a team config is at most ${MAX_CONFIG_BYTES / 1024} KiB`,
      "is this the right file? see docs/config.md",
    );
  }
  let depth = 0;
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) line++;
    else if (c === 91 || c === 123) {
      if (++depth > MAX_FLOW_DEPTH) {
        throw configError(
          `${filepath}:${line}: [ and { are nested more than ${MAX_FLOW_DEPTH} levels deep; the file is refused`,
          "a team config needs only a few levels: see docs/config.md",
        );
      }
    } else if ((c === 93 || c === 125) && depth > 0) depth--;
  }
}

/**
 * The config file as a YAML document with positions: YAML 1.2 core schema, so 2026-01-07 stays a
 * string; JSON is read by the same parser, for line numbers; package.json's "oncall" key.
 */
function readConfigDocument(text: string, filepath: string) {
  refuseHostileShape(text, filepath);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    version: "1.2",
    schema: "core",
    lineCounter,
    prettyErrors: false,
    uniqueKeys: true,
    // the library's own console warnings ("Set mapAsMap: true") would be a second, foreign line
    logLevel: "silent",
  });
  const prefix: (string | number)[] = basename(filepath) === "package.json" ? ["oncall"] : [];
  const json = /\.json$/.test(filepath);
  /** The plain value, or a problem when anchors and aliases would expand it without bound. */
  const plain = (): { value: unknown } | { problem: ConfigProblem } => {
    const shape = unsupportedShape(doc, lineCounter);
    if (shape !== null) return { problem: shape };
    try {
      const node = prefix.length ? (doc.getIn(prefix, true) as unknown) : doc.contents;
      return { value: isNode(node) ? node.toJS(doc, { maxAliasCount: MAX_ALIASES }) : node };
    } catch (e) {
      if (!(e instanceof ReferenceError && /alias/i.test(e.message))) throw e;
      let first: number | null = null;
      visit(doc, {
        Alias(_key, node) {
          if (node.range) first = lineCounter.linePos(node.range[0]).line;
          return visit.BREAK;
        },
      });
      return {
        problem: {
          line: first,
          path: FILE,
          message: `YAML aliases (*name) here expand to more than ${MAX_ALIASES} copies, as in an "alias bomb"; the file is refused: write the values out instead`,
          severity: "error",
        },
      };
    }
  };
  return {
    doc,
    lineCounter,
    prefix,
    json,
    plain,
    lineOf: (path: (string | number)[]) => lineOf(doc, lineCounter, [...prefix, ...path], false),
  };
}

type ConfigSource = ReturnType<typeof readConfigDocument>;

/**
 * What the YAML parser accepts but a config cannot mean, found before the document is turned into
 * values: an alias (*name) with no anchor (&name) before it, and a complex key (`? [a, b]`).
 */
function unsupportedShape(doc: Document, lines: LineCounter): ConfigProblem | null {
  let problem: ConfigProblem | null = null;
  const at = (range: readonly number[] | null | undefined) => (range ? lines.linePos(range[0]!).line : null);
  visit(doc, {
    Alias(_key, node) {
      if (node.resolve(doc) !== undefined) return;
      problem = {
        line: at(node.range),
        path: FILE,
        message: `the YAML alias *${node.source} is undefined: no anchor &${node.source} comes before it; define the anchor first, or write the value out`,
        severity: "error",
      };
      return visit.BREAK;
    },
    Pair(_key, pair) {
      if (!isNode(pair.key) || isScalar(pair.key)) return;
      problem = {
        line: at(pair.key.range),
        path: FILE,
        message:
          "a complex YAML key (a list or mapping as a key, as with ?) is not supported: keys are plain names",
        severity: "error",
      };
      return visit.BREAK;
    },
  });
  return problem;
}

/**
 * Every problem of a config, each with its line: syntax errors alone (nothing else can be read);
 * else every shape issue and every reference between ids, so that one run of `rota check` shows
 * them all. The config, when there is none.
 */
function examine(source: ConfigSource): {
  config: TeamConfig | null;
  problems: ConfigProblem[];
  raw: unknown;
} {
  const { doc, lineCounter } = source;
  if (doc.errors.length > 0) {
    const problems = doc.errors.map(
      (e): ConfigProblem => ({
        line: lineCounter.linePos(e.pos[0]).line,
        path: FILE,
        message: `not valid ${source.json ? "JSON" : "YAML"}: ${e.message.split("\n")[0]}`,
        severity: "error",
      }),
    );
    return { config: null, problems, raw: undefined };
  }
  const plain = source.plain();
  if ("problem" in plain) return { config: null, problems: [plain.problem], raw: undefined };
  const raw = plain.value;
  if (raw === undefined && source.prefix.length > 0) {
    const problem: ConfigProblem = {
      line: null,
      path: FILE,
      message:
        'has no "oncall" key: oncall reads the team config from that key of a package.json (or pass --config with the team config file)',
      severity: "error",
    };
    return { config: null, problems: [problem], raw };
  }
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    const problem: ConfigProblem = {
      line: 1,
      path: FILE,
      message: "the config must be a mapping of keys (timezone, people, rota, …)",
      severity: "error",
    };
    return { config: null, problems: [problem], raw };
  }
  const shape = configSchemas().configShape.safeParse(raw);
  const problems: ConfigProblem[] = shape.success
    ? []
    : shape.error.issues.map((issue) => describeIssue(issue, source));
  for (const issue of referenceIssues(raw)) {
    problems.push({
      line: source.lineOf(issue.path),
      path: pathLabel(issue.path),
      message: issue.message,
      severity: "error",
    });
  }
  return { config: shape.success && problems.length === 0 ? shape.data : null, problems, raw };
}

function describeIssue(issue: z.core.$ZodIssue, source: ConfigSource): ConfigProblem {
  const { doc, lineCounter, prefix } = source;
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
  const line = lineOf(doc, lineCounter, [...prefix, ...at], issue.code === "unrecognized_keys");
  return { line, path: pathLabel(at), message, severity: "error" };
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

export { issueMessage };

export function pathLabel(path: readonly PropertyKey[]): string {
  if (path.length === 0) return "(top level)";
  let s = "";
  for (const p of path) {
    if (typeof p === "number") s += `[${p}]`;
    else s += s === "" ? String(p) : `.${String(p)}`;
  }
  return s;
}

export interface ConfigProblem {
  line: number | null;
  path: string;
  message: string;
  /** warnings (overlapping overrides) are reported but do not make the config invalid */
  severity: "error" | "warning";
}

type Schemas = ReturnType<typeof configSchemas>;

/** The rota as far as it parsed: lines that parsed, overrides that parsed (others as blanks). */
export interface RotaParts {
  timezone: string;
  /** the config's timezone is not a zone: `timezone` is the default one, standing in */
  standIn: boolean;
  rota: {
    handover: z.output<Schemas["handover"]>;
    lines: z.output<Schemas["line"]>[];
    overrides: z.output<Schemas["override"]>[];
  };
}

/**
 * Every problem in a config file, one each, with its line (for `oncall rota check`): YAML errors;
 * else every shape issue and every reference between ids, and what only the rota's meaning shows,
 * judged on the parts of the rota that parsed.
 */
export function checkConfigText(
  text: string,
  filepath: string,
  semantic: (
    parts: RotaParts,
  ) => { path: (string | number)[]; message: string; severity: "error" | "warning" }[],
): ConfigProblem[] {
  const source = readConfigDocument(text, filepath);
  const { problems, raw } = examine(source);
  const parts = rotaParts(raw);
  if (parts) {
    // A bad zone is one problem already; the rota's own are still worth finding in the same run.
    if (parts.standIn) {
      problems.push({
        line: source.lineOf(["timezone"]),
        path: "timezone",
        message: `override times checked in ${parts.timezone} until timezone is fixed`,
        severity: "warning",
      });
    }
    for (const p of semantic(parts)) {
      problems.push({
        line: source.lineOf(p.path),
        path: pathLabel(p.path),
        message: p.message,
        severity: p.severity,
      });
    }
  }
  return problems;
}

function rotaParts(raw: unknown): RotaParts | null {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return null;
  const { timezone: tz = DEFAULT_TIMEZONE, rota } = raw as Record<string, unknown>;
  const { timezone, handover, line, override } = configSchemas();
  const zone = timezone.safeParse(tz);
  if (rota === null || typeof rota !== "object" || Array.isArray(rota)) return null;
  const r = rota as Record<string, unknown>;
  const h = handover.safeParse(r.handover ?? { day: "wed", time: "10:00" });
  if (!h.success) return null;
  const items = (v: unknown) => (Array.isArray(v) ? v : []);
  const lines = items(r.lines).flatMap((l) => {
    const parsed = line.safeParse(l);
    return parsed.success ? [parsed.data] : [];
  });
  // A blank keeps the indices (and so the paths) of the overrides after it; it resolves to nothing.
  // Beyond the limit the file is refused anyway; the rest would only slow the check down.
  const overrides = items(r.overrides)
    .slice(0, MAX_OVERRIDES)
    .map((o) => {
      const parsed = override.safeParse(o);
      return parsed.success ? parsed.data : { line: "", person: "", from: "", to: "" };
    });
  const standIn = !zone.success;
  return {
    timezone: standIn ? DEFAULT_TIMEZONE : zone.data,
    standIn,
    rota: { handover: h.data, lines, overrides },
  };
}
