import { spawn } from "node:child_process";

/**
 * Runs a command on a pseudo-terminal (util-linux `script`), so the real prompts read real keys;
 * `until(text)` resolves when text appears in the output after what was seen before.
 */
export function onPty(command: string, env: NodeJS.ProcessEnv, cwd: string) {
  const child = spawn("script", ["-qfec", command, "/dev/null"], { cwd, env });
  let out = "";
  let seen = 0;
  const waiters: { text: string; resolve: () => void; reject: (e: Error) => void }[] = [];
  const check = () => {
    for (const w of [...waiters]) {
      const at = out.indexOf(w.text, seen);
      if (at >= 0) {
        seen = at + w.text.length;
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  };
  child.stdout.on("data", (d: Buffer) => {
    out += d.toString();
    check();
  });
  const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
  // a run that ends before the text appears fails at once, showing what it printed
  void exited.then((code) => {
    for (const w of waiters.splice(0)) w.reject(new Error(`exited ${code} before "${w.text}":\n${out}`));
  });
  return {
    until: (text: string) =>
      new Promise<void>((resolve, reject) => {
        waiters.push({ text, resolve, reject });
        check();
      }),
    type: (keys: string) => child.stdin.write(keys),
    /** the pid of `script`, whose child (the command, when run with `exec`) is on the terminal */
    pid: child.pid!,
    exited,
    output: () => out,
  };
}
