import { execFileSync } from "node:child_process";
import { createWriteStream, mkdtempSync, readFileSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { constants, deflateRawSync } from "node:zlib";
import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { openLog } from "../../src/adapters/logs";
import type { Alert } from "../../src/core/alert";
import { OncallError } from "../../src/errors";

const fixture = (name: string) => join(__dirname, "..", "fixtures", name);
const dir = mkdtempSync(join(tmpdir(), "oncall-bytes-"));
const tmp = (name: string, content: string | Uint8Array) => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};
const noStdin = Readable.from([]);
const HEADER = "Alert ID,TinyID,CreatedAt,Owner\n";

async function read(path: string, stdin: NodeJS.ReadableStream = noStdin) {
  const log = await openLog(path, { lenient: false, stdin });
  const alerts: Alert[] = [];
  const warnings: string[] = [];
  await log.read({
    alert: (a) => {
      alerts.push(a);
      return true;
    },
    unreadable: () => {},
    warning: (w) => warnings.push(w),
  });
  return { log, alerts, warnings };
}

async function readError(path: string, stdin: NodeJS.ReadableStream = noStdin): Promise<OncallError> {
  try {
    await read(path, stdin);
  } catch (e) {
    if (!(e instanceof OncallError)) throw e;
    expect(e.kind).toBe("input");
    expect(e.message).not.toMatch(/\n/);
    return e;
  }
  throw new Error("expected an input error");
}

/** Raw DEFLATE of `data` ending in a full flush: blocks that can be repeated and concatenated. */
const deflatePiece = (data: Buffer) => deflateRawSync(data, { finishFlush: constants.Z_FULL_FLUSH });
const FINAL_BLOCK = Buffer.from([3, 0]);

interface Crafted {
  name: string;
  data: Buffer;
  method: number;
  /** the uncompressed size the directory declares */
  size: number;
}

/** A zip written by hand, so an entry can declare any size (zip64 past 4 GiB). */
function craftZip(entries: Crafted[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const big = e.size >= 0xffffffff;
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(45, 4);
    lh.writeUInt16LE(e.method, 8);
    lh.writeUInt32LE(e.data.length, 18);
    lh.writeUInt32LE(big ? 0xffffffff : e.size, 22);
    lh.writeUInt16LE(name.length, 26);
    const extra = Buffer.alloc(big ? 12 : 0);
    if (big) {
      extra.writeUInt16LE(1, 0);
      extra.writeUInt16LE(8, 2);
      extra.writeBigUInt64LE(BigInt(e.size), 4);
    }
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(45, 4);
    cd.writeUInt16LE(45, 6);
    cd.writeUInt16LE(e.method, 10);
    cd.writeUInt32LE(e.data.length, 20);
    cd.writeUInt32LE(big ? 0xffffffff : e.size, 24);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt16LE(extra.length, 30);
    cd.writeUInt32LE(offset, 42);
    locals.push(lh, name, e.data);
    centrals.push(cd, name, extra);
    offset += 30 + name.length + e.data.length;
  }
  const central = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(central.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, central, eocd]);
}

const csvZip = (files: Record<string, string>) =>
  zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strToU8(v)])));

const ROW = "a-1,7,1762136040000,alice@example.com\n";

describe("zip archives", () => {
  it("refuses a CSV expanding to 1.5 GB in one record within its first MiB, in bounded memory", async () => {
    const mib = Buffer.alloc(1024 * 1024, 0x61);
    const piece = deflatePiece(mib);
    const n = 1430;
    const data = Buffer.concat([
      deflatePiece(Buffer.from(HEADER)),
      ...Array.from({ length: n }, () => piece),
      FINAL_BLOCK,
    ]);
    const zip = tmp(
      "bomb.zip",
      craftZip([{ name: "export.csv", data, method: 8, size: HEADER.length + n * mib.length }]),
    );
    const before = process.memoryUsage().rss;
    const e = await readError(zip);
    expect(e.message).toBe(`${zip}:export.csv:2: a record longer than 1 MiB`);
    // A safety net only: the old reader held all 1.5 GB.
    expect(process.memoryUsage().rss - before).toBeLessThan(300 * 1024 * 1024);
  }, 30_000);

  it("refuses an entry that would expand past 4 GiB, before inflating it", async () => {
    const data = Buffer.concat([deflatePiece(Buffer.from(HEADER + ROW)), FINAL_BLOCK]);
    const zip = tmp("huge.zip", craftZip([{ name: "export.csv", data, method: 8, size: 5 * 1024 ** 3 }]));
    expect((await readError(zip)).message).toBe(
      `${zip}:export.csv: would expand to 5 GiB, past the 4 GiB limit`,
    );
  });

  it("refuses an entry that inflates past the size its directory declares", async () => {
    const text = HEADER + ROW.repeat(100);
    const data = Buffer.concat([deflatePiece(Buffer.from(text)), FINAL_BLOCK]);
    const zip = tmp(
      "liar.zip",
      craftZip([{ name: "export.csv", data, method: 8, size: HEADER.length + ROW.length }]),
    );
    expect((await readError(zip)).message).toMatch(
      /liar\.zip:export\.csv: inflates to more bytes than the zip's directory says/,
    );
  });

  it("refuses a zip holding more than one CSV, naming them", async () => {
    const zip = tmp("two.zip", csvZip({ "a.csv": HEADER, "b.csv": HEADER }));
    expect((await readError(zip)).message).toBe(
      `${zip}: expected one CSV in the zip, found 2 (a.csv, b.csv)`,
    );
  });

  it("reads a stored (uncompressed) entry, and refuses other compression methods by name", async () => {
    const stored = tmp("stored.zip", zipSync({ "export.csv": strToU8(HEADER + ROW) }, { level: 0 }));
    expect((await read(stored)).alerts.map((a) => a.id)).toEqual(["a-1"]);
    const bzip2 = tmp(
      "bzip2.zip",
      craftZip([{ name: "export.csv", data: Buffer.from("BZh9"), method: 12, size: 100 }]),
    );
    expect((await readError(bzip2)).message).toBe(
      `${bzip2}:export.csv: compressed with zip method 12, which is not read`,
    );
  });

  it("names a few of the entries of a zip without a CSV, on one line", async () => {
    const files = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`page-${i}.txt`, "x"]));
    const zip = tmp("pages.zip", csvZip(files));
    expect((await readError(zip)).message).toBe(
      `${zip}: expected one CSV in the zip, found 0 (page-0.txt, page-1.txt, page-2.txt, page-3.txt, page-4.txt and 35 more)`,
    );
  });

  it("ignores what Finder's re-zip adds: __MACOSX/ and dot-files", async () => {
    const zip = tmp(
      "finder.zip",
      csvZip({
        "export/alert-export-result_1.csv": HEADER + ROW,
        "__MACOSX/export/._alert-export-result_1.csv": "resource fork",
        "export/.DS_Store": "finder",
        ".hidden.csv": "x",
      }),
    );
    const { log, alerts } = await read(zip);
    expect(log.format).toBe("opsgenie-zip");
    expect(alerts.map((a) => [a.id, a.file, a.row])).toEqual([
      ["a-1", `${zip}:export/alert-export-result_1.csv`, 2],
    ]);
  });

  it("says an empty zip is empty", async () => {
    const zip = tmp("empty.zip", zipSync({}));
    expect((await readError(zip)).message).toBe(`${zip}: is an empty zip archive`);
  });

  it("says an .xlsx workbook is a spreadsheet and how to save it as CSV", async () => {
    const book = zipSync({
      "[Content_Types].xml": strToU8("<Types/>"),
      "xl/workbook.xml": strToU8("<workbook/>"),
      "xl/worksheets/sheet1.xml": strToU8("<worksheet/>"),
    });
    for (const name of ["alerts.xlsx", "alerts-renamed.zip"]) {
      const e = await readError(tmp(name, book));
      expect(e.message).toMatch(/: is an Excel workbook, not a CSV export$/);
      expect(e.hint).toMatch(/File › Save As › CSV UTF-8/);
    }
    // A damaged workbook is still named as one by its name; an old binary .xls by its header.
    expect((await readError(tmp("cut.xlsx", Buffer.from("PK\u0003\u0004garbage")))).message).toMatch(
      /an Excel workbook/,
    );
    const xls = Buffer.concat([Buffer.from("d0cf11e0a1b11ae1", "hex"), Buffer.alloc(100)]);
    expect((await readError(tmp("old.xls", xls))).message).toMatch(/an Excel workbook/);
  });
});

describe("sizes and streams", () => {
  it("says an empty file is empty", async () => {
    const p = tmp("empty.csv", "");
    expect((await readError(p)).message).toBe(`${p}: is empty`);
    expect((await readError(tmp("blank.csv", "\uFEFF \r\n\n"))).message).toMatch(/blank\.csv: is empty$/);
    expect((await readError("-", Readable.from([]))).message).toBe("stdin: is empty");
  });

  it("refuses a 10 MB record, naming its line", async () => {
    const p = tmp("long.csv", `${HEADER}${ROW}a-2,8,1762136040000,${"x".repeat(10_000_000)}\n`);
    expect((await readError(p)).message).toBe(`${p}:3: a record longer than 1 MiB`);
  });

  it("refuses endless standard input within its first MiB, and stops reading it", async () => {
    let produced = 0;
    const zeros = Buffer.alloc(64 * 1024);
    const endless = (head: string) =>
      Readable.from(
        (function* () {
          yield Buffer.from(head);
          for (;;) {
            produced += zeros.length;
            yield zeros;
          }
        })(),
      );
    expect((await readError("-", endless(HEADER))).message).toBe("stdin:2: a record longer than 1 MiB");
    expect(produced).toBeLessThan(4 * 1024 * 1024);
    produced = 0;
    expect((await readError("-", endless(""))).message).toMatch(/^stdin: not a recognised alert log/);
    expect(produced).toBeLessThan(4 * 1024 * 1024);
  });

  it("refuses a JSON log larger than 256 MiB without reading it", async () => {
    const p = tmp("big.json", '{"data":[');
    truncateSync(p, 256 * 1024 * 1024 + 1); // sparse: nothing is written
    const e = await readError(p);
    expect(e.message).toBe(`${p}: a JSON log larger than 256 MiB (JSON is read whole)`);
    expect(e.hint).toMatch(/split it/);
  });

  it("reads a FIFO, and a zip arriving through one (spooled)", async () => {
    const csv = readFileSync(fixture("opsgenie-current.csv"));
    const fromFile = await read(fixture("opsgenie-current.csv"));
    for (const [name, bytes] of [
      ["log.fifo", csv],
      ["zip.fifo", Buffer.from(zipSync({ "alert-export-result_1.csv": new Uint8Array(csv) }))],
    ] as const) {
      const fifo = join(dir, name);
      execFileSync("mkfifo", [fifo]);
      createWriteStream(fifo).end(bytes);
      const { alerts } = await read(fifo);
      expect(alerts.map((a) => [a.id, a.message, a.row])).toEqual(
        fromFile.alerts.map((a) => [a.id, a.message, a.row]),
      );
    }
  });

  it("reads a zip from standard input", async () => {
    const zip = Buffer.from(csvZip({ "alert-export-result_1.csv": HEADER + ROW }));
    // In small pieces, as a pipe delivers them.
    const pieces = Array.from({ length: Math.ceil(zip.length / 7) }, (_, i) =>
      zip.subarray(i * 7, i * 7 + 7),
    );
    const { log, alerts } = await read("-", Readable.from(pieces));
    expect(log.format).toBe("opsgenie-zip");
    expect(alerts.map((a) => a.id)).toEqual(["a-1"]);
  });
});

describe("encodings of spreadsheet saves", () => {
  const text = `${HEADER}a-1,7,1762136040000,Zoë “the pager” £5\na-2,8,1762136050000,café\n`;

  it("reads bytes that are not UTF-8 as Windows-1252, with one warning for the file", async () => {
    const cp1252 = Buffer.from(
      [...text].map((c) => ({ ë: 0xeb, "“": 0x93, "”": 0x94, "£": 0xa3, é: 0xe9 })[c] ?? c.charCodeAt(0)),
    );
    const p = tmp("excel.csv", cp1252);
    const { alerts, warnings } = await read(p);
    expect(alerts.map((a) => a.owner)).toEqual(["Zoë “the pager” £5", "café"]);
    expect(warnings).toEqual([
      `${p}: bytes that are not valid UTF-8 were read as Windows-1252 (the first, 0xEB, as "ë"), as Excel saves "CSV (Comma delimited)"; save as "CSV UTF-8" to be sure`,
    ]);
  });

  it("reads UTF-16 with a BOM, little- and big-endian, and UTF-8 with a BOM, without a warning", async () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
    const be = Buffer.from(le);
    be.swap16();
    const utf8 = Buffer.from(`\uFEFF${text}`);
    for (const [name, bytes] of [
      ["le.csv", le],
      ["be.csv", be],
      ["bom.csv", utf8],
    ] as const) {
      const { alerts, warnings } = await read(tmp(name, bytes));
      expect(alerts.map((a) => a.owner)).toEqual(["Zoë “the pager” £5", "café"]);
      expect(warnings).toEqual([]);
    }
  });

  it("reads UTF-16 from standard input in odd-sized pieces", async () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
    const pieces = Array.from({ length: Math.ceil(le.length / 3) }, (_, i) => le.subarray(i * 3, i * 3 + 3));
    const { alerts } = await read("-", Readable.from(pieces));
    expect(alerts.map((a) => a.owner)).toEqual(["Zoë “the pager” £5", "café"]);
  });
});
