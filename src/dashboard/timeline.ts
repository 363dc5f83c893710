// Which supervisor events the dashboard's timeline shows, and as what: the names are
// the `event` field of the matching log records, so the page, the logs and the docs
// speak one language. Pure: (event name, payload) -> record fields.
import type { SupervisorEvents } from '../supervisor/events.js';

export type TimelineEvent =
  | 'worker.fork'
  | 'worker.ready'
  | 'worker.exit'
  | 'worker.restart'
  | 'worker.giveup'
  | 'scale'
  | 'reload.start'
  | 'reload.slot'
  | 'reload.done'
  | 'reload.abort'
  | 'memory.limit'
  | 'heartbeat.miss'
  | 'stop.start'
  | 'stop.done';

/** One line of the timeline. Fields beyond these are the event's own (code, signal, delayMs...). */
export interface TimelineEntry {
  event: TimelineEvent;
  slot?: number;
  pid?: number;
  [field: string]: unknown;
}

export interface TimelineRecord extends TimelineEntry {
  /** Increases by one per record: the page skips what its snapshot already had. */
  seq: number;
  /** Epoch ms. */
  t: number;
}

/** Longest text a record keeps: an error line can be as long as a worker printed it. */
export const MAX_TEXT = 200;
const clip = (s: string) => (s.length > MAX_TEXT ? `${s.slice(0, MAX_TEXT - 1)}…` : s);

type Mapper<K extends keyof SupervisorEvents> = (e: SupervisorEvents[K][0]) => TimelineEntry | null;

/** The supervisor events the timeline subscribes to, and what each becomes. */
export const timelineMappers: { [K in keyof SupervisorEvents]?: Mapper<K> } = {
  fork: (e) => ({ event: 'worker.fork', slot: e.slot, pid: e.pid }),
  ready: (e) => ({ event: 'worker.ready', slot: e.slot, pid: e.pid, bootMs: e.bootMs }),
  exit: (e) => ({
    event: 'worker.exit',
    slot: e.slot,
    pid: e.pid,
    code: e.code,
    signal: e.signal,
    expected: e.expected,
    uptimeMs: e.uptimeMs,
    ...(e.lastError === undefined ? {} : { lastError: clip(e.lastError) }),
  }),
  restart: (e) => ({ event: 'worker.restart', slot: e.slot, delayMs: e.delayMs, crashes: e.crashes, restarts: e.restarts }),
  'give-up': (e) => ({ event: 'worker.giveup', slot: e.slot, crashes: e.crashes, ...(e.lastError === undefined ? {} : { lastError: clip(e.lastError) }) }),
  scale: (e) => ({ event: 'scale', from: e.from, to: e.to }),
  'reload-start': (e) => ({ event: 'reload.start', slots: e.slots, trigger: clip(e.trigger) }),
  'reload-slot': (e) => ({ event: 'reload.slot', slot: e.slot, pid: e.newPid, oldPid: e.oldPid, durationMs: e.durationMs }),
  reload: (e) => ({ event: 'reload.done', slots: e.slots, durationMs: e.durationMs, drainedMs: e.drainedMs }),
  'reload-failed': (e) => ({ event: 'reload.abort', slot: e.slot, reason: clip(e.reason) }),
  // Only the policies' retirements say something new; reload, scale and stop have their own records.
  retire: (e) => (e.reason === 'memory' ? { event: 'memory.limit', slot: e.slot, pid: e.pid } : null),
  'heartbeat-miss': (e) => ({ event: 'heartbeat.miss', slot: e.slot, pid: e.pid, silentMs: e.silentMs }),
  stopping: (e) => ({ event: 'stop.start', reason: e.reason }),
  stop: (e) => ({ event: 'stop.done', code: e.code }),
};

export function toTimelineEntry<K extends keyof SupervisorEvents>(name: K, payload: SupervisorEvents[K][0]): TimelineEntry | null {
  const map = timelineMappers[name] as Mapper<K> | undefined;
  return map ? map(payload) : null;
}

/** Why a slot last lost a worker it did not mean to lose, in a few words. */
export interface SlotReason {
  pid: number | null;
  t: number;
  reason: string;
}

/**
 * The reason a record gives for its slot, or null when it gives none. prev keeps a
 * policy's verdict: the exit that follows a heartbeat kill is the heartbeat's doing.
 */
export function reasonOf(r: TimelineRecord, prev: SlotReason | undefined): SlotReason | null {
  const pid = r.pid ?? null;
  const at = (reason: string): SlotReason => ({ pid, t: r.t, reason });
  switch (r.event) {
    case 'worker.exit': {
      if (r.expected) return null;
      if (prev && prev.pid === pid && pid !== null) return null;
      const how = r.signal ? String(r.signal) : `exit code ${String(r.code)}`;
      return at(typeof r.lastError === 'string' ? `${how}: ${r.lastError}` : how);
    }
    case 'memory.limit':
      return at('memory limit');
    case 'heartbeat.miss':
      return at('heartbeat timeout');
    case 'reload.abort':
      return at(`reload failed: ${String(r.reason)}`);
    case 'worker.giveup':
      return at(`gave up after ${String(r.crashes)} crashes`);
    default:
      return null;
  }
}
