// A rolling reload: batch by batch, each slot gets a new worker that must be ready
// before the old one is told to drain, so serving capacity never dips. The first
// failure stops the reload where it is: slots already done keep their new workers,
// the rest keep the old ones, and nothing is restarted in a loop.
import type { ReloadResult } from './events.js';
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
}

export async function rollingReload(host: ReloadHost, parallel: number): Promise<ReloadResult> {
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
