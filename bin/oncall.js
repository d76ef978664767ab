#!/usr/bin/env node
// Entry point: enable V8's compile cache where Node has it (22.1+), then hand over to the built CLI.
import module from "node:module";

if (typeof module.enableCompileCache === "function") module.enableCompileCache();
const { main } = await import("../dist/cli.js");
process.exitCode = await main(process.argv.slice(2));
