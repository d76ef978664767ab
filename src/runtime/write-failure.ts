/**
 * What a failed write means, in words, by the system's code: an output file (--out) or the
 * standard output (a full disk under `> file`). Disk-full and permission cases get the words
 * a user acts on; anything else the system's own message.
 */
export function writeFailure(e: unknown): { what: string; code: string | undefined; space: boolean } {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case "ENOSPC":
      return { what: "no space left on the device", code, space: true };
    case "EDQUOT":
      return { what: "disk quota exceeded", code, space: true };
    case "EFBIG":
      return { what: "the file is larger than the file system allows", code, space: true };
    case "EACCES":
    case "EPERM":
      return { what: "permission denied", code, space: false };
    case "EROFS":
      return { what: "read-only file system", code, space: false };
    default:
      return { what: (e as Error).message, code, space: false };
  }
}
