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
  /**
   * Stop accepting, finish requests in flight, close keep-alive connections politely, then
   * exit. reason (a RetireReason) is passed on to the app's retire listeners.
   */
  | { cmd: typeof CMD; v: 1; type: 'drain'; graceMs: number; reason: string }
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
  /** Open connections on the app's servers (what --balance least-conn counts in the primary). */
  connections: number;
  /** Requests served by the app's http/https servers since the worker started. */
  requests: number;
}

/** Worker -> primary. */
export type WorkerMessage =
  | { cmd: typeof CMD; v: 1; type: 'metrics'; metrics: WorkerMetrics }
  | { cmd: typeof CMD; v: 1; type: 'pong'; seq: number }
  /** The worker served its --max-requests (sent once, the moment it does). */
  | { cmd: typeof CMD; v: 1; type: 'request-limit'; requests: number }
  | BalanceWorkerMessage;

// --balance least-conn / ip-hash (src/balance, src/worker/listen-takeover.ts): the
// primary owns the listening sockets and hands each accepted one to a worker.

/** What a worker asks to listen on; `key` names the listen the way node:cluster does (address:port:family:index). */
export interface ListenRequest {
  key: string;
  address: string | null;
  port: number;
  addressType: number;
  backlog: number;
  ipv6Only: boolean;
}

/** Worker -> primary, balance modes. */
export type BalanceWorkerMessage =
  | ({ cmd: typeof CMD; v: 1; type: 'listen'; req: number } & ListenRequest)
  /** The app closed that server: hand it nothing more. */
  | { cmd: typeof CMD; v: 1; type: 'unlisten'; key: string }
  /** These connections are the worker's now: the primary drops its copies. Batched per event-loop turn. */
  | { cmd: typeof CMD; v: 1; type: 'conn-taken'; ids: number[] }
  /** The worker cannot take `id` (its server closed meanwhile): the primary hands it on. */
  | { cmd: typeof CMD; v: 1; type: 'conn-refused'; id: number }
  /** n connections the worker had taken have closed. Batched per event-loop turn. */
  | { cmd: typeof CMD; v: 1; type: 'conn-closed'; n: number };

export interface SockName {
  address: string;
  family: string;
  port: number;
}

/** Primary -> worker, balance modes. A 'conn' message carries the accepted socket's handle. */
export type BalancePrimaryMessage =
  | { cmd: typeof CMD; v: 1; type: 'listen-ok'; req: number; sockname: SockName }
  /** errno is libuv's (negative) code, what net turns into EADDRINUSE and friends. */
  | { cmd: typeof CMD; v: 1; type: 'listen-fail'; req: number; errno: number }
  /** head: with --sticky-header, the bytes the primary read first (base64), for the agent to put back. */
  | { cmd: typeof CMD; v: 1; type: 'conn'; id: number; key: string; head?: string };

/** Builders: the only places a message of ours is made. */
export const message = {
  drain: (graceMs: number, reason: string): PrimaryMessage => ({ cmd: CMD, v: 1, type: 'drain', graceMs, reason }),
  ping: (seq: number): PrimaryMessage => ({ cmd: CMD, v: 1, type: 'ping', seq }),
  pong: (seq: number): WorkerMessage => ({ cmd: CMD, v: 1, type: 'pong', seq }),
  metrics: (metrics: WorkerMetrics): WorkerMessage => ({ cmd: CMD, v: 1, type: 'metrics', metrics }),
  requestLimit: (requests: number): WorkerMessage => ({ cmd: CMD, v: 1, type: 'request-limit', requests }),
  listen: (req: number, l: ListenRequest): WorkerMessage => ({ cmd: CMD, v: 1, type: 'listen', req, ...l }),
  unlisten: (key: string): WorkerMessage => ({ cmd: CMD, v: 1, type: 'unlisten', key }),
  connTaken: (ids: number[]): WorkerMessage => ({ cmd: CMD, v: 1, type: 'conn-taken', ids }),
  connRefused: (id: number): WorkerMessage => ({ cmd: CMD, v: 1, type: 'conn-refused', id }),
  connClosed: (n: number): WorkerMessage => ({ cmd: CMD, v: 1, type: 'conn-closed', n }),
  listenOk: (req: number, sockname: SockName): BalancePrimaryMessage => ({ cmd: CMD, v: 1, type: 'listen-ok', req, sockname }),
  listenFail: (req: number, errno: number): BalancePrimaryMessage => ({ cmd: CMD, v: 1, type: 'listen-fail', req, errno }),
  conn: (id: number, key: string, head?: string): BalancePrimaryMessage => (head ? { cmd: CMD, v: 1, type: 'conn', id, key, head } : { cmd: CMD, v: 1, type: 'conn', id, key }),
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
  'connections',
  'requests',
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
      return message.metrics(clean);
    }
    case 'pong':
      return finite(m.seq) ? message.pong(m.seq) : null;
    case 'request-limit':
      return finite(m.requests) && m.requests >= 0 ? message.requestLimit(m.requests) : null;
    case 'listen': {
      const ok =
        finite(m.req) && typeof m.key === 'string' && (m.address === null || typeof m.address === 'string') &&
        finite(m.port) && finite(m.addressType) && finite(m.backlog) && typeof m.ipv6Only === 'boolean';
      if (!ok) return null;
      const l = m as unknown as ListenRequest & { req: number };
      return message.listen(l.req, { key: l.key, address: l.address, port: l.port, addressType: l.addressType, backlog: l.backlog, ipv6Only: l.ipv6Only });
    }
    case 'unlisten':
      return typeof m.key === 'string' ? message.unlisten(m.key) : null;
    case 'conn-taken':
      return Array.isArray(m.ids) && m.ids.every(finite) ? message.connTaken(m.ids as number[]) : null;
    case 'conn-refused':
      return finite(m.id) ? message.connRefused(m.id) : null;
    case 'conn-closed':
      return finite(m.n) && m.n >= 0 ? message.connClosed(m.n) : null;
    default:
      return null;
  }
}

/** The worker-side parser of the balance messages (the agent's listen takeover reads them). */
export function parseBalanceMessage(msg: unknown): BalancePrimaryMessage | null {
  if (!isTagged(msg) || msg.v !== PROTOCOL_VERSION) return null;
  const m = msg as Record<string, unknown>;
  switch (m.type) {
    case 'listen-ok': {
      const s = m.sockname as Record<string, unknown> | null;
      if (!finite(m.req) || typeof s !== 'object' || s === null) return null;
      if (typeof s.address !== 'string' || typeof s.family !== 'string' || !finite(s.port)) return null;
      return message.listenOk(m.req, { address: s.address, family: s.family, port: s.port });
    }
    case 'listen-fail':
      return finite(m.req) && finite(m.errno) ? message.listenFail(m.req, m.errno) : null;
    case 'conn':
      if (!finite(m.id) || typeof m.key !== 'string' || (m.head !== undefined && typeof m.head !== 'string')) return null;
      return message.conn(m.id, m.key, m.head as string | undefined);
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
      return finite(m.graceMs) && typeof m.reason === 'string' ? message.drain(m.graceMs, m.reason) : null;
    case 'ping':
      return finite(m.seq) ? message.ping(m.seq) : null;
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
  /** This worker's own --max-requests (jitter applied); absent or 0 when off. */
  MAX_REQUESTS: 'CLUSTERIZE_MAX_REQUESTS',
  WORKER_ID: 'CLUSTERIZE_WORKER_ID',
  /** Set to least-conn or ip-hash: the agent takes over listen() (src/worker/listen-takeover.ts). */
  BALANCE: 'CLUSTERIZE_BALANCE',
  SLOT: 'NODE_APP_INSTANCE',
} as const;
