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

/**
 * esbuild leaves `await import("node:zlib")` an import() in CommonJS output, and the bundle run by
 * vm.Script (bin/oncall.js, for its compile cache) has no dynamic-import callback: such an import
 * fails there. A built-in loaded only when needed becomes a require at that point instead.
 */
const lazyBuiltins = {
  name: "lazy-builtins",
  setup(b) {
    b.onResolve({ filter: /^node:/ }, (args) =>
      args.kind === "dynamic-import" ? { path: args.path, namespace: "lazy-builtin" } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "lazy-builtin" }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(args.path)});`,
      loader: "js",
    }));
  },
};

/**
 * Packages used only on a few paths — conf (personal settings), @inquirer/prompts (the wizard;
 * it brings iconv-lite, half a megabyte) and date-holidays (years outside the generated table) —
 * are kept out of the main bundle and required only when first imported: conf and the prompts as
 * bundles of their own in dist/lazy/ (conf is an ES module, which Node 20 cannot require from
 * node_modules), date-holidays from node_modules.
 */
const LAZY = {
  conf: "./lazy/conf.cjs",
  "@inquirer/prompts": "./lazy/prompts.cjs",
  "date-holidays": "date-holidays",
  // cli-table3 draws tables on a terminal only: piped runs (what the start-up targets time) never load it
  "./table-tty": "./lazy/table.cjs",
  yaml: "./lazy/yaml.cjs",
};
const lazyPackages = {
  name: "lazy-packages",
  setup(b) {
    b.onResolve({ filter: /^(conf|@inquirer\/prompts|date-holidays|\.\/table-tty|yaml)$/ }, (args) =>
      args.namespace === "lazy-packages" ? undefined : { path: args.path, namespace: "lazy-packages" },
    );
    b.onLoad({ filter: /.*/, namespace: "lazy-packages" }, (args) => ({
      contents:
        args.path === "yaml"
          ? lazyExports(LAZY.yaml, YAML_EXPORTS)
          : // conf's bundle is an ES module turned CommonJS: hand over its default export as the module
            `const m = require(${JSON.stringify(LAZY[args.path])}); module.exports = ${args.path === "conf" ? "m.default" : "m"};`,
      loader: "js",
    }));
  },
};

/**
 * yaml is imported statically by the config reader, whose module every command loads; but a config
 * remembered from an earlier run (src/adapters/config-memo.ts) is never parsed, so its code is not
 * needed to start. Its exports are getters that require the lazy bundle on first use: evaluating
 * yaml's modules, and V8 reading their compiled code, are left to the runs that parse or write YAML.
 */
const YAML_EXPORTS = Object.keys(await import("yaml")).filter((k) => k !== "default");
function lazyExports(bundle, names) {
  const getters = names.map(
    (n) => `  ${JSON.stringify(n)}: { enumerable: true, get: () => load()[${JSON.stringify(n)}] },`,
  );
  return `let m;\nconst load = () => (m ??= require(${JSON.stringify(bundle)}));\nObject.defineProperties(exports, {\n${getters.join("\n")}\n});\n`;
}

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
  external: ["date-holidays", "./lazy/*"],
  plugins: [lazyChildProcess, lazyPackages, lazyBuiltins],
  logLevel: "warning",
});
for (const [name, out] of [
  ["conf", "dist/lazy/conf.cjs"],
  ["@inquirer/prompts", "dist/lazy/prompts.cjs"],
  ["./src/render/table-tty.ts", "dist/lazy/table.cjs"],
  ["yaml", "dist/lazy/yaml.cjs"],
  // the thread that reads a large CSV beside the main one (src/adapters/csv-thread.ts)
  ["./src/adapters/csv-thread-entry.ts", "dist/lazy/csv-thread.cjs"],
]) {
  await build({
    stdin: { contents: `module.exports = require(${JSON.stringify(name)});`, resolveDir: ".", loader: "js" },
    outfile: out,
    bundle: true,
    format: "cjs",
    platform: "node",
    target: "node20",
    minify: true,
    legalComments: "none",
    logLevel: "warning",
  });
}
const bundle = readFileSync(new URL("../dist/cli.cjs", import.meta.url));
// bin/oncall.js reads the bundle as latin1, which is its text only while every byte is ASCII
// (esbuild's default charset escapes everything else in code). An unminified build keeps the
// comments, which may not be: read as latin1 they are garbled, and stay comments.
const wide = bundle.findIndex((b) => b > 0x7f);
if (wide !== -1 && process.env.ONCALL_NO_MINIFY !== "1")
  throw new Error(`dist/cli.cjs: a byte outside ASCII at offset ${wide}: bin/oncall.js reads it as latin1`);
const buildId = createHash("sha256").update(bundle).digest("hex").slice(0, 16);
// What bin/oncall.js answers `--version` from, and the key of its compile cache.
writeFileSync(
  new URL("../dist/build.json", import.meta.url),
  `${JSON.stringify({ version: pkg.version, buildId })}\n`,
);
