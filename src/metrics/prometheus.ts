// GET /metrics: the status snapshot in Prometheus text format, via prom-client. Series
// are labelled by slot only, not pid, so a restart does not start a new series (the
// counters simply reset, which rate() understands).
import { Counter, Gauge, Registry } from 'prom-client';
import { restartReasons } from '../supervisor/events.js';
import type { SupervisorStatus, WorkerStatus } from '../supervisor/status.js';

/** Every state a status row can be in, so each series of clusterize_workers always exists. */
export const ROW_STATES = ['starting', 'online', 'ready', 'draining', 'backoff', 'gave-up', 'empty'] as const;

/**
 * One row per slot: while a slot is being replaced it has two workers, and the one
 * that serves (else the newest) speaks for it. Pure.
 */
export function rowPerSlot(s: SupervisorStatus): WorkerStatus[] {
  const bySlot = new Map<number, WorkerStatus>();
  const rank = (w: WorkerStatus) => (w.state === 'ready' ? 2 : w.state === 'draining' ? 0 : 1);
  for (const w of s.workers) {
    const cur = bySlot.get(w.slot);
    if (!cur || rank(w) > rank(cur) || (rank(w) === rank(cur) && (w.id ?? 0) > (cur.id ?? 0))) bySlot.set(w.slot, w);
  }
  return [...bySlot.values()].sort((a, b) => a.slot - b.slot);
}

export function countByState(s: SupervisorStatus): Record<string, number> {
  const counts: Record<string, number> = Object.fromEntries(ROW_STATES.map((st) => [st, 0]));
  for (const w of s.workers) counts[w.state] = (counts[w.state] ?? 0) + 1;
  return counts;
}

export interface Exposition {
  contentType: string;
  render(): Promise<string>;
}

type Field = (w: WorkerStatus) => number | null;

export function createExposition(getStatus: () => SupervisorStatus): Exposition {
  const registry = new Registry();
  // Filled just before each scrape, so every series comes from one consistent snapshot.
  let snapshot: SupervisorStatus = getStatus();

  const perSlot = (Kind: typeof Gauge | typeof Counter, name: string, help: string, field: Field) => {
    new Kind({
      name,
      help,
      labelNames: ['slot'],
      registers: [registry],
      collect(this: Gauge | Counter) {
        this.reset();
        for (const w of rowPerSlot(snapshot)) {
          const v = field(w);
          if (v === null) continue;
          if (this instanceof Counter) this.inc({ slot: String(w.slot) }, v);
          else this.set({ slot: String(w.slot) }, v);
        }
      },
    });
  };

  perSlot(Counter, 'clusterize_worker_cpu_seconds_total', 'CPU time (user + system) used by the worker in this slot', (w) => w.cpuSeconds);
  perSlot(Gauge, 'clusterize_worker_cpu_percent', 'CPU use over the last interval, percent of one core', (w) => w.cpuPercent);
  perSlot(Gauge, 'clusterize_worker_resident_memory_bytes', 'Resident set size of the worker', (w) => w.rssBytes);
  perSlot(Gauge, 'clusterize_worker_heap_used_bytes', 'V8 heap in use', (w) => w.heapUsedBytes);
  perSlot(Gauge, 'clusterize_worker_heap_total_bytes', 'V8 heap allocated', (w) => w.heapTotalBytes);
  perSlot(Gauge, 'clusterize_worker_external_memory_bytes', 'Memory of C++ objects bound to JavaScript (Buffers included)', (w) => w.externalBytes);
  perSlot(Gauge, 'clusterize_worker_event_loop_delay_seconds', 'Mean event-loop delay over the last report interval', (w) => ms(w.eventLoopDelayMs));
  perSlot(Gauge, 'clusterize_worker_event_loop_delay_p99_seconds', '99th percentile of event-loop delay over the last report interval', (w) => ms(w.eventLoopDelayP99Ms));
  perSlot(Gauge, 'clusterize_worker_uptime_seconds', 'Time since the worker in this slot was forked', (w) => (w.pid === null ? null : w.uptimeMs / 1000));
  perSlot(Gauge, 'clusterize_worker_connections', 'Open connections of the worker in this slot', (w) => w.connections);
  perSlot(Counter, 'clusterize_worker_requests_total', 'Requests served by the worker in this slot (http/https servers)', (w) => w.requests);

  // Every reason always has a series (0 until it happens), so rate() and alerts see it from the start.
  new Counter({
    name: 'clusterize_worker_restarts_total',
    help: 'Times this slot got a new worker, by reason: crash, memory, heartbeat, max-requests, max-age, reload',
    labelNames: ['slot', 'reason'],
    registers: [registry],
    collect() {
      this.reset();
      for (const w of rowPerSlot(snapshot)) {
        for (const reason of restartReasons) this.inc({ slot: String(w.slot), reason }, w.restartsBy[reason]);
      }
    },
  });

  new Gauge({
    name: 'clusterize_workers',
    help: 'Worker processes (and idle slots) by state',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [state, n] of Object.entries(countByState(snapshot))) this.set({ state }, n);
    },
  });

  new Gauge({
    name: 'clusterize_draining',
    help: '1 while the supervisor drains before a stop (/healthz answers 503, the workers still serve)',
    registers: [registry],
    collect() {
      this.set(snapshot.state === 'draining' ? 1 : 0);
    },
  });

  return {
    contentType: registry.contentType,
    render() {
      snapshot = getStatus();
      return registry.metrics();
    },
  };
}

const ms = (v: number | null) => (v === null ? null : v / 1000);
