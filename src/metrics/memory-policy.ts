// --max-memory-restart: a worker is replaced when its RSS has been above the limit for
// a few samples in a row, so one spike (a big response being built) does not cost a
// restart, but a leak is caught within about two sampling intervals. Pure.

/** Samples in a row above the limit before the worker is replaced. */
export const SAMPLES_OVER_LIMIT = 2;

export interface MemoryVerdict {
  /** Samples in a row above the limit, this one included. */
  over: number;
  replace: boolean;
}

export function judgeMemory(overBefore: number, rssBytes: number, limitBytes: number): MemoryVerdict {
  if (limitBytes <= 0 || rssBytes <= limitBytes) return { over: 0, replace: false };
  const over = overBefore + 1;
  return { over, replace: over >= SAMPLES_OVER_LIMIT };
}
