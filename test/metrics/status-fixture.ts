// Status snapshots for the pure metrics tests.
import { restartReasons, type RestartReason } from '../../src/supervisor/events.js';
import type { SupervisorStatus, WorkerStatus } from '../../src/supervisor/status.js';

/** Restarts by reason: the given counts, 0 for the rest. */
export function restartsBy(counts: Partial<Record<RestartReason, number>> = {}): Record<RestartReason, number> {
  return Object.fromEntries(restartReasons.map((r) => [r, counts[r] ?? 0])) as Record<RestartReason, number>;
}

export function row(over: Partial<WorkerStatus> & { slot: number }): WorkerStatus {
  return {
    id: over.slot + 1,
    pid: 1000 + over.slot,
    state: 'ready',
    restarts: 0,
    generation: 1,
    restartsBy: restartsBy({ crash: over.restarts ?? 0 }),
    uptimeMs: 60_000,
    requests: 42,
    cpuPercent: 1.5,
    cpuSeconds: 2.25,
    rssBytes: 50 * 1024 * 1024,
    heapUsedBytes: 5 * 1024 * 1024,
    heapTotalBytes: 8 * 1024 * 1024,
    externalBytes: 1024 * 1024,
    arrayBuffersBytes: 1024,
    eventLoopDelayMs: 0.25,
    eventLoopDelayP99Ms: 1.5,
    connections: 3,
    ...over,
  };
}

export function status(workers: WorkerStatus[], over: Partial<SupervisorStatus> = {}): SupervisorStatus {
  return {
    name: 'web',
    pid: 999,
    script: '/srv/app.js',
    instances: new Set(workers.map((w) => w.slot)).size,
    state: 'running',
    balance: 'os',
    uptimeMs: 3_600_000,
    listening: ['*:3000'],
    workers,
    ...over,
  };
}
