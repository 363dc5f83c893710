// Drives a History from a supervisor: its typed lifecycle events go to the timeline as
// they happen, and every step one tick of numbers is taken from status(). Whoever
// watches (the SSE hub) gets each record and tick as it is made; with nobody watching
// a tick costs one status() and a few typed-array writes.
import type { SupervisorEvents } from '../supervisor/events.js';
import type { SupervisorStatus } from '../supervisor/status.js';
import type { History } from './history.js';
import type { SlotPoint } from './series.js';
import { timelineMappers, toTimelineEntry, type TimelineRecord } from './timeline.js';

/** The part of a Supervisor the dashboard needs: it can read and listen, nothing more. */
export interface FeedSource {
  status(): SupervisorStatus;
  on<K extends keyof SupervisorEvents>(event: K, listener: (...args: SupervisorEvents[K]) => void): unknown;
  off<K extends keyof SupervisorEvents>(event: K, listener: (...args: SupervisorEvents[K]) => void): unknown;
}

export interface FeedSink {
  record(r: TimelineRecord): void;
  tick(t: number, points: SlotPoint[], status: SupervisorStatus): void;
}

/** Returns the stop function; every listener it added is removed. */
export function startFeed(source: FeedSource, history: History, sink: FeedSink, now: () => number = Date.now): () => void {
  const listeners = (Object.keys(timelineMappers) as (keyof SupervisorEvents)[]).map((name) => {
    const listener = (payload: unknown) => {
      const entry = toTimelineEntry(name, payload as never);
      if (entry) sink.record(history.addEvent(entry, now()));
    };
    source.on(name, listener);
    return () => source.off(name, listener);
  });
  const timer = setInterval(() => {
    const [status, t] = [source.status(), now()];
    sink.tick(t, history.addTick(status, t), status);
  }, history.options.stepMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    listeners.splice(0).forEach((off) => off());
  };
}
