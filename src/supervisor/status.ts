// The snapshot behind `clusterize status`, handle.status() and GET /status.
import type { WorkerMetrics } from '../ipc/protocol.js';
import type { BalanceMode } from '../options/schema.js';
import { restartReasons, type RestartReason } from './events.js';
import type { WorkerView } from './managed-worker.js';
import { idleSlotState, type SlotState, type SlotView } from './slot.js';
import type { WorkerState } from './worker-state.js';

export interface WorkerStatus {
  slot: number;
  id: number | null;
  pid: number | null;
  state: WorkerState | SlotState;
  restarts: number;
  /** The configuration generation the worker runs (see reload with --config); null for an empty slot. */
  generation: number | null;
  /** The slot's new workers by reason, reloads included (clusterize_worker_restarts_total). */
  restartsBy: Readonly<Record<RestartReason, number>>;
  uptimeMs: number;
  /** Requests served by this worker's http/https servers, as of its last report. */
  requests: number | null;
  /** CPU time over the last interval, as percent of one core (over 100 for several threads). */
  cpuPercent: number | null;
  /** CPU time used since the worker started. */
  cpuSeconds: number | null;
  rssBytes: number | null;
  heapUsedBytes: number | null;
  heapTotalBytes: number | null;
  externalBytes: number | null;
  arrayBuffersBytes: number | null;
  /** Mean event-loop delay over the last report interval. */
  eventLoopDelayMs: number | null;
  eventLoopDelayP99Ms: number | null;
  /** Open connections: counted by the primary under least-conn / ip-hash, reported by the worker otherwise. */
  connections: number | null;
}

export interface SupervisorStatus {
  name: string;
  pid: number;
  script: string;
  instances: number;
  state: 'starting' | 'running' | 'reloading' | 'draining' | 'stopping' | 'stopped';
  balance: Exclude<BalanceMode, 'auto'>;
  uptimeMs: number;
  listening: string[];
  workers: WorkerStatus[];
}

/**
 * The operating system's view of a worker, when the primary samples it (pidusage). It
 * keeps coming while the worker's event loop is stuck, and the worker cannot fake it.
 */
export interface OsSample {
  /** Null until there is something honest to say (see metrics/os-sample.ts). */
  cpuPercent: number | null;
  cpuSeconds: number;
  rssBytes: number;
}

/** What a status snapshot is made of, all read-only. */
export interface StatusSource {
  name: string;
  script: string;
  state: SupervisorStatus['state'];
  balance: SupervisorStatus['balance'];
  startedAt: number;
  listening: string[];
  instances: number;
  slots: readonly SlotView[];
  /** Every live worker, retiring ones included. */
  live: readonly WorkerView[];
  os(pid: number): OsSample | undefined;
  /** Open connections of a worker, when known. */
  connections?(w: WorkerView): number | null;
}

/** One row per live worker (a slot being replaced has two), an idle row per empty slot. */
export function buildStatus(src: StatusSource): SupervisorStatus {
  const rows: WorkerStatus[] = [];
  const listed = new Set<WorkerView>();
  for (const slot of src.slots) {
    const ws = [slot.worker, slot.incoming].filter((w): w is WorkerView => w !== null);
    for (const w of ws) listed.add(w);
    rows.push(...(ws.length ? ws.map((w) => workerStatus(w, slot, src.os(w.pid), src.connections?.(w))) : [idleSlotStatus(slot)]));
  }
  for (const w of src.live) {
    if (listed.has(w) || w.state === 'exited') continue;
    const slot = src.slots[w.slot];
    rows.push(workerStatus(w, slot, src.os(w.pid), src.connections?.(w)));
  }
  rows.sort((a, b) => a.slot - b.slot || (a.id ?? 0) - (b.id ?? 0));
  return {
    name: src.name,
    pid: process.pid,
    script: src.script,
    instances: src.instances,
    state: src.state,
    balance: src.balance,
    uptimeMs: Date.now() - src.startedAt,
    listening: src.listening,
    workers: rows,
  };
}

/** slot is undefined for a retiring worker whose slot was removed by scaling down. */
export function workerStatus(w: WorkerView, slot: SlotView | undefined, os: OsSample | undefined, connections?: number | null): WorkerStatus {
  const m: WorkerMetrics | null = w.metrics;
  return {
    slot: w.slot,
    id: w.id,
    pid: w.pid,
    state: w.state,
    restarts: slot?.restarts ?? 0,
    generation: w.generation,
    restartsBy: slot?.restartsBy ?? noRestarts,
    uptimeMs: w.uptimeMs,
    requests: m?.requests ?? null,
    cpuPercent: os?.cpuPercent ?? m?.cpuPercent ?? null,
    cpuSeconds: os?.cpuSeconds ?? (m ? m.cpuTotalMicros / 1e6 : null),
    rssBytes: os?.rssBytes ?? m?.rssBytes ?? null,
    heapUsedBytes: m?.heapUsedBytes ?? null,
    heapTotalBytes: m?.heapTotalBytes ?? null,
    externalBytes: m?.externalBytes ?? null,
    arrayBuffersBytes: m?.arrayBuffersBytes ?? null,
    eventLoopDelayMs: m?.eventLoopDelayMeanMs ?? null,
    eventLoopDelayP99Ms: m?.eventLoopDelayP99Ms ?? null,
    connections: connections ?? m?.connections ?? null,
  };
}

const noRestarts = Object.fromEntries(restartReasons.map((r) => [r, 0])) as Record<RestartReason, number>;

export function idleSlotStatus(slot: SlotView): WorkerStatus {
  return {
    slot: slot.index,
    id: null,
    pid: null,
    state: idleSlotState(slot),
    restarts: slot.restarts,
    generation: null,
    restartsBy: slot.restartsBy,
    uptimeMs: 0,
    requests: null,
    cpuPercent: null,
    cpuSeconds: null,
    rssBytes: null,
    heapUsedBytes: null,
    heapTotalBytes: null,
    externalBytes: null,
    arrayBuffersBytes: null,
    eventLoopDelayMs: null,
    eventLoopDelayP99Ms: null,
    connections: null,
  };
}
