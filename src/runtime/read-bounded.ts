/**
 * Reads standard input (or any stream of chunks) whole, refusing it past `limit` bytes before
 * holding more than that. Leaving the loop early lets go of the source, so an endless input
 * (/dev/zero, `yes`) is not read to its end.
 */
export async function readBounded(
  source: AsyncIterable<Buffer | string>,
  limit: number,
  tooLarge: () => Error,
): Promise<Buffer> {
  const parts: Buffer[] = [];
  let length = 0;
  for await (const c of source) {
    const chunk = typeof c === "string" ? Buffer.from(c) : c;
    length += chunk.length;
    if (length > limit) throw tooLarge();
    parts.push(chunk);
  }
  return Buffer.concat(parts, length);
}
