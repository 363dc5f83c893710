// The snapshot behind `clusterize status`, handle.status() and GET /status.
import type { WorkerMetrics } from '../ipc/protocol.js';
import type { ManagedWorker } from './managed-worker.js';
import { idleSlotState, type Slot, type SlotState } from './slot.js';
import type { WorkerState } from './worker-state.js';

export interface WorkerStatus {
  slot: number;
  id: number | null;
  pid: number | null;
  state: WorkerState | SlotState;
  restarts: number;
  uptimeMs: number;
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
}

export interface SupervisorStatus {
  name: string;
  pid: number;
  script: string;
  instances: number;
  state: 'starting' | 'running' | 'reloading' | 'draining' | 'stopping' | 'stopped';
  balance: 'rr' | 'os';
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

export function workerStatus(w: ManagedWorker, slot: Slot, os: OsSample | undefined): WorkerStatus {
  const m: WorkerMetrics | null = w.metrics;
  return {
    slot: slot.index,
    id: w.id,
    pid: w.pid,
    state: w.state,
    restarts: slot.restarts,
    uptimeMs: w.uptimeMs,
    cpuPercent: os?.cpuPercent ?? m?.cpuPercent ?? null,
    cpuSeconds: os?.cpuSeconds ?? (m ? m.cpuTotalMicros / 1e6 : null),
    rssBytes: os?.rssBytes ?? m?.rssBytes ?? null,
    heapUsedBytes: m?.heapUsedBytes ?? null,
    heapTotalBytes: m?.heapTotalBytes ?? null,
    externalBytes: m?.externalBytes ?? null,
    arrayBuffersBytes: m?.arrayBuffersBytes ?? null,
    eventLoopDelayMs: m?.eventLoopDelayMeanMs ?? null,
    eventLoopDelayP99Ms: m?.eventLoopDelayP99Ms ?? null,
  };
}

export function idleSlotStatus(slot: Slot): WorkerStatus {
  return {
    slot: slot.index,
    id: null,
    pid: null,
    state: idleSlotState(slot),
    restarts: slot.restarts,
    uptimeMs: 0,
    cpuPercent: null,
    cpuSeconds: null,
    rssBytes: null,
    heapUsedBytes: null,
    heapTotalBytes: null,
    externalBytes: null,
    arrayBuffersBytes: null,
    eventLoopDelayMs: null,
    eventLoopDelayP99Ms: null,
  };
}
