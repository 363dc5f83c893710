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
  cpuPercent: number | null;
  rssBytes: number | null;
  heapUsedBytes: number | null;
  heapTotalBytes: number | null;
  eventLoopDelayMs: number | null;
  eventLoopDelayP99Ms: number | null;
}

export interface SupervisorStatus {
  name: string;
  pid: number;
  script: string;
  instances: number;
  state: 'starting' | 'running' | 'reloading' | 'stopping' | 'stopped';
  balance: 'rr' | 'os';
  uptimeMs: number;
  listening: string[];
  workers: WorkerStatus[];
}

/** The operating system's view of a worker, when the primary samples it (pidusage). */
export interface OsSample {
  cpuPercent: number;
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
    rssBytes: os?.rssBytes ?? m?.rssBytes ?? null,
    heapUsedBytes: m?.heapUsedBytes ?? null,
    heapTotalBytes: m?.heapTotalBytes ?? null,
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
    rssBytes: null,
    heapUsedBytes: null,
    heapTotalBytes: null,
    eventLoopDelayMs: null,
    eventLoopDelayP99Ms: null,
  };
}
