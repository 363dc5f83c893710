// The primary's own look at each worker through the operating system (pidusage). It
// keeps working when a worker's event loop is stuck, and a worker cannot fake it, so
// the status prefers it and the memory limit acts on it.
import pidusage from 'pidusage';
import type { Logger } from '../logger.js';
import type { Supervisor } from '../supervisor/supervisor.js';
import { nextOsSample, type Tracked } from './os-sample.js';

/** Samples every interval into sup.osView, then calls afterEach; returns the stop function. */
export function startSampler(sup: Supervisor, intervalMs: number, log: Logger, afterEach: () => void): () => void {
  const tracked = new Map<number, Tracked>();
  let busy = false;
  let stopped = false;
  let failedBefore = false;

  const tick = async () => {
    if (busy || stopped) return;
    busy = true;
    try {
      const pids = sup.workers().map((w) => w.pid).filter((pid) => pid > 0);
      let stats: Record<string, pidusage.Status> = {};
      if (pids.length) {
        try {
          // pidusage rewrites the array it is given.
          stats = await pidusage([...pids]);
        } catch (err) {
          // A single pid that just died rejects; a platform pidusage cannot read rejects
          // every time, and the status then falls back on what the workers report.
          if (!failedBefore) log.debug({ err }, 'pidusage could not sample the workers');
          failedBefore = true;
        }
      }
      if (stopped) return;
      const live = new Set(sup.workers().map((w) => w.pid));
      for (const pid of pids) {
        const st = stats[pid];
        if (!st || !live.has(pid)) continue;
        const reading = { ctimeMs: st.ctime, elapsedMs: st.elapsed, rssBytes: st.memory };
        const sample = nextOsSample(tracked.get(pid), reading);
        tracked.set(pid, { reading, sample });
        sup.osView.set(pid, sample);
      }
      for (const pid of tracked.keys()) {
        if (!live.has(pid)) {
          tracked.delete(pid);
          sup.osView.delete(pid);
        }
      }
      afterEach();
    } finally {
      busy = false;
    }
  };

  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
