// The typed events of a Supervisor. Every worker event carries the slot, the cluster
// id and the pid, so a listener never has to look the worker up.
import type { WorkerMetrics } from '../ipc/protocol.js';
import type { WorkerState } from './worker-state.js';

export interface WorkerRef {
  slot: number;
  id: number;
  pid: number;
}

export interface ExitEvent extends WorkerRef {
  code: number | null;
  signal: string | null;
  uptimeMs: number;
  /** True when the supervisor asked the worker to leave (stop, scale, reload). */
  expected: boolean;
  /** For an unexpected exit: the line naming the error the worker printed last. */
  lastError?: string;
}

export type RetireReason = 'stop' | 'scale' | 'reload' | 'memory' | 'heartbeat' | 'max-requests' | 'max-age';

/** Why a slot got a new worker, as counted by clusterize_worker_restarts_total{reason}. */
export type RestartReason = 'crash' | 'memory' | 'heartbeat' | 'max-requests' | 'max-age' | 'reload';
export const restartReasons: readonly RestartReason[] = ['crash', 'memory', 'heartbeat', 'max-requests', 'max-age', 'reload'];

export interface ReloadResult {
  slots: number;
  /** Until every slot served the new code. */
  durationMs: number;
  /** Until the old workers were gone; null when the caller did not wait for them. */
  drainedMs: number | null;
  /** What the reload's new configuration changed (#16); absent when nothing did. */
  config?: ConfigOutcome;
}

export interface ConfigOutcome {
  generation: number;
  /** Options the new workers run with. */
  changed: string[];
  /** Options that differ but keep their old value until a restart. */
  needsRestart: string[];
}

export interface SupervisorEvents {
  fork: [WorkerRef];
  online: [WorkerRef];
  listening: [WorkerRef & { address: string | null; port: number | null }];
  ready: [WorkerRef & { bootMs: number }];
  state: [WorkerRef & { from: WorkerState; to: WorkerState }];
  retire: [WorkerRef & { reason: RetireReason }];
  /** The heartbeat policy found a serving worker's event loop stuck; it is SIGKILLed next. */
  'heartbeat-miss': [WorkerRef & { silentMs: number; timeoutMs: number }];
  exit: [ExitEvent];
  restart: [{ slot: number; delayMs: number; crashes: number; restarts: number }];
  'give-up': [{ slot: number; crashes: number; lastError?: string }];
  scale: [{ from: number; to: number }];
  /** A worker sent something with process.send() that is not clusterize's. */
  message: [WorkerRef & { message: unknown }];
  metrics: [WorkerRef & { metrics: WorkerMetrics }];
  /** A worker served its --max-requests: the recycler replaces it. */
  'request-limit': [WorkerRef & { requests: number }];
  /** One line a worker printed (it is also written to this process's stdout/stderr). */
  output: [WorkerRef & { stream: 'stdout' | 'stderr'; text: string }];
  'reload-start': [{ slots: number; trigger: string }];
  'reload-slot': [{ slot: number; durationMs: number; oldPid: number | null; newPid: number }];
  reload: [ReloadResult];
  'reload-failed': [{ slot: number; reason: string }];
  /** Every slot has a ready worker (first reached after start, again after recoveries). */
  'all-ready': [{ workers: number; durationMs: number }];
  /** A stop was asked for with a drain delay: /healthz answers 503 while the workers still serve. */
  draining: [{ reason: string; delayMs: number }];
  stopping: [{ reason: string }];
  stop: [{ code: number }];
}
