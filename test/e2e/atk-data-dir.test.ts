import { spawnSync } from "node:child_process";
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  statSync,
  truncateSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt } from "../support/built-oncall";

const BIN = join(__dirname, "..", "..", "bin", "oncall.js");
const ADD = ["toil", "add", "--at", "2026-11-05T02:10", "--woken", "--until", "03:45", "--note", "z"];
const HINT = "check the data directory (ONCALL_DATA_DIR, or $XDG_DATA_HOME/oncall)";

/** The built binary, killed after 15 s: a run that hangs fails instead of holding the suite. */
function oncall(args: string[], env: NodeJS.ProcessEnv, as: string[] = []) {
  const home = mkdtempSync(join(tmpdir(), "atk-home-"));
  chmodSync(home, 0o777);
  const [cmd, ...pre] = [...as, process.execPath];
  const r = spawnSync(cmd!, [...pre, BIN, ...args], {
    cwd: home,
    encoding: "utf8",
    timeout: 15_000,
    env: {
      PATH: process.env.PATH,
      HOME: home,
      NO_COLOR: "1",
      ONCALL_NOW: "2026-11-27T12:00:00Z",
      ONCALL_ME: "alice",
      ONCALL_NO_COMPILE_CACHE: "1",
      ...env,
    },
  });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => ensureBuilt());

/** setpriv's arguments for running as nobody; null when nobody cannot run the built binary here. */
function nobody(): string[] | null {
  const as = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"];
  const probe = spawnSync(as[0]!, [...as.slice(1), process.execPath, BIN, "--version"], { encoding: "utf8" });
  return probe.status === 0 ? as : null;
}

describe("toil add: a data directory that cannot be made", () => {
  it("ONCALL_DATA_DIR naming a file: exit 3, one line and the hint", () => {
    const file = join(mkdtempSync(join(tmpdir(), "atk-dd-")), "f");
    writeFileSync(file, "");
    const r = oncall(ADD, { ONCALL_DATA_DIR: file });
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(`error: cannot create the data directory ${file}: not a directory — ${HINT}\n`);
  });

  it("ONCALL_DATA_DIR=/dev/full: exit 3", () => {
    const r = oncall(ADD, { ONCALL_DATA_DIR: "/dev/full" });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("error: cannot create the data directory /dev/full: not a directory");
  });

  it("under a file (ENOTDIR part-way): exit 3", () => {
    const file = join(mkdtempSync(join(tmpdir(), "atk-dd-")), "f");
    writeFileSync(file, "");
    const r = oncall(ADD, { ONCALL_DATA_DIR: join(file, "a", "b") });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`error: cannot create the data directory ${join(file, "a", "b")}: `);
  });

  // Root may make a directory anywhere: as root, the run is made as nobody (util-linux setpriv),
  // when nobody can run this Node and read the project (not the case for a Node under /root).
  const user = process.getuid?.() === 0 ? nobody() : [];
  it.skipIf(user === null)("under a 0555 directory (EACCES): exit 3", () => {
    const ro = mkdtempSync(join(tmpdir(), "atk-dd-"));
    chmodSync(ro, 0o555);
    const r = oncall(ADD, { ONCALL_DATA_DIR: join(ro, "data") }, user ?? []);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`cannot create the data directory ${join(ro, "data")}: permission denied`);
  });

  it("/proc/self/nope: exit 3 at once, not a loop in mkdir", () => {
    const r = oncall(ADD, { ONCALL_DATA_DIR: "/proc/self/nope" });
    expect(r.signal).toBeNull();
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("error: cannot create the data directory /proc/self/nope: ");
  });

  it("missing components are made, each 0700, and the journal written", () => {
    const base = mkdtempSync(join(tmpdir(), "atk-dd-"));
    const r = oncall(ADD, { ONCALL_DATA_DIR: join(base, "a", "b") });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(statSync(join(base, "a")).mode & 0o777).toBe(0o700);
    expect(statSync(join(base, "a", "b")).mode & 0o777).toBe(0o700);
    expect(readFileSync(join(base, "a", "b", "journal.jsonl"), "utf8")).toContain('"note":"z"');
  });
});

describe("the compile cache in a directory that cannot be made", () => {
  it("XDG_CACHE_HOME=/proc/self/nope: the command runs, no hang", () => {
    const data = mkdtempSync(join(tmpdir(), "atk-dd-"));
    const r = oncall(ADD, {
      ONCALL_NO_COMPILE_CACHE: "",
      XDG_CACHE_HOME: "/proc/self/nope",
      ONCALL_DATA_DIR: data,
    });
    expect(r.signal).toBeNull();
    expect(r.code).toBe(0);
  });
});

describe("toil add to a journal past the 32 MiB every reader refuses", () => {
  it("is refused too: exit 3, the reader's message, the file not grown", () => {
    const data = mkdtempSync(join(tmpdir(), "atk-dd-"));
    mkdirSync(data, { recursive: true });
    const journal = join(data, "journal.jsonl");
    writeFileSync(journal, "");
    truncateSync(journal, 33 * 1024 * 1024);
    const r = oncall(ADD, { ONCALL_DATA_DIR: data });
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(
      `error: ${journal}: larger than 32 MiB, which no journal is — move it aside (it is yours: keep it) and check what wrote to it\n`,
    );
    expect(statSync(journal).size).toBe(33 * 1024 * 1024);
  });
});
