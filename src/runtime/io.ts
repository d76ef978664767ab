import { escapeLines } from "../render/escape";

/**
 * IO as a value (after gh's iostreams): the streams, whether they are terminals, whether colour
 * is on and whether we may prompt. Commands receive it; tests build one with fake streams.
 */
export interface Out {
  write(chunk: string): unknown;
}

export interface IO {
  stdout: Out;
  stderr: Out;
  /**
   * stderr as it is, for the program's own terminal control (a status line rewritten in place with
   * `\r` and erase-line). Never for text from outside: that goes through `stderr`, or escapeText first.
   */
  stderrRaw: Out;
  stdin: NodeJS.ReadableStream;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  stdinIsTTY: boolean;
  /** stdout's width in columns on a terminal (tables fit it); COLUMNS, else 80, when it has none */
  columns: number;
  /** colour on stdout / stderr */
  color: boolean;
  colorErr: boolean;
  canPrompt: boolean;
  verbose: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export interface IOFlags {
  color?: boolean; // false when --no-color was given
  input?: boolean; // false when --no-input was given
  verbose?: boolean;
}

/** NO_COLOR (any non-empty value) turns colour off; FORCE_COLOR turns it on (0 or false: off). */
export function decideColor(isTTY: boolean, env: NodeJS.ProcessEnv, flagColor: boolean | undefined): boolean {
  if (flagColor === false) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== "") return !(force === "0" || force === "false");
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.TERM === "dumb") return false;
  return isTTY;
}

export interface Streams {
  stdout: Out & { isTTY?: boolean; columns?: number };
  stderr: Out & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
}

/** Standard input is opened only when a command reads it or asks whether it is a terminal. */
export function createIO(streams: Streams, env: NodeJS.ProcessEnv, cwd: string, flags: IOFlags = {}): IO {
  const stdoutIsTTY = streams.stdout.isTTY === true;
  const stderrIsTTY = streams.stderr.isTTY === true;
  // Everything a command writes to stderr (warnings, notes, progress) may quote a log, a config or
  // a remote service: escaped here, in one place, so no command can forget (SPEC §1 safe output).
  const stderr: Out = { write: (chunk) => streams.stderr.write(escapeLines(chunk)) };
  return {
    stdout: streams.stdout,
    stderr,
    stderrRaw: streams.stderr,
    get stdin() {
      return streams.stdin;
    },
    stdoutIsTTY,
    stderrIsTTY,
    get stdinIsTTY() {
      return streams.stdin.isTTY === true;
    },
    columns: streams.stdout.columns || (Number(env.COLUMNS) >= 1 ? Math.floor(Number(env.COLUMNS)) : 80),
    color: decideColor(stdoutIsTTY, env, flags.color),
    colorErr: decideColor(stderrIsTTY, env, flags.color),
    get canPrompt() {
      return flags.input !== false && stdoutIsTTY && streams.stdin.isTTY === true;
    },
    verbose: flags.verbose === true,
    env,
    cwd,
  };
}
