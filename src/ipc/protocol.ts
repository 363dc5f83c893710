// Messages between the primary and the agent in each worker. They ride the same IPC
// channel as the app's own process.send() traffic, tagged `cmd: 'NODE_CLUSTERIZE'`.
// Node delivers messages whose cmd starts with NODE_ as 'internalMessage' instead of
// 'message' (that is how node:cluster keeps its own traffic private), so the app's
// listeners on either side never see ours and ours never see the app's.

import os from 'node:os';

export const CMD = 'NODE_CLUSTERIZE';
export const PROTOCOL_VERSION = 1;

/** Primary -> worker. */
export type PrimaryMessage =
  /** Stop accepting, finish requests in flight, close keep-alive connections politely, then exit. */
  | { cmd: typeof CMD; v: 1; type: 'drain'; graceMs: number }
  /** Heartbeat: the agent answers from its event loop, so a stuck loop does not. */
  | { cmd: typeof CMD; v: 1; type: 'ping'; seq: number };

export interface WorkerMetrics {
  /** CPU time used since the previous report, as percent of one core. */
  cpuPercent: number;
  /** Total CPU time (user + system) since the worker started, in microseconds. */
  cpuTotalMicros: number;
  rssBytes: number;
  heapUsedBytes: number;
  heapTotalBytes: number;
  externalBytes: number;
  arrayBuffersBytes: number;
  eventLoopDelayMeanMs: number;
  eventLoopDelayP99Ms: number;
  uptimeMs: number;
}

/** Worker -> primary. */
export type WorkerMessage =
  | { cmd: typeof CMD; v: 1; type: 'metrics'; metrics: WorkerMetrics }
  | { cmd: typeof CMD; v: 1; type: 'pong'; seq: number };

/** Builders: the only places a message of ours is made. */
export const message = {
  drain: (graceMs: number): PrimaryMessage => ({ cmd: CMD, v: 1, type: 'drain', graceMs }),
  ping: (seq: number): PrimaryMessage => ({ cmd: CMD, v: 1, type: 'ping', seq }),
  pong: (seq: number): WorkerMessage => ({ cmd: CMD, v: 1, type: 'pong', seq }),
  metrics: (metrics: WorkerMetrics): WorkerMessage => ({ cmd: CMD, v: 1, type: 'metrics', metrics }),
} as const;

/** A handler per message type: a Record, so a new type without a handler does not compile. */
export type Dispatch<M extends { type: string }> = { [T in M['type']]: (msg: Extract<M, { type: T }>) => void };

/** Routes a raw internal message of ours to its handler; false when it was not ours or did not parse. */
export function dispatch<M extends { type: string }>(parse: (raw: unknown) => M | null, table: Dispatch<M>, raw: unknown): boolean {
  const msg = parse(raw);
  if (msg === null) return false;
  (table[msg.type as M['type']] as (m: M) => void)(msg);
  return true;
}

export function isTagged(msg: unknown): msg is { cmd: typeof CMD; v: unknown; type: unknown } {
  return typeof msg === 'object' && msg !== null && (msg as { cmd?: unknown }).cmd === CMD;
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** All cores busy: the most CPU a process can use, in percent of one core. */
export const maxCpuPercent = (cpus: number) => 100 * cpus;

const metricKeys: readonly (keyof WorkerMetrics)[] = [
  'cpuPercent',
  'cpuTotalMicros',
  'rssBytes',
  'heapUsedBytes',
  'heapTotalBytes',
  'externalBytes',
  'arrayBuffersBytes',
  'eventLoopDelayMeanMs',
  'eventLoopDelayP99Ms',
  'uptimeMs',
];

/**
 * Checks a tagged message from a worker. Returns null for anything malformed: nothing a
 * worker sends may crash the primary.
 */
export function parseWorkerMessage(msg: unknown, cpus = os.availableParallelism()): WorkerMessage | null {
  if (!isTagged(msg) || msg.v !== PROTOCOL_VERSION) return null;
  const m = msg as Record<string, unknown>;
  switch (m.type) {
    case 'metrics': {
      const metrics = m.metrics as Record<string, unknown> | null;
      if (typeof metrics !== 'object' || metrics === null) return null;
      // Every reading is a size, a duration or a share of time: negative is garbage, and
      // so is more CPU than the machine has (a forged 4242% on two cores).
      if (!metricKeys.every((k) => finite(metrics[k]) && metrics[k] >= 0 && metrics[k] <= Number.MAX_SAFE_INTEGER)) return null;
      if ((metrics.cpuPercent as number) > maxCpuPercent(cpus)) return null;
      const clean = Object.fromEntries(metricKeys.map((k) => [k, metrics[k]])) as unknown as WorkerMetrics;
      return { cmd: CMD, v: 1, type: 'metrics', metrics: clean };
    }
    case 'pong':
      return finite(m.seq) ? { cmd: CMD, v: 1, type: 'pong', seq: m.seq } : null;
    default:
      return null;
  }
}

/** The worker-side twin of parseWorkerMessage. */
export function parsePrimaryMessage(msg: unknown): PrimaryMessage | null {
  if (!isTagged(msg) || msg.v !== PROTOCOL_VERSION) return null;
  const m = msg as Record<string, unknown>;
  switch (m.type) {
    case 'drain':
      return finite(m.graceMs) ? { cmd: CMD, v: 1, type: 'drain', graceMs: m.graceMs } : null;
    case 'ping':
      return finite(m.seq) ? { cmd: CMD, v: 1, type: 'ping', seq: m.seq } : null;
    default:
      return null;
  }
}

/** Environment variables the primary sets for the agent in each worker. */
export const AgentEnv = {
  /** Set only for workers the supervisor forks: the agent does nothing elsewhere. */
  MARKER: 'CLUSTERIZE_AGENT',
  METRICS_INTERVAL: 'CLUSTERIZE_METRICS_INTERVAL',
  KILL_TIMEOUT: 'CLUSTERIZE_KILL_TIMEOUT',
  WORKER_ID: 'CLUSTERIZE_WORKER_ID',
  SLOT: 'NODE_APP_INSTANCE',
} as const;
