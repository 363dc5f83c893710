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
 * Calls RETIRE_EVENT listeners and the app's SIGTERM listeners (every one but `ours`).
 * signalled: the worker already got a real SIGTERM (systemd signals the whole group),
 * so its listeners have run and are not called twice.
 */
export function noticeRetire(notice: RetireNotice, ours: (...args: never[]) => unknown, signalled = false): void {
  (process.emit as (event: string, ...args: unknown[]) => boolean)(RETIRE_EVENT, notice);
  if (signalled) return;
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
