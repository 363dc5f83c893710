// What to do when a worker exits without being asked to. Pure: the supervisor only
// applies the decision.

export interface RestartPolicyOptions {
  /** A run shorter than this is unstable: part of a crash loop. */
  minUptime: number;
  /** Restarts in a row after unstable runs before the slot gives up. */
  maxRestarts: number;
  /** Delay before the first restart of a crash loop; it doubles each time. */
  restartDelay: number;
  /** The cap on that delay. */
  maxRestartDelay: number;
}

export type RestartDecision =
  | { action: 'restart'; delayMs: number; crashes: number }
  | { action: 'give-up'; crashes: number };

/**
 * @param crashes unstable exits in a row before this one
 * @param uptimeMs how long the worker that just exited ran
 */
export function decideRestart(crashes: number, uptimeMs: number, o: RestartPolicyOptions): RestartDecision {
  if (uptimeMs >= o.minUptime) return { action: 'restart', delayMs: 0, crashes: 0 };
  const now = crashes + 1;
  if (now > o.maxRestarts) return { action: 'give-up', crashes: now };
  const delayMs = Math.min(o.restartDelay * 2 ** (now - 1), o.maxRestartDelay);
  return { action: 'restart', delayMs, crashes: now };
}
