import { EventEmitter } from "node:events";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { readKey } from "../../src/runtime/prompts";

/** A terminal's input: `pending` is what was typed before the question, delivered on resume. */
function terminalInput(pending: string[]) {
  const modes: boolean[] = [];
  const input = Object.assign(new EventEmitter(), {
    isRaw: false,
    setRawMode(raw: boolean) {
      modes.push(raw);
      input.isRaw = raw;
      return input;
    },
    resume() {
      // what was already waiting is read at once, before the loop turns
      for (const chunk of pending.splice(0)) process.nextTick(() => input.emit("data", Buffer.from(chunk)));
      return input;
    },
    pause: () => input,
  });
  return { input: input as unknown as NodeJS.ReadStream, modes };
}
const sink = () => {
  const out = { text: "" };
  const w = new Writable({
    write: (c, _e, done) => {
      out.text += c.toString();
      done();
    },
  });
  return { w, out };
};
const KEYS = {
  message: "Press Enter when it is logged, s to skip, q to stop:",
  keys: { enter: "logged", s: "skip", q: "stop" },
} as const;
const turn = () => new Promise((resolve) => setImmediate(resolve));

describe("one key, acted on as it is pressed (toil submit)", () => {
  it("keys typed before the question are dropped; it is shown, and answered by the first key after", async () => {
    const { input, modes } = terminalInput(["\r", "\r"]);
    const { w, out } = sink();
    const answer = readKey(KEYS, input, w);
    expect(out.text).toBe("");
    await turn();
    await turn();
    expect(out.text).toBe(`${KEYS.message} `);
    (input as unknown as EventEmitter).emit("data", Buffer.from("x"));
    (input as unknown as EventEmitter).emit("data", Buffer.from("s"));
    expect(await answer).toBe("skip");
    expect(out.text).toBe(`${KEYS.message} s\n`);
    expect(modes).toEqual([true, false]);
  });

  it("Enter after the question records; two keys in one chunk count once", async () => {
    const { input } = terminalInput([]);
    const { w } = sink();
    const answer = readKey(KEYS, input, w);
    await turn();
    await turn();
    (input as unknown as EventEmitter).emit("data", Buffer.from("\r\r"));
    expect(await answer).toBe("logged");
  });

  it("Ctrl-C and Ctrl-D interrupt at once, even typed ahead", async () => {
    for (const key of ["\u0003", "\u0004"]) {
      const { input } = terminalInput([key]);
      await expect(readKey(KEYS, input, sink().w)).rejects.toMatchObject({ kind: "interrupted" });
    }
  });
});
