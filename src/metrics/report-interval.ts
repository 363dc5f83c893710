// How often a worker reports, and the primary samples /proc, given --metrics-interval
// and the number of workers. Each report costs the primary about 0.3 ms of CPU, most of
// it Node's own IPC parsing (measured: 64 workers reporting every second took 2.4% of a
// core at idle), so past REPORTS_PER_SECOND workers the interval stretches to keep the
// primary's cost flat however many workers it runs. Up to that many workers, the interval
// asked for is kept exactly. Pure.

/** The most reports per second the primary takes by default, whatever the worker count. */
export const REPORTS_PER_SECOND = 16;

/**
 * @param requestedMs --metrics-interval; 0 turns reports off and stays 0
 * @param workers the number of slots the cluster runs
 */
export function reportIntervalFor(requestedMs: number, workers: number): number {
  if (requestedMs <= 0) return 0;
  if (workers <= REPORTS_PER_SECOND) return requestedMs;
  return Math.max(requestedMs, Math.ceil((workers * 1000) / REPORTS_PER_SECOND));
}
