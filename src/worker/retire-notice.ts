// Tells the app that its worker is being retired, the way a container platform does:
// apps written for Kubernetes or Docker already close their WebSockets, SSE streams and
// other long-lived connections on SIGTERM, so their own SIGTERM listeners are called,
// without a real signal. Only theirs: ours would drain a second time, and Node's default
// (exit at once) never applies because no signal is delivered. Apps that want more than
// SIGTERM listen for RETIRE_EVENT on process, which carries the reason and the deadline.

/** `process.on('clusterize:retire', ({ reason, graceMs, deadline }) => ...)`. */
export const RETIRE_EVENT = 'clusterize:retire';

export interface RetireNotice {
  /** Why the worker goes: reload, scale, stop, memory, max-requests, max-age, signal... */
  reason: string;
  /** How long it has before the primary's SIGKILL. */
  graceMs: number;
  /** When that SIGKILL comes, in epoch milliseconds. */
  deadline: number;
}

/**
 * Calls RETIRE_EVENT listeners, then the app's SIGTERM listeners (every one but `ours`)
 * unless the worker got a real SIGTERM (signalled()): systemd signals the whole group,
 * so the primary's drain and the worker's own signal arrive together, and the app's
 * listeners must not run twice. The signal is pending from the moment of the kill, but
 * libuv may read it one loop turn after the drain message; two turns later it has.
 */
export function noticeRetire(notice: RetireNotice, ours: (...args: never[]) => unknown, signalled: () => boolean): void {
  (process.emit as (event: string, ...args: unknown[]) => boolean)(RETIRE_EVENT, notice);
  setImmediate(() => setImmediate(() => signalled() || callSigtermListeners(ours)));
}

function callSigtermListeners(ours: (...args: never[]) => unknown): void {
  for (const listener of process.listeners('SIGTERM')) {
    if (listener === ours) continue;
    try {
      listener.call(process, 'SIGTERM');
    } catch (err) {
      // As with a real signal, a throwing listener is an uncaught exception; thrown on
      // the next tick so the other listeners still hear about the retirement.
      process.nextTick(() => {
        throw err;
      });
    }
  }
}
