// A rolling reload: batch by batch, each slot gets a new worker that must be ready
// before the old one is told to drain, so serving capacity never dips. The first
// failure stops the reload where it is: slots already done keep their new workers,
// the rest keep the old ones, and nothing is restarted in a loop.
import { ReloadFailedError, StoppedError } from '../errors.js';
import type { Logger } from '../logger.js';
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

export interface ReloadHost {
  slotIndexes(): number[];
  /** Forks a replacement, waits for it to be ready, retires the old worker. Throws ReloadFailedError. */
  replace(slot: number): Promise<SlotReplaced>;
  /** Runs fn after every other slot-changing operation (scale, another replacement). */
  serialize<T>(fn: () => Promise<T>): Promise<T>;
  isRunning(): boolean;
  log: Logger;
  emit<K extends keyof SupervisorEvents>(event: K, ...args: SupervisorEvents[K]): void;
}

/** Runs reloads one at a time, folding the requests made during one into one more. */
export class Reloader {
  private current: Promise<ReloadResult> | null = null;
  private queued: Promise<ReloadResult> | null = null;
  active = false;

  constructor(
    private readonly host: ReloadHost,
    private readonly parallel: number,
  ) {}

  request(trigger: string): Promise<ReloadResult> {
    if (!this.host.isRunning()) return Promise.reject(new StoppedError('reload'));
    if (this.queued) return this.queued;
    if (this.current) {
      this.host.log.info({ trigger }, 'reload requested during a reload: queued to run after it');
      this.queued = this.current
        .catch(() => {})
        .then(() => {
          this.queued = null;
          return this.run(trigger);
        });
      return this.queued;
    }
    return this.run(trigger);
  }

  private run(trigger: string): Promise<ReloadResult> {
    const { host } = this;
    const run = host.serialize(async () => {
      if (!host.isRunning()) throw new StoppedError('reload');
      const slots = host.slotIndexes().length;
      this.active = true;
      host.log.info({ trigger, slots }, `reload started (${trigger})`);
      host.emit('reload-start', { slots, trigger });
      try {
        const result = await rollingReload(host, this.parallel);
        host.log.info({ ...result }, `reload done: ${result.slots} slots in ${result.durationMs} ms`);
        host.emit('reload', result);
        return result;
      } catch (err) {
        const e = err as Error;
        host.log.error({ err: e }, e.message);
        if (err instanceof ReloadFailedError) host.emit('reload-failed', { slot: err.slot, reason: e.message });
        throw err;
      } finally {
        this.active = false;
      }
    });
    const tracked = run.finally(() => {
      if (this.current === tracked) this.current = null;
    });
    this.current = tracked;
    return tracked;
  }
}

async function rollingReload(host: ReloadHost, parallel: number): Promise<ReloadResult> {
  const started = Date.now();
  const slots = host.slotIndexes();
  const draining: Promise<unknown>[] = [];
  try {
    for (const batch of planReload(slots, parallel)) {
      const done = await Promise.allSettled(batch.map((slot) => host.replace(slot)));
      for (const r of done) if (r.status === 'fulfilled') draining.push(r.value.oldExited);
      const failed = done.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
    }
  } finally {
    // Done means the old processes are gone, also when we stop half-way.
    await Promise.all(draining);
  }
  return { slots: slots.length, durationMs: Date.now() - started };
}
