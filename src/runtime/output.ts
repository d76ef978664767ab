import type { Out } from "./io";

/** Writes pieces of output in blocks of about 64 KB, waiting for the stream to drain when it asks. */
export async function writePieces(out: Out, pieces: Iterable<string>): Promise<void> {
  const stream = out as Out & { once?: (event: string, fn: () => void) => unknown };
  let block = "";
  const flush = async () => {
    if (block === "") return;
    const ok = out.write(block);
    block = "";
    if (ok === false && typeof stream.once === "function")
      await new Promise<void>((r) => stream.once?.("drain", r));
  };
  for (const piece of pieces) {
    block += piece;
    if (block.length >= 65_536) await flush();
  }
  await flush();
}
