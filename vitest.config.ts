import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    environment: "node",
    testTimeout: 20_000,
    env: { NO_COLOR: "1", TZ: "UTC" },
    // One module graph per worker, not per file: a fresh one for each of ~80 files cost two thirds
    // of the suite's CPU time (measured: 47 s → 15 s for test/cli + test/unit). The tests share no
    // state but TZ, which the setup file puts back after each file.
    isolate: false,
    setupFiles: ["test/support/setup.ts"],
    // A worker per core, not vitest's cores − 1: the end-to-end files mostly wait on the binaries
    // they spawn, so on 2 cores the default of one worker left a core idle (vitest: 47–55 s → 38 s).
    maxWorkers: availableParallelism(),
  },
});
