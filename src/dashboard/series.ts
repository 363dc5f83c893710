// The rolling window of per-slot numbers behind the dashboard's charts: one shared
// time column and, per slot, fixed-size typed arrays (CPU %, RSS, event-loop p99,
// pid). Memory is capacity x 24 bytes per slot, allocated once; recording a tick
// allocates nothing. A replacement worker continues its slot's line; the pid column
// shows where one worker gave way to the next.

export interface SlotPoint {
  slot: number;
  pid: number | null;
  cpuPercent: number | null;
  rssBytes: number | null;
  eventLoopDelayP99Ms: number | null;
}

/** Oldest first; null where a slot had no worker or no reading yet. */
export interface SlotSeries {
  slot: number;
  pid: (number | null)[];
  cpuPercent: (number | null)[];
  rssBytes: (number | null)[];
  eventLoopDelayP99Ms: (number | null)[];
}

export interface SeriesSnapshot {
  t: number[];
  slots: SlotSeries[];
}

interface Column {
  cpu: Float32Array;
  rss: Float32Array;
  p99: Float32Array;
  pid: Int32Array;
  /** Time of this slot's newest point: a column with nothing left in the window is dropped. */
  lastT: number;
}

export class SeriesHistory {
  private readonly t: Float64Array;
  private readonly columns = new Map<number, Column>();
  private next = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) throw new RangeError(`series capacity must be a whole number >= 1, got ${capacity}`);
    this.t = new Float64Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** One tick: every slot's reading at time t. O(slots). */
  record(t: number, points: readonly SlotPoint[]): void {
    const i = this.next;
    const oldest = this.count === this.capacity ? this.t[(i + 1) % this.capacity]! : -Infinity;
    this.t[i] = t;
    for (const [slot, c] of this.columns) {
      // Scaled away long enough ago that none of its points is left: forget it.
      if (c.lastT < oldest) this.columns.delete(slot);
      else clear(c, i);
    }
    for (const p of points) {
      const c = this.column(p.slot);
      c.cpu[i] = p.cpuPercent ?? NaN;
      c.rss[i] = p.rssBytes ?? NaN;
      c.p99[i] = p.eventLoopDelayP99Ms ?? NaN;
      c.pid[i] = p.pid ?? 0;
      c.lastT = t;
    }
    this.next = (i + 1) % this.capacity;
    this.count = Math.min(this.count + 1, this.capacity);
  }

  snapshot(): SeriesSnapshot {
    const start = (this.next - this.count + this.capacity) % this.capacity;
    const at = (k: number) => (start + k) % this.capacity;
    const t = Array.from({ length: this.count }, (_, k) => this.t[at(k)]!);
    const slots = [...this.columns.entries()]
      .sort(([a], [b]) => a - b)
      .map(([slot, c]) => ({
        slot,
        pid: Array.from({ length: this.count }, (_, k) => c.pid[at(k)] || null),
        cpuPercent: Array.from({ length: this.count }, (_, k) => num(c.cpu[at(k)]!)),
        rssBytes: Array.from({ length: this.count }, (_, k) => num(c.rss[at(k)]!)),
        eventLoopDelayP99Ms: Array.from({ length: this.count }, (_, k) => num(c.p99[at(k)]!)),
      }));
    return { t, slots };
  }

  private column(slot: number): Column {
    let c = this.columns.get(slot);
    if (!c) {
      const n = this.capacity;
      c = { cpu: new Float32Array(n).fill(NaN), rss: new Float32Array(n).fill(NaN), p99: new Float32Array(n).fill(NaN), pid: new Int32Array(n), lastT: -Infinity };
      this.columns.set(slot, c);
    }
    return c;
  }
}

function clear(c: Column, i: number): void {
  c.cpu[i] = NaN;
  c.rss[i] = NaN;
  c.p99[i] = NaN;
  c.pid[i] = 0;
}

// Float32 keeps ~7 significant digits: plenty for a chart, and rounding keeps the JSON short.
const num = (v: number) => (Number.isNaN(v) ? null : Math.round(v * 100) / 100);
