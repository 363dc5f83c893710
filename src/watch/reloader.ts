// One reload per batch of changes, through the supervisor's rolling reload, and the
// one line that says how it went: which file, how long, or why it failed and that
// the previous code still serves. The reload itself is quiet (its per-worker lines go
// to debug): a developer saving a file wants one line, not eight.
import { ReloadFailedError, StoppedError } from '../errors.js';
import { logEvent } from '../log-events.js';
import type { ResolvedOptions } from '../options/resolve.js';
import type { ReloadResult } from '../supervisor/events.js';
import type { ReloadOptions } from '../supervisor/reload.js';
import { createLoopDetector, type ReloadWindow } from './loop-detector.js';
import { failedLine, loopLine, reloadedLine, triggerFor, whyFailed } from './messages.js';
import type { ChangeBatch } from './scheduler.js';

/** Reloads in a row caused by the app's own writes before watch mode says so. */
const LOOP_THRESHOLD = 3;

export interface ReloadHost {
  readonly options: ResolvedOptions;
  reload(trigger: string, options: ReloadOptions): Promise<ReloadResult>;
}

export function reloaderFor(sup: ReloadHost): (batch: ChangeBatch) => Promise<void> {
  const o = sup.options;
  const log = o.logger;
  const loops = createLoopDetector({ threshold: LOOP_THRESHOLD, graceMs: Math.max(o.watchDelay, 500) });
  let previous: ReloadWindow | null = null;

  return async (batch) => {
    const fields = { files: batch.files.slice(0, 20), changedFiles: batch.files.length, events: batch.events };
    const loop = loops.check(batch, previous);
    if (loop) logEvent(log, 'warn', 'watch.loop', { files: loop.slice(0, 20) }, loopLine(loop, o.cwd, LOOP_THRESHOLD));
    const startedAt = Date.now();
    try {
      // Done when the new code serves: the old workers may take seconds to drain an
      // idle keep-alive connection (a browser tab), which is no reason to wait.
      const result = await sup.reload(triggerFor(batch.files, o.cwd), { quiet: true, waitForDrain: false });
      const servingAt = Date.now();
      previous = { startedAt, servingAt };
      logEvent(
        log,
        'info',
        'watch.reload',
        { ...fields, durationMs: result.durationMs, sinceChangeMs: servingAt - batch.firstAt },
        reloadedLine(batch.files, o.cwd, result.durationMs),
      );
    } catch (err) {
      previous = null;
      if (err instanceof StoppedError) return;
      const why = err instanceof ReloadFailedError ? whyFailed(err.exit, o.listenTimeout) : (err as Error).message;
      logEvent(log, 'error', 'watch.reload', { ...fields, reason: why }, failedLine(batch.files, o.cwd, why));
    }
  };
}
