// A slot is a seat for one worker: slot n is NODE_APP_INSTANCE=n, and a replacement
// (after a crash, a reload, a memory restart) takes the same seat. Who sits where is
// changed only by the methods below, so the seat's invariant lives here: at most one
// serving worker and one incoming replacement, the incoming one takes the seat only
// once ready, and a pending restart exists only while the seat is empty.
import { restartReasons, type RestartReason } from './events.js';
import type { ManagedWorker, WorkerView } from './managed-worker.js';

export type SlotState = 'backoff' | 'gave-up' | 'empty';

/** What status and the reconcile step read about a slot. */
export interface SlotView {
  readonly index: number;
  readonly worker: WorkerView | null;
  readonly incoming: WorkerView | null;
  /** Unstable exits in a row (the crash-loop counter). */
  readonly crashes: number;
  /** Restarts since the supervisor started (every reason but reload). */
  readonly restarts: number;
  /** New workers since the supervisor started, by reason (reloads included). */
  readonly restartsBy: Readonly<Record<RestartReason, number>>;
  readonly restartPending: boolean;
  readonly gaveUp: boolean;
  readonly lastError: string | undefined;
}

export class Slot implements SlotView {
  crashes = 0;
  restarts = 0;
  readonly restartsBy = Object.fromEntries(restartReasons.map((r) => [r, 0])) as Record<RestartReason, number>;
  gaveUp = false;
  lastError: string | undefined;
  private current: ManagedWorker | null = null;
  private next: ManagedWorker | null = null;
  private restartTimer: NodeJS.Timeout | null = null;

  constructor(readonly index: number) {}

  /** The worker serving this slot, or null while it waits to be (re)started. */
  get worker(): ManagedWorker | null {
    return this.current;
  }

  /** A replacement being started by a reload; it takes the slot once ready. */
  get incoming(): ManagedWorker | null {
    return this.next;
  }

  get restartPending(): boolean {
    return this.restartTimer !== null;
  }

  /** Forked to serve here at once (start, scale, restart) or to replace the serving one. */
  seat(w: ManagedWorker, role: 'current' | 'incoming'): void {
    this.cancelRestart();
    if (role === 'current') this.current = w;
    else this.next = w;
  }

  /** The incoming worker is ready: it serves now. Returns the worker it replaces. */
  promote(w: ManagedWorker): ManagedWorker | null {
    const old = this.current;
    if (this.next === w) this.next = null;
    this.current = w;
    this.crashes = 0;
    this.gaveUp = false;
    return old;
  }

  /** w leaves its seat (it exited, or failed as a replacement); says which seat it had. */
  vacate(w: ManagedWorker): 'current' | 'incoming' | null {
    if (this.current === w) {
      this.current = null;
      return 'current';
    }
    if (this.next === w) {
      this.next = null;
      return 'incoming';
    }
    return null;
  }

  scheduleRestart(delayMs: number, fire: () => void): void {
    this.cancelRestart();
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      fire();
    }, delayMs);
  }

  cancelRestart(): void {
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
  }

  /** Counts a new worker for this slot; a reload is not a restart. */
  countRestart(reason: RestartReason): void {
    this.restartsBy[reason]++;
    if (reason !== 'reload') this.restarts++;
  }

  workers(): ManagedWorker[] {
    return [this.current, this.next].filter((w): w is ManagedWorker => w !== null);
  }
}

/** What a slot with no live worker is doing. */
export function idleSlotState(slot: SlotView): SlotState {
  if (slot.gaveUp) return 'gave-up';
  return slot.restartPending ? 'backoff' : 'empty';
}
