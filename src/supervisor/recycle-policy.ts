// When a worker is due for recycling (--max-requests, --max-age), as gunicorn's
// max_requests does, but judged here and carried out by the rolling replacement. Pure.

export type RecycleReason = 'max-requests' | 'max-age';
export const recycleReasons: readonly RecycleReason[] = ['max-requests', 'max-age'];

/**
 * A worker's own limit: base plus a random 0..jitter, so workers started together do not
 * all come due together. 0 (off) stays 0. random() is in [0, 1).
 */
export function jittered(base: number, jitter: number, random: () => number): number {
  if (base <= 0) return 0;
  return base + Math.floor(random() * (jitter + 1));
}

export interface RecycleFacts {
  /** Requests served so far; null when not known. */
  requests: number | null;
  /** Since it became ready; null while it is not ready. */
  ageMs: number | null;
}

export interface RecycleLimits {
  maxRequests: number;
  maxAgeMs: number;
}

/** The first limit a worker is over, or null. A limit of 0 is off. */
export function judgeRecycle(f: RecycleFacts, limits: RecycleLimits): RecycleReason | null {
  if (limits.maxRequests > 0 && f.requests !== null && f.requests >= limits.maxRequests) return 'max-requests';
  if (limits.maxAgeMs > 0 && f.ageMs !== null && f.ageMs >= limits.maxAgeMs) return 'max-age';
  return null;
}
