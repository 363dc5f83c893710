// --heartbeat-timeout: a serving worker whose event loop has said nothing for that long
// is stuck (an infinite loop, a deadlock in native code) and is killed, as gunicorn's
// worker timeout does. Any message counts as a sign of life: a metrics report comes
// from a timer on the worker's loop, so while reports flow no ping is needed. Pure.
import type { WorkerState } from '../supervisor/worker-state.js';

export type HeartbeatAction = 'none' | 'ping' | 'kill';

export interface HeartbeatTiming {
  timeoutMs: number;
  /** Silence after which we ask explicitly (a ping); well before the timeout. */
  pingAfterMs: number;
  /** How often the supervisor looks. */
  checkEveryMs: number;
}

export function heartbeatTiming(timeoutMs: number): HeartbeatTiming {
  return {
    timeoutMs,
    pingAfterMs: Math.floor(timeoutMs / 2),
    checkEveryMs: Math.min(5000, Math.max(25, Math.floor(timeoutMs / 4))),
  };
}

/**
 * @param silentForMs time since the worker last said anything, or since it became
 *   ready if it has said nothing since
 */
export function judgeHeartbeat(state: WorkerState, silentForMs: number, t: HeartbeatTiming): HeartbeatAction {
  // Booting is listen-timeout's business and draining is kill-timeout's.
  if (t.timeoutMs <= 0 || state !== 'ready') return 'none';
  if (silentForMs >= t.timeoutMs) return 'kill';
  return silentForMs >= t.pingAfterMs ? 'ping' : 'none';
}
