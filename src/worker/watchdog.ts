// Starts the worker's watchdog thread (see watchdog-thread.ts). Measured: about 9 MB of
// RSS per worker and no throughput cost (bench/suites/watchdog.js, bench/RESULTS.md).
import { SHARE_ENV, Worker } from 'node:worker_threads';

/** Well within the promise that workers are gone 2 s after the primary. */
export const WATCHDOG_INTERVAL_MS = 250;

export function startWatchdog(): void {
  const thread = new Worker(new URL('./watchdog-thread.js', import.meta.url), {
    workerData: { ppid: process.ppid, intervalMs: WATCHDOG_INTERVAL_MS },
    // Not the agent again, no copy of the environment: it only watches.
    execArgv: [],
    env: SHARE_ENV,
    resourceLimits: { maxYoungGenerationSizeMb: 2, maxOldGenerationSizeMb: 8 },
  });
  thread.unref();
  // A thread that fails must not take the app down; the worker then runs unwatched.
  thread.on('error', () => {});
}
