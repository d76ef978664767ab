import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { readBounded } from "../../src/runtime/read-bounded";

const tooLarge = () => new Error("too large");

/** Endless chunks of `size` bytes, counting how many were taken and whether the source was let go. */
function endless(size: number) {
  const seen = { pulled: 0, released: false };
  async function* chunks() {
    try {
      for (;;) {
        seen.pulled++;
        yield Buffer.alloc(size, "a");
      }
    } finally {
      seen.released = true;
    }
  }
  return { seen, chunks: chunks() };
}

describe("the one bounded reader of standard input and log streams", () => {
  it("reads a source whole up to the limit, string chunks as UTF-8", async () => {
    const whole = await readBounded(Readable.from(["ab", Buffer.from("cd"), "é"]), 6, tooLarge);
    expect(whole.toString("utf8")).toBe("abcdé");
  });

  it("refuses an endless source once past the limit, without holding more, and lets it go", async () => {
    const { seen, chunks } = endless(1024);
    await expect(readBounded(chunks, 4096, tooLarge)).rejects.toThrow("too large");
    expect(seen.pulled).toBe(5);
    expect(seen.released).toBe(true);
  });

  it("a stream left early is destroyed: the rest of an endless pipe is never read", async () => {
    const stream = Readable.from(endless(1024).chunks);
    await expect(readBounded(stream, 2048, tooLarge)).rejects.toThrow("too large");
    expect(stream.destroyed).toBe(true);
  });
});
