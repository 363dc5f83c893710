// Applies --max-requests and --max-age: a worker past its limit (recycle-policy.ts) is
// replaced the rolling way, new worker ready before the old one drains. replaceSlot()
// runs one replacement at a time and waits for the old worker to leave, so workers that
// come due together are recycled one after the other and ready capacity never drops
// below the instance count (gunicorn restarts them all at once, without a replacement).
import { StoppedError } from '../errors.js';
import { logEvent } from '../log-events.js';
import type { Logger } from '../logger.js';
import type { ResolvedOptions } from '../options/resolve.js';
import type { SupervisorEvents } from './events.js';
import type { WorkerView } from './managed-worker.js';
import { jittered, judgeRecycle, type RecycleReason } from './recycle-policy.js';

/** What the recycler needs from the supervisor. */
export interface RecycleHost {
  readonly running: boolean;
  workers(): readonly WorkerView[];
  replaceSlot(index: number, reason: RecycleReason, o: { onlyPid: number }): Promise<{ newPid: number } | null>;
  on(event: 'request-limit', fn: (...args: SupervisorEvents['request-limit']) => void): unknown;
  off(event: 'request-limit', fn: (...args: SupervisorEvents['request-limit']) => void): unknown;
}

/** How often ages are checked: fine enough for a limit of minutes, never busy. */
const AGE_CHECK_MAX_MS = 1000;

/** Returns the stop function. */
export function startRecycler(
  host: RecycleHost,
  o: Pick<ResolvedOptions, 'maxAge' | 'maxAgeJitter'>,
  log: Logger,
  random: () => number = Math.random,
): () => void {
  const replacing = new Set<number>();
  const ageLimits = new Map<number, number>();

  const recycle = (w: Pick<WorkerView, 'slot' | 'pid'>, reason: RecycleReason, facts: { requests?: number; ageMs?: number }) => {
    if (!host.running || replacing.has(w.pid)) return;
    replacing.add(w.pid);
    const ref = { slot: w.slot, pid: w.pid, reason, ...facts };
    logEvent(log, 'info', 'worker.recycle', ref, `recycling slot ${w.slot} worker ${w.pid} (${reason})`);
    // onlyPid: queued behind a reload or another recycle, it must not replace a fresh worker.
    host.replaceSlot(w.slot, reason, { onlyPid: w.pid }).then(
      (done) => done && logEvent(log, 'info', 'worker.recycle', { ...ref, newPid: done.newPid }, `slot ${w.slot} recycled (${reason})`),
      (err: Error) => {
        if (err instanceof StoppedError) return;
        logEvent(log, 'warn', 'worker.recycle', { ...ref, err }, `slot ${w.slot} could not be recycled (${reason}): ${err.message}`);
      },
    ).finally(() => replacing.delete(w.pid));
  };

  // The agent sends request-limit only when its worker was forked with a limit, so this
  // listens always: a reload with a new config file may turn --max-requests on.
  const onLimit = (e: SupervisorEvents['request-limit'][0]) => recycle(e, 'max-requests', { requests: e.requests });
  host.on('request-limit', onLimit);

  let timer: NodeJS.Timeout | null = null;
  if (o.maxAge > 0) {
    timer = setInterval(() => {
      const now = Date.now();
      const workers = host.workers();
      const live = new Set(workers.map((w) => w.pid));
      for (const pid of ageLimits.keys()) if (!live.has(pid)) ageLimits.delete(pid);
      for (const w of workers) {
        if (w.state !== 'ready' || w.readyAt === null) continue;
        let limit = ageLimits.get(w.pid);
        if (limit === undefined) ageLimits.set(w.pid, (limit = jittered(o.maxAge, o.maxAgeJitter, random)));
        const ageMs = now - w.readyAt;
        if (judgeRecycle({ requests: null, ageMs }, { maxRequests: 0, maxAgeMs: limit })) recycle(w, 'max-age', { ageMs });
      }
    }, Math.max(10, Math.min(AGE_CHECK_MAX_MS, Math.floor(o.maxAge / 4))));
    timer.unref();
  }

  return () => {
    host.off('request-limit', onLimit);
    if (timer) clearInterval(timer);
  };
}
