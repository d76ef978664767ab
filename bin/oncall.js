#!/usr/bin/env node
// Entry point. `oncall --version` alone is answered here without loading the CLI. Otherwise the
// bundled CLI is loaded with V8's compiled code kept between runs, by vm.Script's cachedData, in
// the user's cache directory: one file per build (the bundle's hash, the Node version), pruned to
// a few. The same on every Node: module.enableCompileCache (22.1+) keeps only what V8 compiles
// before the code runs — the bundle's top level — while this cache is written after the command
// has run and holds the functions it compiled lazily too: toil calc measured 3.6× `node -e 0`
// with Node's cache against 2.9× with this one on Node 24. A cache that cannot be read or written
// is simply not used (ONCALL_NO_COMPILE_CACHE=1 turns it off). See docs/performance.md.
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import module, { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** How much more compiled code a run must add before the cache is rewritten. */
const GROWTH_BYTES = 8192;
/** Cache files kept in all: this build's and the most recent others (another Node version, say). */
const KEEP = 3;

const dist = join(dirname(fileURLToPath(import.meta.url)), "..", "dist");
const build = JSON.parse(readFileSync(join(dist, "build.json"), "utf8"));
const args = process.argv.slice(2);

if (args.length === 1 && (args[0] === "--version" || args[0] === "-v" || args[0] === "-V")) {
  process.stdout.write(`${build.version}\n`);
} else {
  const { main } = await loadCli();
  process.exitCode = await main(args);
}

async function loadCli() {
  const file = join(dist, "cli.cjs");
  const require = createRequire(file);
  if (process.env.ONCALL_NO_COMPILE_CACHE || process.env.NODE_DISABLE_COMPILE_CACHE) return require(file);
  const [{ Script }, { homedir }] = await Promise.all([import("node:vm"), import("node:os")]);
  const base = process.env.XDG_CACHE_HOME || join(process.env.HOME || homedir(), ".cache");
  const dir = join(base, "oncall");
  // Keyed by the built file (its hash) and what V8 needs to match, never by the command line:
  // one file per build, holding what the commands run so far compiled.
  const name = `cli-${build.buildId}-${process.version}-${process.arch}.v8cache`;
  const cacheFile = join(dir, name);
  let cached;
  try {
    cached = readFileSync(cacheFile);
  } catch {}
  const script = new Script(module.wrap(readFileSync(file, "utf8")), { filename: file, cachedData: cached });
  const cjs = { exports: {} };
  script.runInThisContext().call(cjs.exports, cjs.exports, require, cjs, file, dist);
  // Written once the command has run, so the code it compiled lazily is kept too. A command the
  // cache has not seen compiles more (~1 ms to find out): the cache is rewritten when a run adds
  // a noticeable amount, so it grows to cover the commands in use, and then stays put.
  process.once("beforeExit", () => {
    try {
      const fresh = cached === undefined || script.cachedDataRejected;
      const data = script.createCachedData();
      if (!fresh && data.length < cached.length + GROWTH_BYTES) return;
      mkdirSync(dir, { recursive: true });
      const tmp = `${cacheFile}.${process.pid}.tmp`;
      writeFileSync(tmp, data);
      renameSync(tmp, cacheFile);
      if (fresh) prune(dir, name);
    } catch {}
  });
  return cjs.exports;
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
    const age = now - statSync(path).mtimeMs;
    if (f.endsWith(".tmp") && f.includes(".v8cache.")) {
      if (age > 60_000) unlinkSync(path); // not one another process is writing right now
    } else if (f.endsWith(".v8cache")) {
      if (f.startsWith("cli-")) others.push({ path, age });
      else unlinkSync(path);
    }
  }
  others.sort((a, b) => a.age - b.age);
  for (const { path } of others.slice(KEEP - 1)) unlinkSync(path);
}
