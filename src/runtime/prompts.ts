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
}

/**
 * @inquirer/prompts, loaded when first asked; Ctrl-C at a prompt is an interruption (exit 130).
 * Prompts are written to standard error (SPEC §1: stdout is for data), like gh's: a command's
 * output can be redirected while its questions still show on the terminal.
 */
export function inquirerPrompter(
  load: () => Promise<typeof import("@inquirer/prompts")> = () => import("@inquirer/prompts"),
  output: NodeJS.WritableStream = process.stderr,
): Prompter {
  const context = { output };
  const guard = async <T>(ask: () => Promise<T>): Promise<T> => {
    try {
      return await ask();
    } catch (e) {
      if ((e as Error)?.name === "ExitPromptError")
        throw new OncallError("interrupted", "cancelled at a prompt");
      throw e;
    }
  };
  return {
    input: (q) => guard(async () => (await load()).input(q, context)),
    select: (q) => guard(async () => (await load()).select(q, context)),
    checkbox: (q) => guard(async () => (await load()).checkbox(q, context)),
    confirm: (q) => guard(async () => (await load()).confirm(q, context)),
    // no echo at all: one mask character per key pressed would tell an onlooker the secret's length
    password: (q) => guard(async () => (await load()).password({ ...q, mask: false }, context)),
  };
}
