// Bundles src/ into dist/ with esbuild. Code splitting keeps each command in its own chunk, so
// `--help` and `--version` parse almost nothing and `toil calc` parses only what it uses.
import { readFileSync, rmSync } from "node:fs";
import { build } from "esbuild";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
rmSync(new URL("../dist", import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: ["src/cli.ts"],
  outdir: "dist",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  minify: true,
  legalComments: "none",
  chunkNames: "chunks/[name]-[hash]",
  define: { __ONCALL_VERSION__: JSON.stringify(pkg.version) },
  // CommonJS dependencies (cli-table3, date-holidays) call require(); give the ESM bundle one.
  banner: { js: 'import{createRequire as __cr}from"node:module";const require=__cr(import.meta.url);' },
  logLevel: "warning",
});
