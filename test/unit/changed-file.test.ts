import { appendFileSync, mkdtempSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fileSource } from "../../src/adapters/log-input";
import { isOncallError } from "../../src/errors";

// A regular file is stat'ed when it is opened and read in pieces after: one cut short or grown in
// between (a log still being written, a copy replaced) is refused at the end of its bytes, before
// its last half row could be read as a bad row or rows go missing without a word.

async function readAll(path: string): Promise<number> {
  const source = await fileSource(path);
  let n = 0;
  for await (const chunk of source.chunks()) n += chunk.length;
  return n;
}

function bigFile(): string {
  const path = join(mkdtempSync(join(tmpdir(), "oncall-changed-")), "log.csv");
  writeFileSync(path, "x".repeat(600_000));
  return path;
}

describe("a file that changes while it is read", () => {
  it("is read whole when it does not", async () => {
    expect(await readAll(bigFile())).toBe(600_000);
  });

  it.each([
    ["cut short", (p: string) => truncateSync(p, 100_000), /600,000 bytes when opened, 100,000 read/],
    ["grown", (p: string) => appendFileSync(p, "y".repeat(1000)), /600,000 bytes when opened, 601,000 read/],
  ])("%s after it was opened: exit 4 naming the file and both sizes", async (_what, change, sizes) => {
    const path = bigFile();
    const source = await fileSource(path);
    change(path);
    const read = (async () => {
      for await (const _ of source.chunks());
    })();
    const e = await read.then(
      () => null,
      (x: unknown) => x,
    );
    expect(isOncallError(e)).toBe(true);
    expect((e as Error).message).toMatch(new RegExp(`^${path}: changed while it was read`));
    expect((e as Error).message).toMatch(sizes);
    expect((e as { kind: string }).kind).toBe("input");
  });

  it("grown: refused before any byte past its size is handed on (no half row read as a bad one)", async () => {
    const path = bigFile();
    const source = await fileSource(path);
    appendFileSync(path, "\nhalf,a,row");
    let seen = 0;
    const e = await (async () => {
      for await (const chunk of source.chunks()) seen += chunk.length;
    })().then(
      () => null,
      (x: unknown) => x,
    );
    expect((e as Error).message).toMatch(/changed while it was read \(600,000 bytes when opened/);
    expect(seen).toBeLessThanOrEqual(600_000);
  });
});
