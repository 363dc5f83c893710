// The one decision of what to fork and what to retire, in the spirit of gunicorn's
// manage_workers(): compare the slots wanted with the slots there are and close the
// gap. Start, scale and every crash restart go through it (a restart just lets its
// backoff timer run out and asks again). Pure: the workforce applies the steps.

export interface SlotFacts {
  index: number;
  hasWorker: boolean;
  hasIncoming: boolean;
  restartPending: boolean;
  gaveUp: boolean;
}

export type Step =
  /** Fork a worker to serve slot n (creating the slot if it does not exist yet). */
  | { do: 'fork'; slot: number }
  /** Slot n is no longer wanted: cancel its restart, retire its workers, remove it. */
  | { do: 'drop'; slot: number };

export function planReconcile(slots: readonly SlotFacts[], wanted: number, running: boolean): Step[] {
  if (!running) return [];
  const steps: Step[] = [];
  const byIndex = new Map(slots.map((s) => [s.index, s]));
  for (let i = 0; i < wanted; i++) {
    const s = byIndex.get(i);
    // A seat is refilled only when it is empty, not waiting out a backoff, and has not
    // given up; a seat with an incoming replacement is the reload's business.
    if (!s || (!s.hasWorker && !s.hasIncoming && !s.restartPending && !s.gaveUp)) steps.push({ do: 'fork', slot: i });
  }
  for (const s of slots) if (s.index >= wanted) steps.push({ do: 'drop', slot: s.index });
  return steps;
}
