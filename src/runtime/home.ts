import { configError } from "../errors";

/**
 * The user's home directory: $HOME, else the system's record of it. `node:os` is loaded only then:
 * every run looks for the team config and the data directory under the home, and loading it cost
 * a start ~0.3 ms it almost never needs (docs/performance.md). `process.getBuiltinModule` arrived in
 * Node 20.16; on an older 20 with no HOME, the directories have to be named.
 */
export function homeDir(env: NodeJS.ProcessEnv): string {
  if (env.HOME) return env.HOME;
  const os = (
    process as { getBuiltinModule?: (id: "node:os") => typeof import("node:os") }
  ).getBuiltinModule?.("node:os");
  if (os) return os.homedir();
  throw configError(
    "HOME is not set, so there is no home to find the config and data directories in",
    "set HOME, or XDG_CONFIG_HOME and ONCALL_DATA_DIR",
  );
}

/** Where temporary files go: `os.tmpdir()` (TMPDIR, else /tmp), with `node:os` loaded only when asked. */
export function tempDir(): string {
  const os = (
    process as { getBuiltinModule?: (id: "node:os") => typeof import("node:os") }
  ).getBuiltinModule?.("node:os");
  return os ? os.tmpdir() : process.env.TMPDIR || "/tmp";
}
