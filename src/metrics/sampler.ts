// The primary's own look at each worker through the operating system. It
// keeps working when a worker's event loop is stuck, and a worker cannot fake it, so
// the status prefers it and the memory limit acts on it.
import type { Logger } from '../logger.js';
import { logEvent } from '../log-events.js';
import type { WorkerView } from '../supervisor/managed-worker.js';
import type { OsSample } from '../supervisor/status.js';
import { nextOsSample, type ProcReading, type Tracked } from './os-sample.js';
import { readProcesses } from './proc-reader.js';
import { reportIntervalFor } from './report-interval.js';

/** What the sampler needs from the supervisor. */
export interface SamplerHost {
  workers(): readonly WorkerView[];
  /** A new reading for pid, or null once pid is gone. */
  recordOsSample(pid: number, sample: OsSample | null): void;
}

/** Samples every interval into the host, then calls afterEach; returns the stop function. */
export function startSampler(sup: SamplerHost, intervalMs: number, log: Logger, afterEach: () => void): () => void {
  const tracked = new Map<number, Tracked>();
  let busy = false;
  let stopped = false;
  let failedBefore = false;

  const tick = async () => {
    if (busy || stopped) return;
    busy = true;
    try {
      const pids = sup.workers().map((w) => w.pid).filter((pid) => pid > 0);
      let readings = new Map<number, ProcReading>();
      if (pids.length) {
        try {
          readings = await readProcesses(pids);
        } catch (err) {
          // A platform we cannot read fails every time, and the status then falls back
          // on what the workers report.
          if (!failedBefore) logEvent(log, 'debug', 'metrics.error', { err }, 'could not sample the workers from the operating system');
          failedBefore = true;
        }
      }
      if (stopped) return;
      const live = new Set(sup.workers().map((w) => w.pid));
      for (const pid of pids) {
        const reading = readings.get(pid);
        if (!reading || !live.has(pid)) continue;
        const sample = nextOsSample(tracked.get(pid), reading);
        tracked.set(pid, { reading, sample });
        sup.recordOsSample(pid, sample);
      }
      for (const pid of tracked.keys()) {
        if (!live.has(pid)) {
          tracked.delete(pid);
          sup.recordOsSample(pid, null);
        }
      }
      afterEach();
    } finally {
      busy = false;
    }
  };

  // Rescheduled each time: the interval stretches with the number of workers, like
  // their reports do (report-interval.ts).
  let timer: NodeJS.Timeout;
  const schedule = () => {
    timer = setTimeout(() => {
      void tick().finally(() => {
        if (!stopped) schedule();
      });
    }, reportIntervalFor(intervalMs, sup.workers().length));
    timer.unref();
  };
  schedule();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
