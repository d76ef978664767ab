import { randomBytes } from "node:crypto";
import { link, rename, unlink, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { usageError } from "../errors";

/**
 * Writes a file atomically: a temporary file beside it, then a rename (with --force) or a hard link
 * that fails if the target exists (without), so a reader never sees half a file and an existing
 * file is never replaced by accident.
 */
export async function writeFileAtomic(
  cwd: string,
  target: string,
  text: string,
  force: boolean,
): Promise<string> {
  const path = resolve(cwd, target);
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    await writeFile(tmp, text, { flag: "wx" });
  } catch (e) {
    throw usageError(
      `cannot write ${target}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      "check the directory exists and is writable",
    );
  }
  try {
    if (force) {
      await rename(tmp, path);
      return path;
    }
    try {
      await link(tmp, path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "EEXIST") {
        throw usageError(`${target} already exists`, "pass --force to replace it, or choose another --out");
      }
      throw usageError(
        `cannot write ${target}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      );
    }
    return path;
  } finally {
    await unlink(tmp).catch(() => {});
  }
}
