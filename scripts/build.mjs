// Bundles src/ into dist/cli.cjs with esbuild: one file, so that bin/oncall.js can keep V8's
// compiled code for it between runs (SPEC §8 start-up). Command modules are still imported lazily
// inside their actions: the bundle evaluates a command's code only when that command runs.
import { createHash } from "node:crypto";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { build } from "esbuild";

/**
 * commander requires node:child_process at load time for executable subcommands, which we never
 * use; loading it costs ~5 ms on every run. Give commander a stand-in that loads it on first use.
 */
const lazyChildProcess = {
  name: "lazy-child-process",
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      args.importer.includes("node_modules/commander/")
        ? { path: "lazy-child-process", namespace: "lazy" }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "lazy" }, () => ({
      contents:
        'let m; const load = () => (m ??= require("node:child_process")); module.exports = new Proxy({}, { get: (_, k) => load()[k] });',
      loader: "js",
    }));
  },
};

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
rmSync(new URL("../dist", import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: ["src/cli.ts"],
  outfile: "dist/cli.cjs",
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  minify: process.env.ONCALL_NO_MINIFY !== "1",
  legalComments: "none",
  define: { __ONCALL_VERSION__: JSON.stringify(pkg.version) },
  // date-holidays is a fallback for years outside the generated table: loaded from node_modules
  // only then, never parsed on an ordinary run.
  external: ["date-holidays"],
  // yaml's ES module build (its "default" export condition): tree-shaken, no CommonJS wrapper.
  alias: { yaml: "./node_modules/yaml/browser/index.js" },
  plugins: [lazyChildProcess],
  logLevel: "warning",
});
const bundle = readFileSync(new URL("../dist/cli.cjs", import.meta.url));
const buildId = createHash("sha256").update(bundle).digest("hex").slice(0, 16);
// What bin/oncall.js answers `--version` from, and the key of its compile cache.
writeFileSync(
  new URL("../dist/build.json", import.meta.url),
  `${JSON.stringify({ version: pkg.version, buildId })}\n`,
);
