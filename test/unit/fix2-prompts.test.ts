import { describe, expect, it } from "vitest";
import { inquirerPrompter } from "../../src/runtime/prompts";

describe("the prompts", () => {
  it("ask for a secret with no echo at all: a mask would reveal the secret's length", async () => {
    const asked: unknown[] = [];
    const prompts = {
      password: async (q: unknown) => {
        asked.push(q);
        return "key";
      },
    };
    const prompter = inquirerPrompter({ load: async () => prompts as never });
    expect(await prompter.password({ message: "opsgenie.apiKey (not shown)" })).toBe("key");
    expect(asked).toEqual([{ message: "opsgenie.apiKey (not shown)", mask: false }]);
  });

  it("are written to standard error, never into the data on stdout (SPEC §1)", async () => {
    const contexts: unknown[] = [];
    const record = async (_q: unknown, context: unknown) => {
      contexts.push(context);
      return "x";
    };
    const prompts = { input: record, select: record, confirm: record, checkbox: record, password: record };
    const prompter = inquirerPrompter({ load: async () => prompts as never });
    await prompter.input({ message: "a" });
    await prompter.select({ message: "b", choices: [{ name: "x", value: "x" }] });
    await prompter.confirm({ message: "c" });
    await prompter.checkbox({ message: "d", choices: [] });
    await prompter.password({ message: "e" });
    expect(contexts).toEqual(Array(5).fill({ output: process.stderr }));
  });
});
