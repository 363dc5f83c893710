// The supervisor's way out, once: an optional drain (a load balancer sees /healthz go
// 503 while the workers still serve), then the stop proper (every worker drains and
// leaves, SIGKILL at kill-timeout), then what was attached is closed. Calling it again
// returns the same promise; a second signal skips the drain.
import { logEvent } from '../log-events.js';
import type { Logger } from '../logger.js';
import type { Closers } from './closers.js';
import { DrainDelay } from './drain-delay.js';
import type { ManagedWorker } from './managed-worker.js';
import type { Emit } from './spawn.js';

export interface ShutdownHost {
  log: Logger;
  emit: Emit;
  closers: Closers;
  /** Whether a drain still makes sense: workers serve and nothing has failed. */
  canDrain(): boolean;
  /** The supervisor's phase follows the shutdown's steps. */
  enter(phase: 'draining' | 'stopping' | 'stopped'): void;
  /** The stop proper: no more restarts, every live worker retires; returns them. */
  retireWorkers(): ManagedWorker[];
  /** Exit code of the stop: 1 when something failed. */
  code(): number;
}

export class Shutdown {
  private readonly drain = new DrainDelay();
  private done: Promise<number> | null = null;

  constructor(private readonly host: ShutdownHost) {}

  get started(): boolean {
    return this.done !== null;
  }

  /** Ends a drain at once: the stop proper starts now. False when none runs. */
  skipDrain(): boolean {
    return this.drain.skip();
  }

  /** Resolves with the exit code once every worker is gone and everything is closed. */
  run(reason: string, drainMs: number): Promise<number> {
    if (this.done) return this.done;
    const { host } = this;
    const draining = drainMs > 0 && host.canDrain();
    if (draining) {
      host.enter('draining');
      logEvent(
        host.log,
        'info',
        'stop.drain',
        { reason, drainDelayMs: drainMs },
        `draining for ${drainMs} ms before stopping (${reason}): /healthz answers 503, the workers still serve`,
      );
      host.emit('draining', { reason, delayMs: drainMs });
    }
    // Synchronous from the moment it starts: a kill that skips the drain finds the
    // stop already under way, not a drain that would restart the workers it kills.
    const stopNow = (): ManagedWorker[] => {
      host.enter('stopping');
      logEvent(host.log, 'info', 'stop.start', { reason }, 'stopping');
      host.emit('stopping', { reason });
      return host.retireWorkers();
    };
    this.done = (async () => {
      const workers = draining ? await new Promise<ManagedWorker[]>((resolve) => this.drain.start(drainMs, () => resolve(stopNow()))) : stopNow();
      await Promise.all(workers.map((w) => w.exited));
      await host.closers.closeAll(host.log);
      host.enter('stopped');
      const code = host.code();
      logEvent(host.log, 'info', 'stop.done', { code }, 'stopped');
      host.emit('stop', { code });
      return code;
    })();
    return this.done;
  }
}
