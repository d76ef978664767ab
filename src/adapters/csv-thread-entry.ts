// The reading thread's code (csv-thread.ts), built on its own as dist/lazy/csv-thread.cjs.
import { runCsvThread } from "./csv-thread";

runCsvThread();
