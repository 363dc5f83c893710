// Forks one worker for a slot and announces its life: every change of a ManagedWorker
// becomes a typed supervisor event and a log record with its `event` name. The
// routine lines of a quiet (watch-mode) worker go to debug.
import cluster, { type Worker } from 'node:cluster';
import { AgentEnv } from '../ipc/protocol.js';
import { logEvent, type LogEvent } from '../log-events.js';
import type { Logger } from '../logger.js';
import { describeBudget } from '../options/cpu-quota.js';
import { plural } from '../text.js';
import type { ResolvedOptions } from '../options/resolve.js';
import type { SupervisorEvents, WorkerRef } from './events.js';
import { ManagedWorker, type OutputLine } from './managed-worker.js';
import { reportIntervalFor } from '../metrics/report-interval.js';
import { jittered } from './recycle-policy.js';
import { unspawnedWorker } from './unspawned.js';

export type Emit = <K extends keyof SupervisorEvents>(event: K, ...args: SupervisorEvents[K]) => void;

export interface SpawnContext {
  options: ResolvedOptions;
  log: Logger;
  emit: Emit;
  onOutput(w: ManagedWorker, line: OutputLine): void;
  onReady(w: ManagedWorker): void;
  /** Every new worker, before it runs (the balancer of least-conn / ip-hash attaches here). */
  onFork?(w: ManagedWorker): void;
  /** The configuration generation new workers run (it grows with each reload that changed it). */
  generation?(): number;
}

/** @param workers the number of slots wanted: many workers report less often (report-interval.ts). */
export function spawnWorker(slot: number, quiet: boolean, ctx: SpawnContext, workers: number): ManagedWorker {
  const o = ctx.options;
  const env = {
    ...o.env,
    [AgentEnv.SLOT]: String(slot),
    [AgentEnv.MARKER]: '1',
    [AgentEnv.KILL_TIMEOUT]: String(o.killTimeout),
    [AgentEnv.METRICS_INTERVAL]: String(reportIntervalFor(o.metricsInterval, workers)),
    [AgentEnv.BALANCE]: o.balance,
    [AgentEnv.MAX_REQUESTS]: String(jittered(o.maxRequests, o.maxRequestsJitter, Math.random)),
  };
  let forked: Worker;
  try {
    forked = cluster.fork(env);
  } catch (err) {
    forked = unspawnedWorker(err as Error);
  }
  const w = new ManagedWorker(forked, {
    slot,
    waitReady: o.waitReady,
    quiet,
    logger: ctx.log,
    maxLineLength: o.maxLineLength,
    cwd: o.cwd,
    generation: ctx.generation?.() ?? 1,
    onOutput: (worker, line) => ctx.onOutput(worker, line),
  });
  announce(w, ctx);
  ctx.onFork?.(w);
  return w;
}

/** The supervisor's first record: what it runs, how many, and the CPU budget behind that number. */
export function announceStart(log: Logger, o: ResolvedOptions, script: string, balance: string): void {
  logEvent(
    log,
    'info',
    'cluster.start',
    {
      script,
      instances: o.instances,
      balance,
      supervisorPid: process.pid,
      cpus: o.cpu.available,
      cpuQuota: o.cpu.quota,
      cpuSource: o.cpu.source,
    },
    `starting ${plural(o.instances, 'worker')}: ${describeBudget(o.cpu)}`,
  );
}

/** A worker's routine lifecycle record: debug for the workers of a quiet reload. */
export function noteWorker(log: Logger, w: ManagedWorker, event: LogEvent, fields: object, msg: string): void {
  logEvent(log, w.quiet ? 'debug' : 'info', event, fields, msg);
}

function announce(w: ManagedWorker, { log, emit, onReady }: SpawnContext): void {
  const ref: WorkerRef = { slot: w.slot, id: w.id, pid: w.pid };
  noteWorker(log, w, 'worker.fork', ref, `fork slot ${w.slot}`);
  emit('fork', ref);
  w.on('state', (from, to) => {
    emit('state', { ...ref, from, to });
    if (to !== 'ready') return;
    const bootMs = (w.readyAt ?? Date.now()) - w.forkedAt;
    noteWorker(log, w, 'worker.ready', { ...ref, bootMs }, `slot ${w.slot} ready in ${bootMs} ms`);
    emit('ready', { ...ref, bootMs });
    onReady(w);
  });
  w.on('online', () => {
    logEvent(log, 'debug', 'worker.online', ref, `slot ${w.slot} online`);
    emit('online', ref);
  });
  w.on('listening', (addr) => {
    const where = listeningAddress(addr);
    noteWorker(log, w, 'worker.listening', { ...ref, address: addr.address, port: addr.port }, `slot ${w.slot} listening on ${where}`);
    emit('listening', { ...ref, ...addr });
  });
  w.on('message', (message) => emit('message', { ...ref, message }));
  w.on('metrics', (metrics) => emit('metrics', { ...ref, metrics }));
  w.on('request-limit', (requests) => emit('request-limit', { ...ref, requests }));
}

export function listeningAddress(addr: { address: string | null; port: number | null }): string {
  return addr.port === null ? String(addr.address) : `${addr.address ?? '*'}:${addr.port}`;
}
