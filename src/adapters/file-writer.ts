import { randomBytes } from "node:crypto";
import { constants, type Stats, unlinkSync } from "node:fs";
import {
  access,
  type FileHandle,
  link,
  lstat,
  open,
  rename,
  stat,
  unlink,
  writeFile,
} from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { isOncallError, type OncallError, usageError } from "../errors";
import type { Signals } from "../runtime/signals";
import { writeFailure } from "../runtime/write-failure";

/** The file functions the writer uses: node's, or a test's that fail on cue (a full disk). */
export interface AtomicFs {
  writeFile: typeof writeFile;
  link: typeof link;
  rename: typeof rename;
  unlink: typeof unlink;
  stat: typeof stat;
}

const nodeFs: AtomicFs = { writeFile, link, rename, unlink, stat };

/**
 * Writes a file atomically: a temporary file beside it, then a rename (with --force) or a hard link
 * that fails if the target exists (without), so a reader never sees half a file and an existing
 * file is never replaced by accident. A failure removes the temporary file and says what failed;
 * a path the user gave that cannot be written is a usage error (exit 2, docs/exit-codes.md).
 * A character device (/dev/null, /dev/stdout on a terminal) or a pipe something reads
 * (/dev/stdout into `| jq`) is written directly: it cannot be renamed over, and there is nothing
 * in it to keep. Any other file that is not a regular one is refused (exit 2), a FIFO nothing
 * reads included: opening it would wait for a reader for ever.
 */
export async function writeFileAtomic(
  cwd: string,
  target: string,
  content: string | Iterable<string>,
  force: boolean,
  signals: Signals,
  fs: AtomicFs = nodeFs,
): Promise<string> {
  const path = resolve(cwd, target);
  // pieces (a JSON document claim by claim) are written as they come, in blocks: the whole text of
  // a big export is more than a string can hold (V8: about 512 MB), and never needs to be in memory
  const text = typeof content === "string" ? content : blocks(content);
  const existing = await checkNotDirectory(cwd, target, fs);
  if (existing && !existing.isFile()) {
    await checkWritableSpecial(path, target, existing);
    await fs.writeFile(path, text).catch((e: unknown) => {
      throw cannotWrite(target, path, e);
    });
    return path;
  }
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
  // Ctrl-C or a kill while the temporary file exists would leave it behind (SPEC §8: an interrupted
  // write leaves no temporary file): it goes synchronously, and the program then dies of the
  // signal as it would have (130 for SIGINT), unless someone (escalate) takes charge of it.
  const removeOnSignal = signals.onInterrupt(() => {
    try {
      unlinkSync(tmp);
    } catch {
      // not created yet, or already gone
    }
    return false;
  });
  let ours = true;
  try {
    await fs.writeFile(tmp, text, { flag: "wx" }).catch((e: unknown) => {
      // another run's temporary file by the same name is not ours to remove
      if ((e as NodeJS.ErrnoException).code === "EEXIST") ours = false;
      throw e;
    });
    if (force) {
      await fs.rename(tmp, path);
      return path;
    }
    try {
      await fs.link(tmp, path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "EEXIST") {
        throw usageError(`${target} already exists`, "pass --force to replace it, or choose another --out");
      }
      throw e;
    }
    return path;
  } catch (e) {
    throw isOncallError(e) ? e : cannotWrite(target, path, e);
  } finally {
    removeOnSignal();
    // gone after a rename; otherwise a whole or partial copy that must not be left behind
    if (ours) await fs.unlink(tmp).catch(() => {});
  }
}

/** Pieces joined into blocks of about 64 KB: one write each, not one per piece. */
function* blocks(pieces: Iterable<string>): Generator<string> {
  let block = "";
  for (const piece of pieces) {
    block += piece;
    if (block.length >= 65_536) {
      yield block;
      block = "";
    }
  }
  if (block !== "") yield block;
}

/**
 * What writeFileAtomic would refuse at the end, said before the work that makes the text (reading
 * a year's logs, pulling from an API): --out a directory, a file already there without --force, a
 * directory that does not exist. The write checks again, as the file system may change meanwhile.
 * Returns what is at the path, if anything.
 */
export async function checkOut(
  cwd: string,
  target: string,
  force: boolean,
  fs: Pick<AtomicFs, "stat"> = nodeFs,
): Promise<Stats | null> {
  const existing = await checkNotDirectory(cwd, target, fs);
  // a link to nothing is a name taken too: the write's link() would find it there
  const taken = existing?.isFile() || (existing === null && (await isLink(resolve(cwd, target))));
  if (taken && !force)
    throw usageError(`${target} already exists`, "pass --force to replace it, or choose another --out");
  if (existing === null) await checkParentDirectory(cwd, target, fs);
  return existing;
}

/** The directory a new file would go in exists (and is one): the same words as a write that fails. */
export async function checkParentDirectory(
  cwd: string,
  target: string,
  fs: Pick<AtomicFs, "stat"> = nodeFs,
): Promise<void> {
  const path = resolve(cwd, target);
  const dir = await fs.stat(dirname(path)).catch((e: unknown) => e as NodeJS.ErrnoException);
  if (dir instanceof Error) {
    // a directory we may not look into is left for the write to report as it fails
    if (dir.code === "ENOENT" || dir.code === "ENOTDIR") throw cannotWrite(target, path, dir);
    return;
  }
  if (!dir.isDirectory())
    throw usageError(`cannot write ${target}: ${dirname(path)} is not a directory`, "choose another --out");
  // a directory we may not write in (or not search) fails the write as it would
  await access(dirname(path), constants.W_OK | constants.X_OK).catch((e: unknown) => {
    throw cannotWrite(target, path, e);
  });
}

async function isLink(path: string): Promise<boolean> {
  return (await lstat(path).catch(() => null))?.isSymbolicLink() === true;
}

/** A directory given for a file is a usage error saying so; returns what is at the path, if anything. */
export async function checkNotDirectory(
  cwd: string,
  target: string,
  fs: Pick<AtomicFs, "stat"> = nodeFs,
): Promise<Stats | null> {
  const existing = await fs.stat(resolve(cwd, target)).catch(() => null);
  if (existing?.isDirectory() || /[\\/]$/.test(target)) {
    throw usageError(`--out ${target} is a directory`, "name a file in it");
  }
  return existing;
}

/**
 * A special file is written only when it is a character device or a FIFO with a reader: a FIFO
 * is opened for writing without blocking, which fails at once (ENXIO) when nothing reads it. The
 * write itself then opens it again, blocking: the reader is there, so that open returns.
 */
async function checkWritableSpecial(path: string, target: string, existing: Stats): Promise<void> {
  if (existing.isCharacterDevice()) return;
  if (!existing.isFIFO())
    throw usageError(`--out ${target} exists and is not a regular file`, "choose another --out");
  let probe: FileHandle;
  try {
    probe = await open(path, constants.O_WRONLY | constants.O_NONBLOCK);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENXIO")
      throw usageError(
        `--out ${target} is a named pipe (FIFO) that nothing is reading`,
        "start its reader first, or choose another --out",
      );
    throw cannotWrite(target, path, e);
  }
  await probe.close();
}

/** What failed, in words, with the system's code; and what to do about it. */
function cannotWrite(target: string, path: string, e: unknown): OncallError {
  const dir = dirname(path);
  const { what, code, space } = writeFailure(e);
  const [words, hint] = ((): [string, string] => {
    if (space) return [what, "free some space, or choose another --out"];
    switch (code) {
      case "EACCES":
      case "EPERM":
      case "EROFS":
        return [what, "choose a directory you can write to"];
      case "ENOENT":
        return [`the directory ${dir} does not exist`, "create it, or choose another --out"];
      case "ENOTDIR":
        return [`${dir} is not a directory`, "choose another --out"];
      default:
        return [what, "check the directory exists and is writable"];
    }
  })();
  return usageError(`cannot write ${target}: ${words}${code ? ` (${code})` : ""}`, hint);
}
