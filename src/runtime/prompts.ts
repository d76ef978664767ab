import { OncallError } from "../errors";

/** The questions a command may ask; the real one is @inquirer/prompts, tests pass their answers. */
export interface Prompter {
  input(q: { message: string; default?: string; validate?: (v: string) => true | string }): Promise<string>;
  select<T extends string>(q: {
    message: string;
    choices: { name: string; value: T }[];
    default?: T;
  }): Promise<T>;
  checkbox<T extends string>(q: {
    message: string;
    choices: { name: string; value: T; checked?: boolean }[];
  }): Promise<T[]>;
  confirm(q: { message: string; default?: boolean }): Promise<boolean>;
  password(q: { message: string }): Promise<string>;
  /**
   * One key, acted on as it is pressed (no Enter after it): `keys` maps the keys that answer —
   * "enter" for Enter, else the character, lower case — to what they mean. Others are ignored.
   */
  key<T extends string>(q: { message: string; keys: Readonly<Record<string, T>> }): Promise<T>;
}

/**
 * @inquirer/prompts, loaded when first asked; Ctrl-C at a prompt is an interruption (exit 130).
 * Prompts are written to standard error (SPEC §1: stdout is for data), like gh's: a command's
 * output can be redirected while its questions still show on the terminal.
 */
export function inquirerPrompter(
  o: {
    load?: () => Promise<typeof import("@inquirer/prompts")>;
    output?: NodeJS.WritableStream;
    input?: NodeJS.ReadStream;
    /** false with --no-color (or NO_COLOR, or stderr not a terminal): prompts in plain text */
    color?: boolean;
  } = {},
): Prompter {
  const output = o.output ?? process.stderr;
  const input = o.input ?? process.stdin;
  const load = async () => {
    // @inquirer's colours are decided when it is first loaded, from NO_COLOR: --no-color says so
    if (o.color === false) process.env.NO_COLOR ??= "1";
    return o.load ? o.load() : import("@inquirer/prompts");
  };
  const context = { output };
  const guard = async <T>(ask: () => Promise<T>): Promise<T> => {
    const stop = showCursorOnKill(output);
    // Input that ends at a prompt (Ctrl-D, a closed terminal) is an interruption: left alone, the
    // prompt would wait on nothing, and the run end with exit 0 and its clean-up undone.
    let ended: () => void = () => {};
    const inputEnds = new Promise<never>((_, reject) => {
      ended = () => reject(new OncallError("interrupted", "the input ended at a prompt"));
      input.once("end", ended);
      input.once("close", ended);
      // nothing left to wait on but a prompt nobody can answer any more (its input gone)
      process.once("beforeExit", ended);
    });
    inputEnds.catch(() => {});
    try {
      return await Promise.race([ask(), inputEnds]);
    } catch (e) {
      if ((e as Error)?.name === "ExitPromptError")
        throw new OncallError("interrupted", "cancelled at a prompt");
      throw e;
    } finally {
      stop();
      input.off("end", ended);
      input.off("close", ended);
      process.off("beforeExit", ended);
    }
  };
  return {
    input: (q) => guard(async () => (await load()).input(q, context)),
    select: (q) => guard(async () => (await load()).select(q, context)),
    checkbox: (q) => guard(async () => (await load()).checkbox(q, context)),
    confirm: (q) => guard(async () => (await load()).confirm(q, context)),
    // no echo at all: one mask character per key pressed would tell an onlooker the secret's length
    password: (q) => guard(async () => (await load()).password({ ...q, mask: false }, context)),
    key: (q) => readKey(q, input, output),
  };
}

/**
 * A single key from a terminal in raw mode (no echo, no line editing): what `toil submit`'s
 * "Enter, s or q" needs, which a line prompt would make "s⏎". Ctrl-C is an interruption (exit 130),
 * as at every other prompt; the key taken is echoed as a word, so the screen says what happened.
 */
export function readKey<T extends string>(
  q: { message: string; keys: Readonly<Record<string, T>> },
  input: NodeJS.ReadStream,
  output: NodeJS.WritableStream,
): Promise<T> {
  return new Promise((resolve, reject) => {
    // Keys that were waiting before the question was asked are not its answer: typed ahead while
    // the claim was drawn, or the second of a double press of Enter, would record a claim nobody
    // read. Input already waiting is read in the loop turn after resume(); the question is shown,
    // and takes keys, from the turn after that: no clock, the order of the event loop decides,
    // and a key is taken only once its question is on the screen.
    let asked = false;
    let arm = setImmediate(() => {
      arm = setImmediate(() => {
        asked = true;
        output.write(`${q.message} `);
      });
    });
    const wasRaw = input.isRaw === true;
    input.setRawMode?.(true);
    const finish = () => {
      clearImmediate(arm);
      input.off("data", onData);
      input.setRawMode?.(wasRaw);
      input.pause();
    };
    const onData = (chunk: Buffer | string) => {
      for (const ch of chunk.toString()) {
        if (ch === "\u0003" || ch === "\u0004") {
          finish();
          output.write("\n");
          reject(new OncallError("interrupted", "cancelled at a prompt"));
          return;
        }
        if (!asked) continue;
        const name = ch === "\r" || ch === "\n" ? "enter" : ch.toLowerCase();
        const value = q.keys[name];
        if (value === undefined) continue;
        finish();
        output.write(`${name === "enter" ? "Enter" : ch}\n`);
        resolve(value);
        return;
      }
    };
    input.on("data", onData);
    input.resume();
  });
}

/** Killed or hung up on while asking. (Ctrl-C is a key at a prompt, and the prompt ends itself.) */
const KILLS = ["SIGTERM", "SIGHUP"] as const;

/**
 * While a prompt is up, a kill or a closed terminal would leave the cursor the prompt hid hidden
 * in the user's shell: show it again, then die of the signal as the shell expects (128 + n).
 */
function showCursorOnKill(output: NodeJS.WritableStream): () => void {
  const onKill = (signal: NodeJS.Signals) => {
    stop();
    output.write("\u001b[?25h\n");
    process.kill(process.pid, signal);
  };
  const stop = () => {
    for (const s of KILLS) process.removeListener(s, onKill);
  };
  for (const s of KILLS) process.on(s, onKill);
  return stop;
}
