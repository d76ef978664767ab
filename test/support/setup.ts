import { afterAll } from "vitest";

// Test files share worker processes (isolate: false in vitest.config.ts): whatever process-wide
// state a file changes is put back for the next one. TZ is the one the code itself sets
// (src/runtime/tz.ts); the configured value is the suite's.
const SUITE_TZ = "UTC";

afterAll(() => {
  process.env.TZ = SUITE_TZ;
});
