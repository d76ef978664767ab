import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { runCli } from "../cli/run";

const root = join(__dirname, "..", "..");
const fixtures = join(root, "test", "fixtures", "stats");

/** A PNG's pixels as RGB(A) rows: enough of the format for Chromium's screenshots (8-bit, no interlace). */
function decodePng(buf: Buffer): { width: number; height: number; pixel(x: number, y: number): number[] } {
  expect(buf.subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a");
  let pos = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  while (pos < buf.length) {
    const len = buf.readUInt32BE(pos);
    const type = buf.toString("ascii", pos + 4, pos + 8);
    const data = buf.subarray(pos + 8, pos + 8 + len);
    if (type === "IHDR") {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect(data[8]).toBe(8);
      channels = ({ 2: 3, 6: 4, 0: 1, 4: 2 } as Record<number, number>)[data[9]!]!;
      expect(data[12]).toBe(0);
    }
    if (type === "IDAT") idat.push(data);
    pos += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const out = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    for (let x = 0; x < stride; x++) {
      const v = raw[y * (stride + 1) + 1 + x]!;
      const a = x >= channels ? out[y * stride + x - channels]! : 0;
      const b = y > 0 ? out[(y - 1) * stride + x]! : 0;
      const c = x >= channels && y > 0 ? out[(y - 1) * stride + x - channels]! : 0;
      const p = a + b - c;
      const pa = Math.abs(p - a);
      const pb = Math.abs(p - b);
      const pc = Math.abs(p - c);
      const paeth = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      const pred = [0, a, b, (a + b) >> 1, paeth][filter]!;
      out[y * stride + x] = (v + pred) & 0xff;
    }
  }
  return {
    width,
    height,
    pixel: (x, y) => [...out.subarray(y * stride + x * channels, y * stride + x * channels + channels)],
  };
}

function chromium(): string {
  for (const bin of ["chromium", "chromium-browser", "google-chrome"]) {
    const r = spawnSync("which", [bin], { encoding: "utf8" });
    if (r.status === 0) return r.stdout.trim();
  }
  throw new Error(
    "the HTML report test needs a headless Chromium and found none: apt-get install -y chromium (.ci/run installs it)",
  );
}

describe("alerts stats --format html", () => {
  const dir = mkdtempSync(join(tmpdir(), "st-html-"));
  const page = join(dir, "stats.html");
  const run = () =>
    runCli(
      [
        "alerts",
        "stats",
        join(fixtures, "november.csv"),
        join(fixtures, "hostile.csv"),
        "--config",
        join(fixtures, "config.yaml"),
        "--month",
        "2026-11",
        "--format",
        "html",
        "--out",
        page,
      ],
      { env: { ONCALL_DATA_DIR: dir } },
    );

  it("writes one self-contained page: no script, no address outside it, text escaped", async () => {
    const r = await run();
    expect(r.stderr).toContain(`wrote ${page}`);
    expect(r.code).toBe(0);
    const html = readFileSync(page, "utf8");
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).not.toMatch(/<script|javascript:|https?:\/\/|\/\/[a-z]|<link|<img|@import|url\(/i);
    expect(html).toContain("<svg");
    // a message with markup in it (hostile.csv) is shown as text
    expect(html).not.toContain("<b>bold</b>");
    expect(html).toContain("&lt;b&gt;bold&lt;/b&gt;");
    // never over an existing file without --force
    expect((await run()).code).not.toBe(0);
  });

  it("shows in headless Chromium as a page with its charts drawn", async () => {
    const bin = chromium();
    if (!existsSync(page)) await run();
    const png = join(dir, "shot.png");
    const r = spawnSync(
      bin,
      [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        `--screenshot=${png}`,
        "--window-size=1200,1600",
        `file://${page}`,
      ],
      { encoding: "utf8", timeout: 60_000 },
    );
    expect(existsSync(png), r.stderr).toBe(true);
    expect(statSync(png).size).toBeGreaterThan(10_000);
    const img = decodePng(readFileSync(png));
    expect([img.width, img.height]).toEqual([1200, 1600]);
    let ink = 0;
    let blue = 0;
    for (let y = 0; y < img.height; y += 2) {
      for (let x = 0; x < img.width; x += 2) {
        const [r0, g, b] = img.pixel(x, y) as [number, number, number];
        if (r0 < 240 || g < 240 || b < 240) ink++;
        // the bars and the heat map's busiest cells are blue
        if (b > 120 && b > r0 + 60) blue++;
      }
    }
    const total = (img.width / 2) * (img.height / 2);
    expect(ink / total).toBeGreaterThan(0.02);
    expect(blue).toBeGreaterThan(200);
  }, 90_000);
});
