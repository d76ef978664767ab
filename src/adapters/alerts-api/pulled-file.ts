import { constants } from "node:fs";
import { open } from "node:fs/promises";
import { inputError, isOncallError } from "../../errors";
import type { RawAlert } from "./paging";

/** A log larger than the readers take (SPEC §3) cannot be appended to either. */
const MAX_LOG = 256 * 1024 * 1024;

/**
 * The alerts of an earlier pull, to append to: a file holding `{"<envelope>": [...]}` (the same
 * provider's), within the readers' size limit. Anything else is an input error naming the file.
 */
export async function readPulled(
  path: string,
  shown: string,
  envelope: "data" | "values",
  service: string,
  size: number,
): Promise<RawAlert[]> {
  if (size > MAX_LOG)
    throw inputError(
      `${shown} is larger than 256 MiB, too large to append to`,
      "pull into a new file (--out), a month at a time",
    );
  let json: unknown;
  try {
    json = JSON.parse(await readRegular(path, shown));
  } catch (e) {
    if (isOncallError(e)) throw e;
    throw inputError(
      `${shown}: ${e instanceof SyntaxError ? "not JSON" : `cannot be read (${(e as NodeJS.ErrnoException).code ?? "read failed"})`}, so it cannot be appended to`,
      "choose another --out, or --force to replace it",
    );
  }
  const list = (json as Record<string, unknown> | null)?.[envelope];
  if (!Array.isArray(list))
    throw inputError(
      `${shown}: not a log pulled from ${service} (no "${envelope}" list), so it cannot be appended to`,
      "choose another --out, or --force to replace it",
    );
  return list.filter((a): a is RawAlert => typeof a === "object" && a !== null && !Array.isArray(a));
}

/**
 * The file's text, from a regular file only: O_NONBLOCK so a FIFO in its place is not waited on
 * (as the journal reader opens), O_NOFOLLOW so a link is not read through, since the write that
 * follows replaces the link itself, not what it points to.
 */
async function readRegular(path: string, shown: string): Promise<string> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ELOOP") throw notRegular(`${shown}: a symbolic link`);
    throw e;
  }
  try {
    if (!(await handle.stat()).isFile()) throw notRegular(`${shown}: not a regular file`);
    return await handle.readFile("utf8");
  } finally {
    await handle.close();
  }
}

const notRegular = (what: string) =>
  inputError(`${what}, so it cannot be appended to`, "give --out a regular file (the earlier pull itself)");
