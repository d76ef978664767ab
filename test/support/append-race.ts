import { spawn } from "node:child_process";
import { join } from "node:path";
import { buildSync } from "esbuild";

const root = join(__dirname, "..", "..");

/**
 * Two processes appending `n` records each to the same JSON Lines file at once, through one of the
 * project's appenders (`appendJournal`, `appendLedger`): `record` is a JavaScript expression of
 * `who` and `i`. Resolves with the two exit codes; the caller reads the file back.
 */
export async function appendFromTwoProcesses(o: {
  dir: string;
  path: string;
  module: string;
  append: string;
  record: string;
  n: number;
}): Promise<number[]> {
  const script = join(o.dir, `append-${o.append}.mjs`);
  buildSync({
    stdin: {
      contents: `import { ${o.append} } from ${JSON.stringify(join(root, o.module))};
const [path, who, n] = process.argv.slice(2);
for (let i = 0; i < Number(n); i++) ${o.append}(path, [${o.record}]);`,
      resolveDir: root,
      loader: "ts",
    },
    bundle: true,
    platform: "node",
    format: "esm",
    outfile: script,
    logLevel: "silent",
  });
  const run = (who: string) =>
    new Promise<number>((resolve, reject) => {
      const child = spawn(process.execPath, [script, o.path, who, String(o.n)], { stdio: "inherit" });
      child.on("error", reject);
      child.on("exit", (code) => resolve(code ?? -1));
    });
  return Promise.all([run("alice"), run("bob")]);
}
