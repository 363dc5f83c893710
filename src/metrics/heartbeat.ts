// Applies --heartbeat-timeout: a worker is heard when it reports metrics or answers a
// ping (WorkerView.heardAt); the quiet ones are pinged, and a serving worker that stays
// silent is SIGKILLed (heartbeat-policy.ts). Its slot is then refilled like after any
// crash, while the other workers keep serving.
import { logEvent } from '../log-events.js';
import type { Logger } from '../logger.js';
import type { SupervisorEvents } from '../supervisor/events.js';
import type { WorkerView } from '../supervisor/managed-worker.js';
import { heartbeatTiming, judgeHeartbeat } from './heartbeat-policy.js';

/** What the heartbeat needs from the supervisor. */
export interface HeartbeatHost {
  workers(): readonly WorkerView[];
  ping(pid: number, seq: number): void;
  killWorker(pid: number): void;
  /** The verdict, as a supervisor event (the dashboard's timeline shows it). */
  emit(event: 'heartbeat-miss', payload: SupervisorEvents['heartbeat-miss'][0]): unknown;
}

/**
 * Returns the stop function. beforeKill (reading the hung worker's stack) is bounded by
 * the caller; the kill follows it however it ends.
 */
export function startHeartbeat(host: HeartbeatHost, timeoutMs: number, log: Logger, beforeKill?: (w: WorkerView) => Promise<void>): () => void {
  const timing = heartbeatTiming(timeoutMs);
  const killed = new Set<number>();
  let seq = 0;

  const check = () => {
    const now = Date.now();
    const workers = host.workers();
    for (const w of workers) {
      const since = Math.max(w.heardAt ?? 0, w.readyAt ?? now);
      switch (judgeHeartbeat(w.state, now - since, timing)) {
        case 'none':
          break;
        case 'ping':
          host.ping(w.pid, ++seq);
          break;
        case 'kill':
          if (killed.has(w.pid)) break;
          killed.add(w.pid);
          logEvent(
            log,
            'warn',
            'heartbeat.miss',
            { slot: w.slot, pid: w.pid, silentMs: now - since, heartbeatTimeout: timeoutMs },
            `slot ${w.slot} worker ${w.pid} has not answered for ${now - since} ms (heartbeat-timeout ${timeoutMs} ms): its event loop is stuck, killing it`,
          );
          host.emit('heartbeat-miss', { slot: w.slot, id: w.id, pid: w.pid, silentMs: now - since, timeoutMs });
          if (beforeKill) void beforeKill(w).finally(() => host.killWorker(w.pid));
          else host.killWorker(w.pid);
          break;
      }
    }
    const live = new Set(workers.map((w) => w.pid));
    for (const pid of killed) if (!live.has(pid)) killed.delete(pid);
  };

  const timer = setInterval(check, timing.checkEveryMs);
  timer.unref();
  return () => clearInterval(timer);
}
