import { execFileSync } from "node:child_process";
import {
  chmodSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, runBuilt } from "../support/built-oncall";

const root = join(__dirname, "..", "..");
const CONFIG = join(root, "examples", "oncall.config.yaml");
const WHO = ["rota", "who", "--config", CONFIG, "--json"];

const oncall = runBuilt;

interface Entry {
  filepath: string;
  text: string;
  config: unknown;
  [k: string]: unknown;
}

/** A cache made by one run, whose remembered configs `edit` then rewrites; the file's path. */
function forgedCache(edit: (configs: Entry[]) => unknown[]): { cache: string; file: string } {
  const cache = mkdtempSync(join(tmpdir(), "oncall-clean-memo-cache-"));
  oncall(WHO, cache);
  const [name] = readdirSync(join(cache, "oncall"));
  const file = join(cache, "oncall", name!);
  const bytes = readFileSync(file);
  const first = bytes.indexOf(10);
  const second = bytes.indexOf(10, first + 1);
  const known = JSON.parse(bytes.toString("utf8", first + 1, second));
  known.configs = edit(known.configs);
  writeFileSync(
    file,
    Buffer.concat([
      bytes.subarray(0, first + 1),
      Buffer.from(`${JSON.stringify(known)}\n`),
      bytes.subarray(second + 1),
    ]),
    { mode: 0o600 },
  );
  return { cache, file };
}

/** The remembered example config with Bob renamed: what a run that trusts the entry prints. */
const renamed = (configs: Entry[]) =>
  configs.map((c) => ({
    ...c,
    config: JSON.parse(JSON.stringify(c.config).replaceAll("Bob Brown", "Mallory")),
  }));

let parsed: ReturnType<typeof oncall>;

beforeAll(() => {
  ensureBuilt();
  parsed = oncall(WHO, null);
  expect(parsed.code).toBe(0);
  expect(parsed.stdout).toMatch(/Bob Brown/);
});

describe("the config memo trusts only the user's own, well-formed cache of this build and time-zone data", () => {
  it("an entry in the user's own file is used (so the cases below are refused, not missed)", () => {
    const { cache } = forgedCache(renamed);
    expect(oncall(WHO, cache).stdout).toMatch(/Mallory/);
  });

  it("a cache file others may write is not read", () => {
    const { cache, file } = forgedCache(renamed);
    chmodSync(file, 0o666);
    expect(oncall(WHO, cache)).toEqual(parsed);
  });

  it("a cache file that is a symbolic link is not read", () => {
    const { cache, file } = forgedCache(renamed);
    renameSync(file, `${file}.elsewhere`);
    symlinkSync(`${file}.elsewhere`, file);
    expect(oncall(WHO, cache)).toEqual(parsed);
  });

  it("an entry remembered with other time-zone data is validated again", () => {
    const { cache } = forgedCache((configs) => renamed(configs).map((c) => ({ ...c, tz: "1970a" })));
    expect(oncall(WHO, cache)).toEqual(parsed);
  });

  it("entries that are not a config are passed over", () => {
    for (const bad of ["not a config", null, [], { people: "none" }]) {
      const { cache } = forgedCache((configs) => configs.map((c) => ({ ...c, config: bad })));
      expect(oncall(WHO, cache)).toEqual(parsed);
    }
  });

  it("a truncated or oversized cache file is not trusted, and the run succeeds", () => {
    const cut = forgedCache(renamed);
    truncateSync(cut.file, 40);
    expect(oncall(WHO, cut.cache)).toEqual(parsed);
    const huge = forgedCache(renamed);
    truncateSync(huge.file, 200 * 1024 * 1024); // sparse: the forged entry, then 200 MiB
    expect(oncall(WHO, huge.cache)).toEqual(parsed);
  });

  it("a file already where the cache writes its temporary copy is not written through", () => {
    const cache = mkdtempSync(join(tmpdir(), "oncall-clean-memo-cache-"));
    oncall(WHO, cache);
    const [name] = readdirSync(join(cache, "oncall"));
    // every pid this run may get: the first few thousand above the current one
    const victim = join(cache, "victim");
    writeFileSync(victim, "keep\n");
    const next = Number(execFileSync("sh", ["-c", "echo $$"], { encoding: "utf8" }).trim());
    for (let pid = next; pid < next + 200; pid++)
      symlinkSync(victim, join(cache, "oncall", `${name}.${pid}.tmp`));
    writeFileSync(join(cache, "oncall", name!), "stale"); // so this run rewrites the cache
    expect(oncall(WHO, cache).code).toBe(0);
    expect(readFileSync(victim, "utf8")).toBe("keep\n");
  });
});
