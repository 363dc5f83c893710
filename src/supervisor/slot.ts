// A slot is a seat for one worker: slot n is NODE_APP_INSTANCE=n, and a replacement
// (after a crash, a reload, a memory restart) takes the same seat.
import type { ManagedWorker } from './managed-worker.js';

export interface Slot {
  readonly index: number;
  /** The worker serving this slot, or null while it waits to be restarted. */
  worker: ManagedWorker | null;
  /** A replacement being started by a reload; it takes the slot once ready. */
  incoming: ManagedWorker | null;
  /** Unstable exits in a row (the crash-loop counter). */
  crashes: number;
  /** Restarts since the supervisor started. */
  restarts: number;
  restartTimer: NodeJS.Timeout | null;
  gaveUp: boolean;
  lastError?: string;
}

export function newSlot(index: number): Slot {
  return { index, worker: null, incoming: null, crashes: 0, restarts: 0, restartTimer: null, gaveUp: false };
}

export type SlotState = 'backoff' | 'gave-up' | 'empty';

/** What a slot with no live worker is doing. */
export function idleSlotState(slot: Slot): SlotState {
  if (slot.gaveUp) return 'gave-up';
  return slot.restartTimer ? 'backoff' : 'empty';
}
