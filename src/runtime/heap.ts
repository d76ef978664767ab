/** Node 20's young generation at its largest (two 16 MB semi-spaces). */
export const YOUNG_GENERATION_CAP = 32 * 1024 * 1024;

let capped = false;

/**
 * Stops the young generation growing past `cap`. Node 24's V8 grows it to ~130 MB where Node 20
 * stops at 32: over a million-row log that is ~100 MB more resident memory for no less CPU
 * (docs/performance.md). V8 sizes it at start-up only — `--max-semi-space-size` set later does
 * nothing — but reads its growth factor each time it grows it, so once it has reached the cap
 * (checked after each collection) the factor is set to 1. The flag is the process's: this is for
 * a bulk read, called once one is under way (its modules are not loaded by a small run).
 */
export async function capYoungGeneration(cap = YOUNG_GENERATION_CAP): Promise<void> {
  if (capped) return;
  capped = true;
  const { getHeapSpaceStatistics, setFlagsFromString } = await import("node:v8");
  const { PerformanceObserver } = await import("node:perf_hooks");
  const young = () => getHeapSpaceStatistics().find((s) => s.space_name === "new_space")?.space_size ?? 0;
  const stop = () => setFlagsFromString("--semi-space-growth-factor=1");
  if (young() >= cap) return stop();
  const observer = new PerformanceObserver(() => {
    if (young() < cap) return;
    stop();
    observer.disconnect();
  });
  observer.observe({ entryTypes: ["gc"] });
}
