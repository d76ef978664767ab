#!/usr/bin/env node
// Entry point. `oncall --version` alone is answered here without loading the CLI. Otherwise the
// bundled CLI is loaded with V8's compiled code kept between runs: Node 22.1+ does that itself
// (module.enableCompileCache); on Node 20 we do the same with vm.Script's cachedData, in the
// user's cache directory, keyed by the bundle's hash and the Node version. A cache that cannot be
// read or written is simply not used (ONCALL_NO_COMPILE_CACHE=1 turns it off).
import { mkdirSync, readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import module, { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

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
  const off = process.env.ONCALL_NO_COMPILE_CACHE || process.env.NODE_DISABLE_COMPILE_CACHE;
  if (typeof module.enableCompileCache === "function") {
    if (!off) module.enableCompileCache();
    return require(file);
  }
  if (off) return require(file);
  const [{ Script }, { homedir }] = await Promise.all([import("node:vm"), import("node:os")]);
  const base = process.env.XDG_CACHE_HOME || join(process.env.HOME || homedir(), ".cache");
  // One cache per command (the first two plain words: "toil-calc"), each holding what it compiled.
  const command =
    args
      .filter((a) => /^[a-z]+$/.test(a))
      .slice(0, 2)
      .join("-") || "main";
  const cacheFile = join(
    base,
    "oncall",
    `${command}-${build.buildId}-${process.version}-${process.arch}.v8cache`,
  );
  let cached;
  try {
    cached = readFileSync(cacheFile);
  } catch {}
  const script = new Script(module.wrap(readFileSync(file, "utf8")), { filename: file, cachedData: cached });
  const cjs = { exports: {} };
  script.runInThisContext().call(cjs.exports, cjs.exports, require, cjs, file, dist);
  if (cached === undefined || script.cachedDataRejected) {
    // Written once the command has run, so the code it compiled lazily is kept too.
    process.once("beforeExit", () => {
      try {
        const dir = dirname(cacheFile);
        mkdirSync(dir, { recursive: true });
        const tmp = `${cacheFile}.${process.pid}.tmp`;
        writeFileSync(tmp, script.createCachedData());
        renameSync(tmp, cacheFile);
        // Caches of this command from other builds or Node versions are of no further use.
        for (const f of readdirSync(dir)) {
          if (f.startsWith(`${command}-`) && f.endsWith(".v8cache") && join(dir, f) !== cacheFile)
            unlinkSync(join(dir, f));
        }
      } catch {}
    });
  }
  return cjs.exports;
}
