import { isAscii, isUtf8 } from "node:buffer";
import {
  closeSync,
  createReadStream,
  fstatSync,
  open,
  openSync,
  readSync,
  rmSync,
  type Stats,
  statSync,
} from "node:fs";
import type { FileHandle } from "node:fs/promises";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { TextDecoder } from "node:util";
import { inputError, isOncallError, type OncallError } from "../errors";
import { tempDir } from "../runtime/home";
import { readBounded } from "../runtime/read-bounded";

/**
 * The bytes of an alert log, wherever they come from: a regular file (read as often as needed),
 * or standard input, a FIFO or a process substitution (read once, as they arrive, never statted
 * for a size). `head` is the start, for recognising the format.
 */
export interface ByteSource {
  readonly file: string;
  readonly head: Buffer;
  /** the size, when it is known before reading (a regular file) */
  readonly size: number | null;
  /** every byte from the start; a stream can be read once */
  chunks(): AsyncIterable<Buffer>;
  /** a handle for random access, when the source is a regular file */
  seekable(): Promise<FileHandle> | null;
  /** the path to read it again by, when it is a regular file */
  readonly path?: string;
}

export const CHUNK = 64 * 1024;
/**
 * A regular file is read in larger pieces: each piece costs a read, a decode and a turn of the
 * reader's loop, and at a million rows 64 KB pieces spent ~8% of the run on that (docs/performance.md).
 */
export const FILE_CHUNK = 256 * 1024;
/**
 * Text is decoded in pieces of at most this many bytes, whatever the size read: a string past
 * V8's largest regular object (128 KB) is allocated in a space of its own, pages mapped for it and
 * unmapped after, which made decoding a 256 KB piece ~9× slower per byte than a 64 KB one (Node 24,
 * ~180 ms of a million-row export against ~20).
 */
export const TEXT_PIECE = 64 * 1024;
const HEAD = 64 * 1024;
/** SPEC §3: JSON is parsed whole, so it is refused past this size rather than exhausting memory. */
export const MAX_JSON = 256 * 1024 * 1024;
/** SPEC §3: a zip entry that would expand past this is refused. */
export const MAX_ENTRY = 4 * 1024 * 1024 * 1024;
/** A zip arriving through a pipe is spooled to a temporary file (its directory is at its end). */
export const MAX_SPOOL = 1024 * 1024 * 1024;

/** A system error reading the file as an input error; anything else is a bug of ours and stays one (exit 1). */
export function fileError(path: string, e: unknown): Error {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === undefined) return e as Error;
  if (code === "ENOENT") return inputError(`${path}: no such file`, "check the path of the alert log");
  if (code === "EISDIR")
    return inputError(`${path}: is a directory, not an alert log`, "pass the alert log files inside it");
  if (code === "EACCES") return inputError(`${path}: permission denied`);
  return inputError(`${path}: cannot be read (${code})`);
}

/**
 * A path: a regular file is read by position; anything else (FIFO, /dev/fd/N, a device) as a stream.
 * A regular file's head is read synchronously (it never blocks), and a file that fits in it (a
 * week's export) is never streamed: each trip to libuv's thread pool is a wait for a core on a busy
 * machine, and on Node 24 node:fs/promises (it brings readline) and a file's read stream cost a
 * millisecond or two of every start (SPEC §8, docs/performance.md).
 */
export async function fileSource(path: string): Promise<ByteSource> {
  let st: Stats;
  try {
    st = statSync(path);
  } catch (e) {
    throw fileError(path, e);
  }
  if (st.isDirectory()) throw fileError(path, Object.assign(new Error(), { code: "EISDIR" }));
  if (!st.isFile()) {
    // Opening a FIFO waits for its writer: done off the main thread, so that Ctrl-C still works.
    try {
      const fd = await new Promise<number>((resolve, reject) =>
        open(path, "r", (e, fd) => (e ? reject(e) : resolve(fd))),
      );
      return await streamSource(path, createReadStream(path, { fd, highWaterMark: CHUNK }));
    } catch (e) {
      if (isOncallError(e)) throw e;
      throw fileError(path, e);
    }
  }
  let head: Buffer;
  let size: number;
  try {
    const fd = openSync(path, "r");
    try {
      size = fstatSync(fd).size;
      const buf = Buffer.alloc(Math.min(HEAD, size));
      head = buf.subarray(0, readSync(fd, buf, 0, buf.length, 0));
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    throw fileError(path, e);
  }
  const whole = head.length === size;
  return {
    file: path,
    head,
    size,
    chunks: whole
      ? async function* () {
          if (head.length > 0) yield head;
        }
      : () =>
          checkedSize(path, size, readStream(path, createReadStream(path, { highWaterMark: FILE_CHUNK }))),
    seekable: () => openFile(path),
    path,
  };
}

async function openFile(path: string): Promise<FileHandle> {
  const { open } = await import("node:fs/promises");
  try {
    return await open(path, "r");
  } catch (e) {
    throw fileError(path, e);
  }
}

/**
 * A regular file's bytes, refused at the end when there were not as many as it had when it was
 * opened: a file cut short (or grown) while it was read would otherwise end in a half row read as
 * a bad one, or rows lost without a word.
 */
async function* checkedSize(
  path: string,
  size: number,
  chunks: AsyncIterable<Buffer>,
): AsyncGenerator<Buffer> {
  let read = 0;
  for await (const chunk of chunks) {
    read += chunk.length;
    // grown: refused before the bytes past its size are read as rows (a half row would be a bad one)
    if (read > size) throw changedError(path, size, read);
    yield chunk;
  }
  if (read !== size) throw changedError(path, size, read);
}

export function changedError(path: string, size: number, read: number) {
  return inputError(
    `${path}: changed while it was read (${size.toLocaleString("en-GB")} bytes when opened, ${read.toLocaleString("en-GB")} read)`,
    "read it again once nothing is writing to it",
  );
}

async function* readStream(file: string, stream: NodeJS.ReadableStream): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of stream)
      yield typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer);
  } catch (e) {
    if (isOncallError(e)) throw e;
    throw fileError(file, e);
  }
}

/** Standard input or another stream: the head is read now, the rest when the log is read. */
export async function streamSource(file: string, stream: NodeJS.ReadableStream): Promise<ByteSource> {
  const it = readStream(file, stream)[Symbol.asyncIterator]();
  const first: Buffer[] = [];
  let length = 0;
  let done = false;
  while (length < HEAD) {
    const r = await it.next();
    if (r.done) {
      done = true;
      break;
    }
    first.push(r.value);
    length += r.value.length;
  }
  const head = Buffer.concat(first);
  let used = false;
  return {
    file,
    head,
    size: done ? head.length : null,
    async *chunks() {
      if (used) throw new Error(`${file} was read twice`);
      used = true;
      if (head.length > 0) yield head;
      if (done) return;
      try {
        for (;;) {
          const r = await it.next();
          if (r.done) return;
          yield r.value;
        }
      } finally {
        // Stopped early (a limit): let go of the stream rather than leave a read pending.
        await it.return(undefined);
      }
    },
    seekable: () => null,
  };
}

/** Reads a whole source, refusing it past `limit` bytes before holding more than that. */
export async function readWhole(
  src: ByteSource,
  limit: number,
  tooLarge: () => OncallError,
): Promise<Buffer> {
  if (src.size !== null && src.size > limit) throw tooLarge();
  return readBounded(src.chunks(), limit, tooLarge);
}

/**
 * Copies a stream to a temporary file for random access, at most `MAX_SPOOL` bytes. The file is
 * unlinked once open where the system allows, so nothing is left behind however the run ends.
 */
export async function spool(src: ByteSource): Promise<FileHandle> {
  const { mkdtemp, open, rm } = await import("node:fs/promises");
  const dir = await mkdtemp(join(tempDir(), "oncall-"));
  const path = join(dir, "log.zip");
  const fh = await open(path, "w+", 0o600);
  let unlinked = true;
  await rm(dir, { recursive: true, force: true }).catch(() => {
    unlinked = false;
  });
  // Where an open file cannot be removed (Windows), it goes at exit; only synchronous work runs then.
  if (!unlinked) process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  let length = 0;
  try {
    for await (const chunk of src.chunks()) {
      length += chunk.length;
      if (length > MAX_SPOOL) {
        throw inputError(
          `${src.file}: a zip read from a pipe larger than ${MAX_SPOOL / 1024 / 1024 / 1024} GiB`,
          "pass the zip as a file, or the CSV inside it",
        );
      }
      await fh.write(chunk);
    }
  } catch (e) {
    await fh.close().catch(() => {});
    throw e;
  }
  return fh;
}

// ---- Zip archives: the directory at the end says what is inside; the one entry is inflated as a stream.

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

const NOT_ZIP = "pass the alert-export-result_….zip that Opsgenie emails, or the CSV inside it";

/** The entries listed in a zip's central directory (zip64 sizes included). */
export async function zipEntries(file: string, fh: FileHandle): Promise<ZipEntry[]> {
  const { size } = await fh.stat();
  const corrupt = (why: string) => inputError(`${file}: not a readable zip archive (${why})`, NOT_ZIP);
  const tailLength = Math.min(size, 22 + 65535);
  const tail = await readAt(fh, size - tailLength, tailLength);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw corrupt("no central directory: is it cut off?");
  let count = tail.readUInt16LE(eocd + 10);
  let cdSize = tail.readUInt32LE(eocd + 12);
  let cdOffset = tail.readUInt32LE(eocd + 16);
  if ((count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) && eocd >= 20) {
    const loc = eocd - 20;
    if (tail.readUInt32LE(loc) === 0x07064b50) {
      const at = Number(tail.readBigUInt64LE(loc + 8));
      const z = await readAt(fh, at, 56);
      if (z.length < 56 || z.readUInt32LE(0) !== 0x06064b50) throw corrupt("a bad zip64 directory");
      count = Number(z.readBigUInt64LE(32));
      cdSize = Number(z.readBigUInt64LE(40));
      cdOffset = Number(z.readBigUInt64LE(48));
    }
  }
  if (cdOffset + cdSize > size || cdSize > 64 * 1024 * 1024) throw corrupt("a bad central directory");
  const cd = await readAt(fh, cdOffset, cdSize);
  const entries: ZipEntry[] = [];
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== 0x02014b50) throw corrupt("a bad central directory");
    const nameLength = cd.readUInt16LE(p + 28);
    const extraLength = cd.readUInt16LE(p + 30);
    const commentLength = cd.readUInt16LE(p + 32);
    const entry: ZipEntry = {
      name: cd.toString("utf8", p + 46, p + 46 + nameLength),
      flags: cd.readUInt16LE(p + 8),
      method: cd.readUInt16LE(p + 10),
      compressedSize: cd.readUInt32LE(p + 20),
      size: cd.readUInt32LE(p + 24),
      localOffset: cd.readUInt32LE(p + 42),
    };
    // The zip64 extra field holds, in this order, whichever of the three is 0xffffffff.
    let e = p + 46 + nameLength;
    const extraEnd = e + extraLength;
    while (e + 4 <= extraEnd) {
      const id = cd.readUInt16LE(e);
      const len = cd.readUInt16LE(e + 2);
      if (id === 1) {
        let q = e + 4;
        const next = () => {
          const v = q + 8 <= e + 4 + len ? Number(cd.readBigUInt64LE(q)) : 0xffffffff;
          q += 8;
          return v;
        };
        if (entry.size === 0xffffffff) entry.size = next();
        if (entry.compressedSize === 0xffffffff) entry.compressedSize = next();
        if (entry.localOffset === 0xffffffff) entry.localOffset = next();
      }
      e += 4 + len;
    }
    entries.push(entry);
    p = extraEnd + commentLength;
  }
  return entries;
}

/** Reads by position, so the handle stays open for another pass (a handle's stream closes it). */
async function* readRange(
  fh: FileHandle,
  start: number,
  length: number,
  chunk: number,
): AsyncGenerator<Buffer> {
  let pos = start;
  const end = start + length;
  while (pos < end) {
    const buf = Buffer.allocUnsafe(Math.min(chunk, end - pos));
    const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
    if (bytesRead === 0) return;
    pos += bytesRead;
    yield buf.subarray(0, bytesRead);
  }
}

async function readAt(fh: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await fh.read(buf, 0, length, position);
  return buf.subarray(0, bytesRead);
}

/** Finder's re-zip adds `__MACOSX/` resource forks and dot-files: not part of the export. */
export function isIgnoredEntry(name: string): boolean {
  const base = name.slice(name.lastIndexOf("/") + 1);
  return name.startsWith("__MACOSX/") || base.startsWith(".") || name.endsWith("/");
}

export function isWorkbook(entries: ZipEntry[]): boolean {
  return entries.some((e) => e.name === "[Content_Types].xml" || e.name.startsWith("xl/"));
}

/**
 * An entry's bytes, inflated as they are read: memory stays at a chunk or two whatever the entry
 * expands to, and reading stops as soon as the consumer stops (a record past its limit).
 */
export async function* entryBytes(file: string, fh: FileHandle, entry: ZipEntry): AsyncGenerator<Buffer> {
  const where = `${file}:${entry.name}`;
  if (entry.size > MAX_ENTRY) {
    throw inputError(
      `${where}: would expand to ${gib(entry.size)}, past the ${gib(MAX_ENTRY)} limit`,
      "split the export (e.g. one month per file)",
    );
  }
  if (entry.flags & 1)
    throw inputError(`${where}: is encrypted`, "pass the zip as Opsgenie sent it, or the CSV inside it");
  if (entry.method !== 0 && entry.method !== 8) {
    throw inputError(
      `${where}: compressed with zip method ${entry.method}, which is not read`,
      "re-zip it with ordinary (deflate) compression, or pass the CSV inside it",
    );
  }
  const local = await readAt(fh, entry.localOffset, 30);
  if (local.length < 30 || local.readUInt32LE(0) !== 0x04034b50)
    throw inputError(`${file}: not a readable zip archive (a bad entry header for ${entry.name})`, NOT_ZIP);
  if (entry.size === 0 || entry.compressedSize === 0) return;
  const start = entry.localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  // Small reads: one read of a highly compressed entry inflates to about a thousand times its size.
  // node:stream and zlib are loaded here, for a zip, not with every log read: zlib costs ~3 ms of
  // each start, and a piped run needs no stream otherwise (SPEC §8)
  const { pipeline, Readable } = await import("node:stream");
  const raw = Readable.from(readRange(fh, start, entry.compressedSize, 16 * 1024), { objectMode: false });
  const inflate =
    entry.method === 8 ? (await import("node:zlib")).createInflateRaw({ chunkSize: CHUNK }) : null;
  const out: Readable = inflate ? pipeline(raw, inflate, () => {}) : raw;
  let total = 0;
  try {
    for await (const chunk of out) {
      total += (chunk as Buffer).length;
      // A directory that understates the size is corrupt or hostile: the limit stands either way.
      if (total > entry.size) break;
      yield chunk as Buffer;
    }
  } catch (e) {
    throw inputError(`${where}: cannot be inflated (${(e as Error).message}): the zip is damaged`, NOT_ZIP);
  } finally {
    out.destroy();
    raw.destroy();
  }
  if (total !== entry.size) {
    throw inputError(
      `${where}: inflates to ${total > entry.size ? "more" : "fewer"} bytes than the zip's directory says (${entry.size}): the zip is damaged`,
      NOT_ZIP,
    );
  }
}

function gib(bytes: number): string {
  return `${Math.round((bytes / 1024 ** 3) * 10) / 10} GiB`;
}

// ---- Text: UTF-8, UTF-16 with a BOM, and Windows-1252 for bytes that are not UTF-8.

// Windows-1252's 0x80–0x9F (the rest of its upper half is Latin-1); unassigned bytes map to themselves.
const CP1252_80 =
  "\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f" +
  "\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178";

export function cp1252(byte: number): string {
  return byte >= 0x80 && byte < 0xa0 ? CP1252_80[byte - 0x80]! : String.fromCharCode(byte);
}

/** The length of the valid UTF-8 sequence at b[i] (a byte ≥ 0x80), or 0 if it is not one. */
function sequenceLength(b: Buffer, i: number, end: number): number {
  const c = b[i]!;
  let length: number;
  let lo = 0x80;
  let hi = 0xbf;
  if (c >= 0xc2 && c <= 0xdf) length = 2;
  else if (c >= 0xe0 && c <= 0xef) {
    length = 3;
    if (c === 0xe0) lo = 0xa0;
    if (c === 0xed) hi = 0x9f;
  } else if (c >= 0xf0 && c <= 0xf4) {
    length = 4;
    if (c === 0xf0) lo = 0x90;
    if (c === 0xf4) hi = 0x8f;
  } else return 0;
  if (i + length > end) return 0;
  const c1 = b[i + 1]!;
  if (c1 < lo || c1 > hi) return 0;
  for (let k = 2; k < length; k++) {
    const ck = b[i + k]!;
    if (ck < 0x80 || ck > 0xbf) return 0;
  }
  return length;
}

/** Where an incomplete UTF-8 sequence at the end of b starts (b.length if there is none). */
function completeUpTo(b: Buffer): number {
  const n = b.length;
  for (let j = n - 1; j >= 0 && j >= n - 3; j--) {
    const c = b[j]!;
    if (c < 0x80) return n;
    if (c >= 0xc0) {
      const need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
      return j + need > n ? j : n;
    }
  }
  return n;
}

/**
 * Decodes a log's bytes chunk by chunk. A BOM chooses UTF-8 or UTF-16 (LE or BE) and is dropped;
 * without one the text is UTF-8, and any byte that is not part of valid UTF-8 is read as
 * Windows-1252 — what Excel writes for "CSV (Comma delimited)" — noted in `fallback`.
 */
export class ByteDecoder {
  private state: "start" | "utf-8" | "utf-16le" | "utf-16be" = "start";
  private pending: Buffer = Buffer.alloc(0);
  private utf16: TextDecoder | null = null;
  /** the first byte read as Windows-1252, and what it became */
  fallback: { byte: number; text: string } | null = null;

  /** Decodes a chunk as write() does, handing over its text in pieces of at most TEXT_PIECE bytes. */
  writeEach(chunk: Buffer, each: (text: string) => void): void {
    if (chunk.length <= TEXT_PIECE) {
      each(this.write(chunk));
      return;
    }
    for (let at = 0; at < chunk.length; at += TEXT_PIECE)
      each(this.write(chunk.subarray(at, at + TEXT_PIECE)));
  }

  write(chunk: Buffer): string {
    let b = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = Buffer.alloc(0);
    if (this.state === "start") {
      if (b.length < 3 && (b.length === 0 || [0xef, 0xfe, 0xff].includes(b[0]!)) && !this.bom(b)) {
        this.pending = Buffer.from(b);
        return "";
      }
      b = b.subarray(this.choose(b));
    }
    if (this.utf16 !== null) return this.utf16.decode(b, { stream: true });
    const cut = completeUpTo(b);
    if (cut < b.length) this.pending = Buffer.from(b.subarray(cut));
    return this.utf8(b, cut);
  }

  end(): string {
    let b = this.pending;
    this.pending = Buffer.alloc(0);
    if (this.state === "start") b = b.subarray(this.choose(b));
    if (this.utf16 !== null) return this.utf16.decode(b);
    return this.utf8(b, b.length);
  }

  private bom(b: Buffer): boolean {
    return b.length >= 2 && ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff));
  }

  private skip(b: Buffer): number {
    return b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
  }

  /** Chooses the encoding from a BOM; returns the BOM's length. */
  private choose(b: Buffer): number {
    if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) {
      this.state = "utf-16le";
      this.utf16 = new TextDecoder("utf-16le");
      return 2;
    }
    if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) {
      this.state = "utf-16be";
      this.utf16 = new TextDecoder("utf-16be");
      return 2;
    }
    this.state = "utf-8";
    return this.skip(b);
  }

  private utf8(b: Buffer, end: number): string {
    const text = b.subarray(0, end);
    // ASCII is its own Latin-1: copied byte for byte, where UTF-8 decoding looks at every byte again.
    if (isAscii(text)) return b.toString("latin1", 0, end);
    if (isUtf8(text)) return b.toString("utf8", 0, end);
    let out = "";
    let run = 0;
    let i = 0;
    while (i < end) {
      if (b[i]! < 0x80) {
        i++;
        continue;
      }
      const length = sequenceLength(b, i, end);
      if (length > 0) {
        i += length;
        continue;
      }
      const text = cp1252(b[i]!);
      if (this.fallback === null) this.fallback = { byte: b[i]!, text };
      out += b.toString("utf8", run, i) + text;
      i++;
      run = i;
    }
    return out + b.toString("utf8", run, end);
  }
}
