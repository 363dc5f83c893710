// What the dashboard remembers, in the primary, while nobody looks: the last window of
// per-slot numbers (series.ts), the last lifecycle events (a Ring) and each slot's last
// reason for losing a worker. Everything is bounded by construction; adding an event
// is O(1), adding a tick O(slots). No timers and no I/O here: feed.ts drives it.
import type { SupervisorStatus, WorkerStatus } from '../supervisor/status.js';
import { Ring } from './ring.js';
import { SeriesHistory, type SeriesSnapshot, type SlotPoint } from './series.js';
import { reasonOf, type SlotReason, type TimelineEntry, type TimelineRecord } from './timeline.js';

export interface HistoryOptions {
  /** How far back the charts go. */
  windowMs: number;
  /** One point per slot this often. */
  stepMs: number;
  /** Lifecycle events kept. */
  timelineSize: number;
}

export const defaultHistoryOptions: HistoryOptions = { windowMs: 10 * 60_000, stepMs: 1000, timelineSize: 500 };

export type Reasons = Record<number, SlotReason>;

/** What a page gets first, on connecting. */
export interface DashboardSnapshot {
  windowMs: number;
  stepMs: number;
  status: SupervisorStatus;
  series: SeriesSnapshot;
  timeline: TimelineRecord[];
  reasons: Reasons;
}

/** What it gets every step after that. */
export interface DashboardTick {
  t: number;
  points: SlotPoint[];
  status: SupervisorStatus;
  reasons: Reasons;
}

export class History {
  readonly options: HistoryOptions;
  private readonly series: SeriesHistory;
  private readonly timeline: Ring<TimelineRecord>;
  private readonly slotReasons = new Map<number, SlotReason>();
  private seq = 0;

  constructor(options: Partial<HistoryOptions> = {}) {
    this.options = { ...defaultHistoryOptions, ...options };
    this.series = new SeriesHistory(Math.ceil(this.options.windowMs / this.options.stepMs));
    this.timeline = new Ring(this.options.timelineSize);
  }

  addEvent(entry: TimelineEntry, t: number): TimelineRecord {
    const record: TimelineRecord = { seq: ++this.seq, t, ...entry };
    this.timeline.push(record);
    if (record.slot !== undefined) {
      const reason = reasonOf(record, this.slotReasons.get(record.slot));
      if (reason) this.slotReasons.set(record.slot, reason);
    }
    if (record.event === 'scale') {
      for (const slot of this.slotReasons.keys()) if (slot >= (record.to as number)) this.slotReasons.delete(slot);
    }
    return record;
  }

  addTick(status: SupervisorStatus, t: number): SlotPoint[] {
    const points = pointsOf(status.workers);
    this.series.record(t, points);
    return points;
  }

  snapshot(status: SupervisorStatus): DashboardSnapshot {
    return {
      windowMs: this.options.windowMs,
      stepMs: this.options.stepMs,
      status,
      series: this.series.snapshot(),
      timeline: this.timeline.toArray(),
      reasons: this.reasons(),
    };
  }

  /** Points and events held: never more than the capacities. */
  get sizes(): { points: number; events: number } {
    return { points: this.series.size, events: this.timeline.size };
  }

  reasons(): Reasons {
    return Object.fromEntries(this.slotReasons);
  }
}

/**
 * One point per slot. During a replacement a slot has two workers; its line follows
 * the one that serves (ready), the newest if both do, so the line hands over when the
 * new worker takes the slot.
 */
export function pointsOf(rows: readonly WorkerStatus[]): SlotPoint[] {
  const chosen = new Map<number, WorkerStatus>();
  for (const w of rows) {
    const had = chosen.get(w.slot);
    if (!had || rank(w) > rank(had) || (rank(w) === rank(had) && (w.id ?? 0) > (had.id ?? 0))) chosen.set(w.slot, w);
  }
  return [...chosen.values()].map((w) => ({
    slot: w.slot,
    pid: w.pid,
    cpuPercent: w.cpuPercent,
    rssBytes: w.rssBytes,
    eventLoopDelayP99Ms: w.eventLoopDelayP99Ms,
  }));
}

const rank = (w: WorkerStatus) => (w.state === 'ready' ? 2 : w.state === 'draining' ? 0 : 1);
