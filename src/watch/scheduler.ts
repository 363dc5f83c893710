// Turns a stream of file changes into reloads. Pure: time comes from the injected
// clock, the reload is a callback.
//   - debounce: a reload starts once no change has come for delayMs, so a burst (a
//     git checkout, an editor's atomic save, a build) gives one reload;
//   - coalescing: changes while a reload runs give exactly one more reload after it,
//     with all of them, never one per change and never two at once.

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface ChangeBatch {
  /** Each changed file once, in the order of their first change. */
  files: string[];
  /** How many change events the batch folds together. */
  events: number;
  firstAt: number;
  lastAt: number;
}

/**
 *  quiet              nothing to do
 *  settling           changes seen, waiting for delayMs of quiet
 *  reloading          a reload runs, no change since it started
 *  reloading-settling a reload runs, changes since, still coming
 *  reloading-due      a reload runs, changes since have settled: next one starts when it ends
 */
export type SchedulerState = 'quiet' | 'settling' | 'reloading' | 'reloading-settling' | 'reloading-due' | 'closed';

export interface SchedulerOptions {
  delayMs: number;
  clock: Clock;
  /** Runs one reload; the scheduler waits for it and ignores how it ends. */
  reload: (batch: ChangeBatch) => Promise<unknown>;
}

export interface Scheduler {
  readonly state: SchedulerState;
  change(file: string): void;
  /** No reload starts after this; one that runs is left to finish. */
  close(): void;
}

export function createScheduler(o: SchedulerOptions): Scheduler {
  let state: SchedulerState = 'quiet';
  let timer: unknown = null;
  let batch: (Omit<ChangeBatch, 'files'> & { files: Set<string> }) | null = null;

  const move = (to: SchedulerState) => {
    state = to;
  };

  const restartTimer = () => {
    if (timer !== null) o.clock.clearTimeout(timer);
    timer = o.clock.setTimeout(settled, o.delayMs);
  };

  function settled(): void {
    timer = null;
    if (state === 'settling') run();
    else if (state === 'reloading-settling') move('reloading-due');
  }

  function run(): void {
    const current: ChangeBatch = { ...batch!, files: [...batch!.files] };
    batch = null;
    move('reloading');
    let ran: Promise<unknown>;
    try {
      ran = o.reload(current);
    } catch (err) {
      ran = Promise.reject(err);
    }
    void ran.catch(() => {}).then(finished);
  }

  function finished(): void {
    if (state === 'reloading') move('quiet');
    else if (state === 'reloading-settling') move('settling');
    else if (state === 'reloading-due') run();
  }

  return {
    get state() {
      return state;
    },
    change(file) {
      if (state === 'closed') return;
      const now = o.clock.now();
      if (batch === null) batch = { files: new Set([file]), events: 1, firstAt: now, lastAt: now };
      else {
        batch.files.add(file);
        batch.events++;
        batch.lastAt = now;
      }
      restartTimer();
      if (state === 'quiet') move('settling');
      else if (state === 'reloading' || state === 'reloading-due') move('reloading-settling');
    },
    close() {
      if (timer !== null) o.clock.clearTimeout(timer);
      timer = null;
      batch = null;
      move('closed');
    },
  };
}
