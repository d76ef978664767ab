import * as z from "zod/mini";
import type { CommandContext } from "./context";
import { GLOBAL_FLAGS, optionKey } from "./registry";

/** A positional argument: `<log...>` is required and variadic, `[key]` optional. */
export interface ArgDeclaration {
  name: string;
  description: string;
  optional?: boolean;
  variadic?: boolean;
  choices?: readonly string[];
  /** file names (shell completion offers them) */
  files?: boolean;
}

/** A flag as the command declares it; src/cli.ts turns it into commander's option, completion into words. */
export interface FlagDeclaration {
  /** the long name without dashes: `person` is `--person` */
  long: string;
  short?: string;
  /** the value's name in help (`--person <id>`); no value makes a switch */
  value?: string;
  /** `--week [date]`: the value may be left out */
  valueOptional?: boolean;
  description: string;
  /** given again, the values collect into a list (in order) */
  repeatable?: boolean;
  /** commander refuses the flag's absence */
  required?: boolean;
  choices?: readonly string[];
  hidden?: boolean;
}

/**
 * Schemas a command's options use again and again, made once: a zod schema is immutable and knows
 * nothing of the key it sits under (an issue's path comes from the object), and `_default` gives a
 * copy of its value each time. Each schema made costs a start ~20 µs on Node 24: toil's options
 * were some forty of them.
 */
export const optionalText = z.optional(z.string());
export const optionalSwitch = z.optional(z.boolean());
export const texts = z._default(z.array(z.string()), []);
export const switchOff = z._default(z.boolean(), false);
export const switchOn = z._default(z.boolean(), true);

/** The options every command receives, declared once: src/cli.ts defines the flags on the program. */
export const globalOptionsShape = {
  config: optionalText,
  json: optionalSwitch,
  format: optionalText,
  color: optionalSwitch,
  input: optionalSwitch,
  verbose: optionalSwitch,
};

/**
 * A command as its module declares it: its arguments and flags (for help and completion), the zod
 * schema that checks what commander parsed into the options `run` receives, and `run` itself. The
 * summary lives in the registry (src/commands/registry.ts), which help reads without loading this.
 */
export interface CommandDeclaration<O = unknown> {
  name: string;
  examples: readonly string[];
  args: readonly ArgDeclaration[];
  flags: readonly FlagDeclaration[];
  /** the command's own `--format` choices (help lists them); absent, the global `--format` applies; empty, it has none */
  formats?: readonly string[];
  /** positional arguments (by name, camelCase) and flags (camelCase), global ones included */
  options: z.ZodMiniType<O, unknown>;
  run(options: O, ctx: CommandContext): Promise<void>;
}

export function defineCommand<O>(declaration: CommandDeclaration<O>): CommandDeclaration<O> {
  // A flag given an empty value (`--config=`, `--woken ""`) is refused here, for every flag
  // alike, rather than by each use saying something of its own ("is a directory", "no alert
  // has that id"). Positional arguments share the options object but are not flags: not checked.
  const valued = [...GLOBAL_FLAGS, ...declaration.flags]
    .filter((f) => f.value !== undefined)
    .map((f) => optionKey(f.long));
  const options = declaration.options.check(
    z.superRefine((value, ctx) => {
      const given = value as Record<string, unknown>;
      for (const key of valued) {
        const v = given[key];
        if (v === "" || (Array.isArray(v) && v.includes(""))) {
          ctx.addIssue({
            code: "too_small",
            origin: "string",
            minimum: 1,
            inclusive: true,
            path: [key],
            input: v,
          });
          return;
        }
      }
    }),
  );
  return { ...declaration, options };
}

/** A command's options schema: its own entries and the global options. */
export function commandOptions<S extends z.core.$ZodLooseShape>(shape: S) {
  return z.object({ ...globalOptionsShape, ...shape });
}
