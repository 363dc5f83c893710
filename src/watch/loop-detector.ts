// Notices an app that writes a watched file as it starts (a JSON store, a generated
// config): every reload then causes the next one, forever. The rolling reload keeps
// the app up, so this is a waste rather than an outage; the fix is the user's, with
// --ignore-watch, and this says so once. Pure.
import type { ChangeBatch } from './scheduler.js';

export interface ReloadWindow {
  startedAt: number;
  /** When the last slot's new worker took over. */
  servingAt: number;
}

export interface LoopDetectorOptions {
  /** Reloads in a row, each caused by changes made while the one before was starting workers. */
  threshold: number;
  /** How long after the new workers took over a change still counts as theirs. */
  graceMs: number;
}

export interface LoopDetector {
  /**
   * Call before the batch reloads, with the reload before it (null if none, or it
   * failed). Returns the files to warn about, once per set of files, else null.
   */
  check(batch: ChangeBatch, previous: ReloadWindow | null): string[] | null;
}

export function createLoopDetector(o: LoopDetectorOptions): LoopDetector {
  let streak = 0;
  const warned = new Set<string>();
  return {
    check(batch, previous) {
      const caused = previous !== null && batch.firstAt >= previous.startedAt && batch.lastAt <= previous.servingAt + o.graceMs;
      streak = caused ? streak + 1 : 0;
      if (streak < o.threshold) return null;
      const key = [...batch.files].sort().join('\n');
      if (warned.has(key)) return null;
      warned.add(key);
      return batch.files;
    },
  };
}
