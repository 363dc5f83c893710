// A rolling reload: batch by batch, each slot gets a new worker that must be ready
// before the old one is told to drain, so serving capacity never dips. The first
// failure stops the reload where it is: slots already done keep their new workers,
// the rest keep the old ones, and nothing is restarted in a loop.
//
// A reload has two milestones. "Replaced": every slot serves new code; the lock on
// slot changes is released here, so the next reload need not wait for old workers
// that drain slow keep-alive clients. "Drained": the old workers are gone; that is
// when `clusterize reload` and handle.reload() answer by default.
import { ReloadFailedError, StoppedError } from '../errors.js';
import type { Logger } from '../logger.js';
import { logEvent, type LogEvent } from '../log-events.js';
import { plural } from '../text.js';
import type { ReloadResult, SupervisorEvents } from './events.js';
import type { WorkerExit } from './managed-worker.js';
import { planReload } from './reload-plan.js';

export interface SlotReplaced {
  slot: number;
  oldPid: number | null;
  newPid: number;
  durationMs: number;
  /** Settles when the old worker has exited (it drains in the background). */
  oldExited: Promise<WorkerExit | null>;
}

export interface ReloadOptions {
  /** Resolve once every slot serves new code, without waiting for the old workers to leave. */
  waitForDrain?: boolean;
  /** Log the reload's lines at debug: the caller (watch mode) prints its own one line. */
  quiet?: boolean;
  /** Environment variables for the new workers, kept for later reloads (`clusterize reload --env`). */
  env?: Record<string, string>;
}

export interface ReloadHost {
  slotIndexes(): number[];
  /** Forks a replacement, waits for it to be ready, retires the old worker. Throws ReloadFailedError. */
  replace(slot: number, quiet: boolean): Promise<SlotReplaced>;
  /** Runs fn after every other slot-changing operation (scale, another replacement). */
  serialize<T>(fn: () => Promise<T>): Promise<T>;
  isRunning(): boolean;
  /**
   * Runs first, before any worker is touched (it re-reads the configuration); a
   * rejection aborts the reload with that error.
   */
  prepare?(): Promise<void>;
  log: Logger;
  emit<K extends keyof SupervisorEvents>(event: K, ...args: SupervisorEvents[K]): void;
}

interface Run {
  replaced: Promise<ReloadResult>;
  drained: Promise<ReloadResult>;
}

/** Runs reloads one at a time, folding the requests made during one into one more. */
export class Reloader {
  private current: Run | null = null;
  private queued: Run | null = null;
  /** Between start and "replaced". */
  active = false;

  constructor(
    private readonly host: ReloadHost,
    private readonly parallel: number,
  ) {}

  request(trigger: string, o: ReloadOptions = {}): Promise<ReloadResult> {
    if (!this.host.isRunning()) return Promise.reject(new StoppedError('reload'));
    const run = this.queued ?? (this.current ? this.queue(this.current, trigger, o) : this.start(trigger, o));
    return o.waitForDrain === false ? run.replaced : run.drained;
  }

  private queue(after: Run, trigger: string, o: ReloadOptions): Run {
    logEvent(this.host.log, o.quiet ? 'debug' : 'info', 'reload.queued', { trigger }, 'reload requested during a reload: queued to run after it');
    const next = after.replaced
      .catch(() => {})
      .then(() => {
        this.queued = null;
        return this.start(trigger, o);
      });
    const run: Run = { replaced: next.then((r) => r.replaced), drained: next.then((r) => r.drained) };
    run.replaced.catch(() => {});
    run.drained.catch(() => {});
    this.queued = run;
    return run;
  }

  private start(trigger: string, o: ReloadOptions): Run {
    const { host } = this;
    const quiet = o.quiet === true;
    const info = (event: LogEvent, obj: object, msg: string) => logEvent(host.log, quiet ? 'debug' : 'info', event, obj, msg);
    let oldGone: Promise<unknown> = Promise.resolve();
    let started = Date.now();
    const replaced = host.serialize(async () => {
      if (!host.isRunning()) throw new StoppedError('reload');
      await host.prepare?.();
      const slots = host.slotIndexes().length;
      this.active = true;
      info('reload.start', { trigger, slots }, `reload started (${trigger})`);
      host.emit('reload-start', { slots, trigger });
      started = Date.now();
      try {
        const draining: Promise<unknown>[] = [];
        try {
          for (const batch of planReload(host.slotIndexes(), this.parallel)) {
            const done = await Promise.allSettled(batch.map((slot) => host.replace(slot, quiet)));
            for (const r of done) if (r.status === 'fulfilled') draining.push(r.value.oldExited);
            const failed = done.find((r): r is PromiseRejectedResult => r.status === 'rejected');
            if (failed) throw failed.reason;
          }
        } finally {
          oldGone = Promise.all(draining);
        }
        const result: ReloadResult = { slots, durationMs: Date.now() - started, drainedMs: null };
        info('reload.replaced', { slots, durationMs: result.durationMs }, `reload: ${plural(slots, 'slot')} serve the new code after ${result.durationMs} ms`);
        return result;
      } catch (err) {
        // Only a failed new worker is reported here; a stop half-way (StoppedError) is not a failure.
        if (err instanceof ReloadFailedError) {
          logEvent(host.log, quiet ? 'debug' : 'error', 'reload.abort', { slot: err.slot, reason: err.reason }, err.message);
          host.emit('reload-failed', { slot: err.slot, reason: err.reason });
        }
        throw err;
      } finally {
        this.active = false;
      }
    });
    const drained = replaced.then(
      async (result) => {
        await oldGone;
        const done: ReloadResult = { ...result, drainedMs: Date.now() - started };
        info('reload.done', { ...done }, `reload done: ${plural(done.slots, 'slot')} in ${done.durationMs} ms, old workers gone after ${done.drainedMs} ms`);
        host.emit('reload', done);
        return done;
      },
      async (err: unknown) => {
        await oldGone;
        throw err;
      },
    );
    const run: Run = { replaced, drained };
    replaced.catch(() => {});
    drained.catch(() => {});
    this.current = run;
    void replaced.catch(() => {}).then(() => {
      if (this.current === run) this.current = null;
    });
    return run;
  }
}
