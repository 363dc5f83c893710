// Applies --max-memory-restart: judges each serving worker's RSS (memory-policy.ts) and
// replaces an offender the way a reload does, new worker ready before the old drains.
import { logEvent } from '../log-events.js';
import type { Logger } from '../logger.js';
import type { RetireReason } from '../supervisor/events.js';
import type { WorkerView } from '../supervisor/managed-worker.js';
import type { OsSample } from '../supervisor/status.js';
import { judgeMemory } from './memory-policy.js';

/** What the memory guard needs from the supervisor. */
export interface MemoryHost {
  readonly running: boolean;
  workers(): readonly WorkerView[];
  osSample(pid: number): OsSample | undefined;
  replaceSlot(index: number, reason: RetireReason, o: { onlyPid: number }): Promise<{ newPid: number } | null>;
}

/** Returns the check to run after each sample. */
export function memoryGuard(sup: MemoryHost, limitBytes: number, log: Logger): () => void {
  const over = new Map<number, number>();
  const replacing = new Set<number>();

  return () => {
    const workers = sup.workers();
    const live = new Set(workers.map((w) => w.pid));
    for (const pid of over.keys()) if (!live.has(pid)) over.delete(pid);
    if (!sup.running) return;

    for (const w of workers) {
      if (w.state !== 'ready' || replacing.has(w.pid)) continue;
      const rss = sup.osSample(w.pid)?.rssBytes ?? w.metrics?.rssBytes;
      if (rss === undefined) continue;
      const verdict = judgeMemory(over.get(w.pid) ?? 0, rss, limitBytes);
      over.set(w.pid, verdict.over);
      if (!verdict.replace) continue;

      replacing.add(w.pid);
      const ref = { slot: w.slot, pid: w.pid, rssBytes: rss, limitBytes };
      logEvent(
        log,
        'warn',
        'memory.limit',
        ref,
        `slot ${w.slot} worker ${w.pid} uses ${mb(rss)}, above max-memory-restart (${mb(limitBytes)}): replacing it`,
      );
      // onlyPid: queued behind a reload, it must not replace the reload's fresh worker.
      sup.replaceSlot(w.slot, 'memory', { onlyPid: w.pid }).then(
        (done) => done && logEvent(log, 'info', 'memory.limit', { ...ref, newPid: done.newPid }, `slot ${w.slot} replaced after exceeding max-memory-restart`),
        (err: Error) => logEvent(log, 'warn', 'memory.limit', { ...ref, err }, `slot ${w.slot} could not be replaced after exceeding max-memory-restart: ${err.message}`),
      ).finally(() => replacing.delete(w.pid));
    }
  };
}

const mb = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(1)} MB`;
