import { describe, expect, it } from "vitest";
import { inquirerPrompter } from "../../src/runtime/prompts";

describe("the secret prompt", () => {
  it("asks with no echo at all: a mask would reveal the secret's length", async () => {
    const asked: unknown[] = [];
    const prompts = {
      password: async (q: unknown) => {
        asked.push(q);
        return "key";
      },
    };
    const prompter = inquirerPrompter(async () => prompts as never);
    expect(await prompter.password({ message: "opsgenie.apiKey (not shown)" })).toBe("key");
    expect(asked).toEqual([{ message: "opsgenie.apiKey (not shown)", mask: false }]);
  });
});
