#!/usr/bin/env node
// Entry point. `oncall --version` alone is answered here without loading the CLI. Otherwise the
// bundled CLI is loaded with V8's compiled code kept between runs, by vm.Script's cachedData, in
// the user's cache directory: one file per build (the bundle's hash, the Node version), pruned to
// a few. The same on every Node: module.enableCompileCache (22.1+) keeps only what V8 compiles
// before the code runs — the bundle's top level — while this cache is written after the command
// has run and holds the functions it compiled lazily too. The same file remembers the team
// configs found valid. A cache that cannot be read or written is simply not used
// (ONCALL_NO_COMPILE_CACHE=1 turns both off). See docs/performance.md, "Start-up".
// CommonJS (bin/package.json): an ES module entry costs ~5 ms more to start, on Node 20 and 24.
const {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} = require("node:fs");
const { createRequire, wrap } = require("node:module");
const { dirname, join } = require("node:path");

/**
 * What a cache file starts with: this line, then a line of JSON (the kinds of run it has seen, the
 * configs read), then V8's data.
 */
const HEADER = "oncall-v8cache 1\n";
/** Kinds of run recorded in one cache at most; past that it is no longer rewritten. */
const MAX_RUNS = 200;
/** Team configs remembered at most (the most recently read). */
const MAX_CONFIGS = 4;
/** Cache files kept in all: this build's and the most recent others (another Node version, say). */
const KEEP = 3;
/** Far more than four team configs and V8's data for the bundle: a larger file is not ours. */
const MAX_CACHE_BYTES = 64 * 1024 * 1024;
/**
 * What a small TOIL run changes in V8's tiering, by V8 major version, and what puts it back (V8's
 * flag hash the same again): on V8 12 (Node 22, where Maglev is off) TurboFan's tier-up count ten
 * times its default; on V8 13 (Node 24) Maglev off.
 */
const TUNE = {
  12: ["--invocation-count-for-turbofan=30000", "--invocation-count-for-turbofan=3000"],
  13: ["--no-maglev", "--maglev"],
};
/** Logs up to this size in all are a start's worth of work (a week's export is ~40 KB). */
const SMALL_LOGS = 4 * 1024 * 1024;

/** Never through a link, and never waiting on a FIFO someone left at the path. */
const READ_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

const dist = join(__dirname, "..", "dist");
const build = JSON.parse(readFileSync(join(dist, "build.json"), "utf8"));
const args = process.argv.slice(2);

if (args.length === 1 && (args[0] === "--version" || args[0] === "-v" || args[0] === "-V")) {
  try {
    writeSync(1, `${build.version}\n`);
  } catch (e) {
    // a closed pipe is no error of ours; anything else (a full disk) is said, as the CLI says it
    if (e.code !== "EPIPE") {
      process.stderr.write(`error: cannot write the output: ${e.message} — send the output elsewhere\n`);
      process.exitCode = 2;
    }
  }
} else {
  loadCli()
    .main(args)
    .then((code) => {
      process.exitCode = code;
    });
}

/**
 * V8 optimises a function once it has run a few hundred times, compiling on other threads. In a
 * TOIL run over a week's export, which ends a few milliseconds later, that is CPU spent for
 * nothing, taken from the same cores — and the process waits at exit for compiles still running
 * (a week's CPU time on Node 22 with the default count and with ten times it: 73 and 65 ms). On
 * Node 24, Maglev off: on two quiet cores it costs about what loading node:v8 does (+0.8 ms, 101
 * paired runs), with one core busy it saves 4.4 ms of a 75 ms run (61 paired runs), where the
 * start-up ratio went over its target (docs/performance.md). Only over small logs: a long run is
 * left to V8's own choices, which its speed targets were measured with.
 * Set after the cached code is accepted and put back before it is written, because V8 keys that
 * code by its flags: the cache stays one file for every command, and `rota who` and the others
 * never load node:v8 (~3 ms, it brings node:stream). Node 20 meets its targets without it. Returns
 * what puts the flags back, true when it did.
 */
function tuneTiering() {
  const tune = TUNE[Number(process.versions.v8.split(".")[0])];
  if (tune === undefined || args[0] !== "toil" || !smallInput()) return null;
  const v8 = require("node:v8");
  const tag = v8.cachedDataVersionTag();
  v8.setFlagsFromString(tune[0]);
  return () => {
    v8.setFlagsFromString(tune[1]);
    return v8.cachedDataVersionTag() === tag;
  };
}

/** The files named on the command line are small in all, and standard input is not read. */
function smallInput() {
  let bytes = 0;
  for (const a of args) {
    if (a === "-") return false;
    try {
      const st = statSync(a);
      if (st.isFile()) bytes += st.size;
      else if (!st.isDirectory()) return false; // a FIFO, a device: its size says nothing
    } catch {} // not a path: a word or a flag's value
  }
  return bytes <= SMALL_LOGS;
}

function loadCli() {
  const file = join(dist, "cli.cjs");
  const requireCli = createRequire(file);
  if (process.env.ONCALL_NO_COMPILE_CACHE || process.env.NODE_DISABLE_COMPILE_CACHE) return requireCli(file);
  const { Script } = require("node:vm");
  // XDG: a relative XDG_CACHE_HOME is invalid and ignored (it would write into the working directory)
  const xdg = process.env.XDG_CACHE_HOME;
  const base = xdg?.startsWith("/") ? xdg : join(process.env.HOME || require("node:os").homedir(), ".cache");
  const dir = join(base, "oncall");
  // Keyed by the built file (its hash) and what V8 needs to match, never by the command line:
  // one file per build, holding what the commands run so far compiled.
  const name = `cli-${build.buildId}-${process.version}-${process.arch}.v8cache`;
  const cacheFile = join(dir, name);
  const loading = `${cacheFile}.loading`;
  let { known, data: cached } = readCache(cacheFile);
  // V8 trusts the data it is given: a damaged cache can crash it outright (SIGTRAP, SIGSEGV), and
  // would on every run. So a run marks that it is reading one, and unmarks once V8 has: a mark left
  // by a process that is gone means the cache killed it, and it is removed, not read again.
  if (cached !== undefined && !markLoading(loading, cacheFile)) {
    cached = undefined;
    known = { runs: [], configs: known.configs };
  }
  // latin1: the bundle is ASCII (esbuild escapes the rest; scripts/build.mjs checks), and a one-byte
  // copy is cheaper than decoding UTF-8
  const script = new Script(wrap(readFileSync(file, "latin1")), { filename: file, cachedData: cached });
  if (cached !== undefined) unlinkQuietly(loading);
  const untune = tuneTiering();
  const cjs = { exports: {} };
  script.runInThisContext().call(cjs.exports, cjs.exports, requireCli, cjs, file, dist);
  // Team configs already read and found valid, by their text: kept in the same file, so that a
  // run reads one file (src/adapters/config-memo.ts). Copies in and out, so that what a command
  // does with its config object is never what is remembered for the text.
  // Validity also rests on the time-zone data (a zone's name), which can change under one Node.
  const tz = process.versions.tz ?? null;
  let configs = known.configs;
  cjs.exports.useConfigMemo?.({
    get(filepath, text) {
      const found = configs.find((c) => c.filepath === filepath && c.text === text && c.tz === tz);
      return isConfig(found?.config) ? structuredClone(found.config) : undefined;
    },
    set(filepath, text, config) {
      const entry = { filepath, text, tz, config: structuredClone(config) };
      configs = [entry, ...configs.filter((c) => c.filepath !== filepath)].slice(0, MAX_CONFIGS);
    },
  });
  // Written once the command has run, so the code it compiled lazily is kept too. Asking V8 for
  // the data costs ~10 ms on Node 24 (4 on 20), so it is asked only after a kind of run the cache
  // has not seen (the command, its flags' names, the exit code): the cache grows to cover the
  // runs in use, and then stays put.
  process.once("beforeExit", () => {
    try {
      if (untune && !untune()) return; // a cache written now would not match the next run
      const run = runKind(args, cjs.exports.writesDirectly?.(1) === false);
      const fresh = cached === undefined || script.cachedDataRejected;
      const newRun = fresh || (!known.runs.includes(run) && known.runs.length < MAX_RUNS);
      if (!newRun && configs === known.configs) return;
      const runs = fresh ? [run] : newRun ? [...known.runs, run] : known.runs;
      makeDir(dir);
      const tmp = `${cacheFile}.${process.pid}.tmp`;
      const header = Buffer.from(`${HEADER}${JSON.stringify({ runs, configs })}\n`);
      // "wx": never through a file or link already there (a shared cache directory, a stale pid)
      writeFileSync(tmp, Buffer.concat([header, newRun ? script.createCachedData() : cached]), {
        mode: 0o600,
        flag: "wx",
      });
      try {
        renameSync(tmp, cacheFile);
      } catch (e) {
        unlinkQuietly(tmp); // the cache's path is a directory, say: no temporary file piles up
        throw e;
      }
      if (fresh) prune(dir, name);
    } catch {}
  });
  return cjs.exports;
}

/**
 * Makes a directory and its missing parents, each 0700, one plain mkdir at a time (as
 * src/adapters/jsonl.ts makeDataDir does; this file runs before the bundle is loaded). Node 20's
 * recursive mkdir loops for ever under XDG_CACHE_HOME=/proc/self/nope: a component still missing
 * once its parent exists throws here instead.
 */
function makeDir(dir) {
  const missing = [];
  let at = dir;
  for (;;) {
    try {
      mkdirSync(at, { mode: 0o700 });
      break;
    } catch (e) {
      if (e.code === "EEXIST") break; // not a directory: the write below fails, and is swallowed
      if (e.code !== "ENOENT" || dirname(at) === at) throw e;
      missing.push(at);
      at = dirname(at);
    }
  }
  for (const m of missing.reverse()) {
    try {
      mkdirSync(m, { mode: 0o700 });
    } catch (e) {
      if (e.code !== "EEXIST") throw e;
    }
  }
}

/**
 * Marks that this process is reading the cache; false when an earlier run's mark says V8 died
 * reading it (its process is gone), in which case the cache is removed. A mark of a live process
 * is another run reading it now.
 */
function markLoading(loading, cacheFile) {
  let fd;
  try {
    fd = openSync(loading, READ_FLAGS);
    const pid = Number(readFileSync(fd, "latin1"));
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && !alive(pid)) {
      unlinkQuietly(cacheFile);
      unlinkQuietly(loading);
      return false;
    }
  } catch {
    // no mark: the usual case
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  try {
    const c = constants;
    const out = openSync(
      loading,
      c.O_WRONLY | c.O_CREAT | c.O_TRUNC | (c.O_NOFOLLOW ?? 0) | (c.O_NONBLOCK ?? 0),
      0o600,
    );
    try {
      writeSync(out, String(process.pid));
    } finally {
      closeSync(out);
    }
  } catch {}
  return true;
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === "EPERM"; // someone else's process: alive
  }
}

function unlinkQuietly(path) {
  try {
    unlinkSync(path);
  } catch {}
}

/**
 * What a cache file knows (the kinds of run it has seen, the configs read) and V8's data; nothing
 * when it is missing or not ours.
 */
function readCache(path) {
  const none = { known: { runs: [], configs: [] }, data: undefined };
  let fd;
  try {
    // What is trusted here skips validation and feeds V8: only a plain file of this user's that
    // nobody else may write, not a link, nor larger than a cache grows.
    fd = openSync(path, READ_FLAGS);
    const st = fstatSync(fd);
    const uid = process.getuid?.();
    if (!st.isFile() || st.size > MAX_CACHE_BYTES || (st.mode & 0o022) !== 0) return none;
    if (uid !== undefined && st.uid !== uid) return none;
    const buf = readFileSync(fd);
    const end = buf.indexOf(10, HEADER.length);
    if (buf.toString("latin1", 0, HEADER.length) !== HEADER || end < 0) return none;
    const known = JSON.parse(buf.toString("utf8", HEADER.length, end));
    if (!Array.isArray(known?.runs) || !Array.isArray(known.configs)) return none;
    return { known, data: buf.subarray(end + 1) };
  } catch {
    return none;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** A remembered config has at least the shape of one (a hand-edited or damaged entry has not). */
function isConfig(c) {
  return c !== null && typeof c === "object" && !Array.isArray(c) && Array.isArray(c.people);
}

/**
 * What decides which code a run compiles, without what varies between runs of the same kind
 * (files, dates, ids): the command's words, the names of the flags given, how the run ended.
 */
function runKind(argv, terminal) {
  const words = [];
  const flags = new Set();
  for (const a of argv) {
    if (a.startsWith("-")) flags.add(a.split("=")[0]);
    else if (words.length < 2 && flags.size === 0 && /^[a-z][a-z-]*$/.test(a)) words.push(a);
  }
  return `${[...words, ...[...flags].sort()].join(" ")} ${terminal ? "tty" : "piped"} exit=${process.exitCode ?? 0}`;
}

/**
 * A new build or Node version leaves the old caches unused: keep the few most recent, remove the
 * rest, older cache layouts (one file per command) and temporary files left by an interrupted run.
 */
function prune(dir, current) {
  const now = Date.now();
  const others = [];
  for (const f of readdirSync(dir)) {
    if (f === current) continue;
    const path = join(dir, f);
    let age;
    try {
      age = now - lstatSync(path).mtimeMs; // a dangling link has an age too
    } catch {
      continue;
    }
    if ((f.endsWith(".tmp") || f.endsWith(".loading")) && f.includes(".v8cache")) {
      if (age > 60_000) unlinkQuietly(path); // not one another process is writing right now
    } else if (f.endsWith(".v8cache")) {
      if (f.startsWith("cli-")) others.push({ path, age });
      else unlinkQuietly(path);
    }
  }
  others.sort((a, b) => a.age - b.age);
  for (const { path } of others.slice(KEEP - 1)) unlinkQuietly(path);
}
