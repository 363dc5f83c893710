// Applies --heartbeat-timeout: notes when each worker last said anything (a metrics
// report or a pong), pings the quiet ones, and SIGKILLs a serving worker that stays
// silent (heartbeat-policy.ts). Its slot is then refilled like after any crash, while
// the other workers keep serving.
import { CMD } from '../ipc/protocol.js';
import type { Logger } from '../logger.js';
import type { ManagedWorker } from '../supervisor/managed-worker.js';
import type { Supervisor } from '../supervisor/supervisor.js';
import { heartbeatTiming, judgeHeartbeat } from './heartbeat-policy.js';

/** Returns the stop function. */
export function startHeartbeat(sup: Supervisor, timeoutMs: number, log: Logger): () => void {
  const timing = heartbeatTiming(timeoutMs);
  const heardAt = new Map<number, number>();
  const pongListeners = new Map<ManagedWorker, (seq: number) => void>();
  const killed = new WeakSet<ManagedWorker>();
  let seq = 0;

  const onMetrics = ({ pid }: { pid: number }) => void heardAt.set(pid, Date.now());
  sup.on('metrics', onMetrics);

  const check = () => {
    const now = Date.now();
    const workers = sup.workers();
    for (const w of workers) {
      if (!pongListeners.has(w)) {
        const onPong = (seq: number) => {
          heardAt.set(w.pid, Date.now());
          log.trace({ slot: w.slot, pid: w.pid, seq }, 'heartbeat pong');
        };
        w.on('pong', onPong);
        pongListeners.set(w, onPong);
      }
      const since = Math.max(heardAt.get(w.pid) ?? 0, w.readyAt ?? now);
      switch (judgeHeartbeat(w.state, now - since, timing)) {
        case 'none':
          break;
        case 'ping':
          w.send({ cmd: CMD, v: 1, type: 'ping', seq: ++seq });
          break;
        case 'kill':
          if (killed.has(w)) break;
          killed.add(w);
          log.warn(
            { slot: w.slot, pid: w.pid, silentMs: now - since, heartbeatTimeout: timeoutMs },
            `slot ${w.slot} worker ${w.pid} has not answered for ${now - since} ms (heartbeat-timeout ${timeoutMs} ms): its event loop is stuck, killing it`,
          );
          sup.emit('heartbeat-miss', { slot: w.slot, id: w.id, pid: w.pid, silentMs: now - since, timeoutMs });
          w.kill('SIGKILL');
          break;
      }
    }
    const live = new Set(workers);
    for (const [w, onPong] of pongListeners) {
      if (live.has(w)) continue;
      w.off('pong', onPong);
      pongListeners.delete(w);
      heardAt.delete(w.pid);
    }
  };

  const timer = setInterval(check, timing.checkEveryMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    sup.off('metrics', onMetrics);
    for (const [w, onPong] of pongListeners) w.off('pong', onPong);
    pongListeners.clear();
  };
}
