import type { FileHandle } from "node:fs/promises";
import { inputError } from "../../errors";
import {
  ByteDecoder,
  type ByteSource,
  entryBytes,
  isIgnoredEntry,
  isWorkbook,
  spool,
  type ZipEntry,
  zipEntries,
} from "../log-input";
import { emptyError, type LogReader, workbookError } from "./common";

const ZIP_HINT = "pass the alert-export-result_….zip that Opsgenie emails, or the CSV inside it";

/** True when the head is a zip archive's (a local file header, or an empty archive's end record). */
export function isZip(bytes: Buffer): boolean {
  return (
    bytes.length >= 4 && bytes.readUInt16LE(0) === 0x4b50 && [0x0403, 0x0605].includes(bytes.readUInt16LE(2))
  );
}

/** The zip Opsgenie emails: one CSV inside, read by whichever CSV reader knows its header. */
export const opsgenieZip: LogReader = {
  format: "opsgenie-zip",
  sniff(head) {
    return isZip(head.bytes) ? 1 : 0;
  },
  async open(src, head, ctx) {
    const { file } = head;
    if (/\.(xlsx|xlsm)$/i.test(file)) throw workbookError(file);
    // A regular file is opened again to be read; a spooled one keeps its (already unlinked) handle.
    const opened = src.seekable();
    const reopen = opened !== null;
    const fh = await (opened ?? spool(src));
    try {
      const all = await zipEntries(file, fh);
      if (isWorkbook(all)) throw workbookError(file);
      const entries = all.filter((e) => !isIgnoredEntry(e.name));
      if (entries.length === 0) {
        throw inputError(
          all.length === 0
            ? `${file}: is an empty zip archive`
            : `${file}: holds no CSV (only ${entryNames(all)})`,
          ZIP_HINT,
        );
      }
      const csvs = entries.filter((e) => /\.csv$/i.test(e.name));
      if (csvs.length !== 1) {
        throw inputError(
          `${file}: expected one CSV in the zip, found ${csvs.length} (${entryNames(csvs.length === 0 ? entries : csvs)})`,
          ZIP_HINT,
        );
      }
      const entry = csvs[0]!;
      const inner = `${file}:${entry.name}`;
      const bytes = await entryHead(file, fh, entry);
      if (reopen) await fh.close();
      let used = false;
      const source: ByteSource = {
        file: inner,
        head: bytes,
        size: null,
        async *chunks() {
          if (used && !reopen) throw new Error(`${inner} was read twice`);
          used = true;
          const handle = reopen ? ((await src.seekable()) ?? fh) : fh;
          try {
            yield* entryBytes(file, handle, entry);
          } finally {
            await handle.close();
          }
        },
        seekable: () => null,
      };
      if (bytes.length === 0) throw emptyError(inner);
      const text = new ByteDecoder().write(bytes);
      if (text.trim() === "") throw emptyError(inner);
      const log = await ctx.openInner(source, { file: inner, bytes, text });
      return { ...log, format: "opsgenie-zip" as const };
    } catch (e) {
      await fh.close().catch(() => {});
      throw e;
    }
  },
};

/** A few entry names, for a one-line message however many the zip holds. */
function entryNames(entries: ZipEntry[]): string {
  const names = entries.slice(0, 5).map((e) => e.name);
  return entries.length > 5 ? `${names.join(", ")} and ${entries.length - 5} more` : names.join(", ");
}

/** The start of a zip entry, inflated, for recognising its header. */
async function entryHead(file: string, fh: FileHandle, entry: ZipEntry): Promise<Buffer> {
  const parts: Buffer[] = [];
  let length = 0;
  for await (const chunk of entryBytes(file, fh, entry)) {
    parts.push(chunk);
    length += chunk.length;
    if (length >= 64 * 1024) break;
  }
  return Buffer.concat(parts);
}
