// One worker process as the supervisor sees it: its state (changed only in move()),
// its output, its last metrics, and a cancellable timer from drain to SIGKILL.
import { EventEmitter } from 'node:events';
import cluster, { type Worker } from 'node:cluster';
import { guardChannel } from '../ipc/channel-guard.js';
import { dispatch, isTagged, message, parseWorkerMessage, type BalanceWorkerMessage, type Dispatch, type PrimaryMessage, type WorkerMessage, type WorkerMetrics } from '../ipc/protocol.js';
import { logEvent } from '../log-events.js';
import { signalDescendants } from '../os/process-tree.js';
import type { Logger } from '../logger.js';
import { pickLastError } from './last-error.js';
import { describeSpawnError } from './spawn-error.js';
import { forEachLine } from '../output/line-framer.js';
import type { OutputLine } from '../output/worker-output.js';
import { canMove, type WorkerState } from './worker-state.js';

export interface WorkerExit {
  code: number | null;
  signal: string | null;
  uptimeMs: number;
  lastError?: string;
}

export type { OutputLine };

interface ManagedWorkerEvents {
  state: [from: WorkerState, to: WorkerState];
  online: [];
  listening: [address: { address: string | null; port: number | null }];
  message: [message: unknown];
  metrics: [metrics: WorkerMetrics];
  pong: [seq: number];
  /** --balance least-conn / ip-hash traffic, for src/balance/balancer.ts. */
  balance: [msg: BalanceWorkerMessage];
  /** It served its --max-requests. */
  'request-limit': [requests: number];
  exit: [exit: WorkerExit];
}

export interface ManagedWorkerOptions {
  slot: number;
  waitReady: boolean;
  /** Its routine lifecycle lines go to debug (a watch-mode reload prints its own line). */
  quiet: boolean;
  logger: Logger;
  maxLineLength: number;
  /** The workers' working directory, to name it when a fork fails. */
  cwd: string;
  /** The configuration generation it was forked with. */
  generation?: number;
  onOutput: (worker: ManagedWorker, line: OutputLine) => void;
}

const STDERR_TAIL = 40;
/** A grandchild process can hold a worker's pipes open after it died: don't wait forever. */
const OUTPUT_FLUSH_LIMIT_MS = 1000;

/**
 * What the rest of clusterize may read about a worker (status, metrics policies, the
 * API's workers()). Read-only: only the supervisor's own parts change a worker.
 */
export interface WorkerView {
  readonly slot: number;
  /** node:cluster's worker id. */
  readonly id: number;
  readonly pid: number;
  /** The configuration generation it runs: 1 at start, more after reloads that changed the config. */
  readonly generation: number;
  readonly state: WorkerState;
  readonly forkedAt: number;
  readonly readyAt: number | null;
  /** When it last spoke on its own (a metrics report or a heartbeat answer). */
  readonly heardAt: number | null;
  readonly metrics: WorkerMetrics | null;
  readonly uptimeMs: number;
  readonly exitInfo: WorkerExit | null;
}

export class ManagedWorker extends EventEmitter<ManagedWorkerEvents> implements WorkerView {
  readonly slot: number;
  readonly id: number;
  readonly pid: number;
  readonly generation: number;
  readonly forkedAt = Date.now();
  readonly exited: Promise<WorkerExit>;
  private _state: WorkerState = 'starting';
  private _readyAt: number | null = null;
  private _heardAt: number | null = null;
  private _metrics: WorkerMetrics | null = null;
  private _exitInfo: WorkerExit | null = null;
  private _quiet: boolean;
  private readonly stderrTail: string[] = [];
  private killTimer: NodeJS.Timeout | null = null;

  constructor(
    readonly worker: Worker,
    private readonly o: ManagedWorkerOptions,
  ) {
    super();
    this.slot = o.slot;
    this.id = worker.id;
    this.pid = worker.process.pid ?? -1;
    this.generation = o.generation ?? 1;
    this._quiet = o.quiet;
    const log = o.logger;

    const outputDone = Promise.all(
      (['stdout', 'stderr'] as const).map((stream) => {
        const s = worker.process[stream];
        if (!s) return Promise.resolve();
        return forEachLine(s, (text, cut) => {
          if (stream === 'stderr') {
            this.stderrTail.push(text);
            if (this.stderrTail.length > STDERR_TAIL) this.stderrTail.shift();
          }
          o.onOutput(this, { stream, text, cut });
        }, o.maxLineLength);
      }),
    );

    worker.on('online', () => {
      if (this._state === 'starting') this.move('online');
      this.emit('online');
    });
    worker.on('listening', (addr) => {
      this.emit('listening', { address: addr.address ?? null, port: addr.port ?? null });
      if (!o.waitReady) this.becomeReady();
    });
    worker.on('message', (message: unknown) => {
      if (o.waitReady && message === 'ready') this.becomeReady();
      this.emit('message', message);
    });
    const handlers: Dispatch<WorkerMessage> = {
      metrics: (msg) => {
        this._metrics = msg.metrics;
        this.emit('metrics', msg.metrics);
      },
      pong: (msg) => {
        logEvent(log, 'trace', 'heartbeat.pong', { slot: this.slot, pid: this.pid, seq: msg.seq }, 'heartbeat pong');
        this.emit('pong', msg.seq);
      },
      listen: (msg) => this.emit('balance', msg),
      unlisten: (msg) => this.emit('balance', msg),
      'conn-taken': (msg) => this.emit('balance', msg),
      'conn-refused': (msg) => this.emit('balance', msg),
      'conn-closed': (msg) => this.emit('balance', msg),
      'request-limit': (msg) => this.emit('request-limit', msg.requests),
    };
    worker.process.on('internalMessage', (raw: unknown) => {
      if (!isTagged(raw)) return;
      if (!dispatch(parseWorkerMessage, handlers, raw)) {
        logEvent(log, 'debug', 'ipc.malformed', { slot: this.slot, pid: this.pid }, 'dropped a malformed clusterize message');
        return;
      }
      this._heardAt = Date.now();
    });
    guardChannel(worker.process, (reason) => {
      logEvent(log, 'error', 'ipc.refused', { slot: this.slot, pid: this.pid, reason }, `slot ${this.slot} worker ${this.pid}: ${reason}; replacing it`);
      this.kill('SIGKILL');
    });
    // An IPC write to a dying worker fails with EPIPE; that is not the primary's problem.
    worker.on('error', (err) => logEvent(log, 'debug', 'ipc.error', { slot: this.slot, pid: this.pid, err }, 'worker channel error'));

    this.exited = new Promise((resolve) => {
      const finish = (exit: WorkerExit) => {
        this._exitInfo = exit;
        this.move('exited');
        this.emit('exit', exit);
        resolve(exit);
      };
      worker.once('exit', (code, signal) => {
        this.clearKillTimer();
        const flushed = new Promise<void>((r) => setTimeout(r, OUTPUT_FLUSH_LIMIT_MS).unref());
        void Promise.race([outputDone, flushed]).then(() => {
          const exit: WorkerExit = { code, signal, uptimeMs: Date.now() - this.forkedAt };
          const lastError = pickLastError(this.stderrTail);
          if (lastError !== undefined) exit.lastError = lastError;
          finish(exit);
        });
      });
      // A process that never started (cwd gone, EMFILE, EAGAIN) emits 'error', never
      // 'exit': it ends here, as a crash at once, with the cause as its last error.
      worker.process.once('error', (err: NodeJS.ErrnoException) => {
        if (worker.process.pid !== undefined || this._exitInfo) return;
        this.clearKillTimer();
        const f = describeSpawnError(err, o.cwd);
        logEvent(log, 'error', 'worker.spawn-error', { slot: this.slot, code: f.code, syscall: f.syscall, path: f.path, cwd: o.cwd, cause: f.cause }, `slot ${this.slot}: could not start a worker: ${f.cause}`);
        // node:cluster forgets a worker on its exit, which this one will never have.
        if (cluster.workers?.[worker.id] === worker) delete cluster.workers[worker.id];
        finish({ code: null, signal: null, uptimeMs: 0, lastError: `could not start a worker: ${f.cause}` });
      });
    });
  }

  get state(): WorkerState {
    return this._state;
  }

  get readyAt(): number | null {
    return this._readyAt;
  }

  get heardAt(): number | null {
    return this._heardAt;
  }

  get metrics(): WorkerMetrics | null {
    return this._metrics;
  }

  get exitInfo(): WorkerExit | null {
    return this._exitInfo;
  }

  get quiet(): boolean {
    return this._quiet;
  }

  get uptimeMs(): number {
    return this._exitInfo?.uptimeMs ?? Date.now() - this.forkedAt;
  }

  /** From now on its routine lines go to debug: it is being replaced by a quiet (watch) reload. */
  hush(): void {
    this._quiet = true;
  }

  /**
   * Ask the worker to stop taking connections, finish what it has and leave; SIGKILL
   * it when graceMs runs out. Harmless to call again.
   */
  retire(graceMs: number, reason: string): Promise<WorkerExit> {
    if (this.state === 'exited' || this.state === 'draining') return this.exited;
    this.move('draining');
    if (!this.send(message.drain(graceMs, reason))) this.kill('SIGTERM');
    this.killTimer = setTimeout(() => {
      logEvent(this.o.logger, 'warn', 'worker.kill', { slot: this.slot, pid: this.pid, graceMs }, 'worker still running after kill-timeout, sending SIGKILL');
      this.kill('SIGKILL');
    }, graceMs);
    return this.exited;
  }

  /** Resolves true when it is ready, false when it exits, drains or times out first. */
  readyWithin(timeoutMs: number): Promise<boolean> {
    if (this._state === 'ready') return Promise.resolve(true);
    if (this._state === 'exited' || this._state === 'draining') return Promise.resolve(false);
    return new Promise((resolve) => {
      const done = (ok: boolean) => {
        clearTimeout(timer);
        this.off('state', onState);
        resolve(ok);
      };
      const onState = (_from: WorkerState, to: WorkerState) => {
        if (to === 'ready') done(true);
        else if (to === 'exited' || to === 'draining') done(false);
      };
      const timer = setTimeout(() => done(false), timeoutMs);
      this.on('state', onState);
    });
  }

  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    if (this.state === 'exited') return;
    // Its children first: once the worker is gone they belong to init and cannot be found.
    if (signal === 'SIGKILL' && this.pid > 0) signalDescendants(this.pid, signal);
    try {
      this.worker.process.kill(signal);
    } catch {
      // Already gone: 'exit' is on its way.
    }
  }

  send(msg: PrimaryMessage): boolean {
    if (!this.worker.isConnected()) return false;
    this.worker.process.send(msg, undefined, {}, (err) => {
      if (err) logEvent(this.o.logger, 'debug', 'ipc.error', { slot: this.slot, pid: this.pid, err }, 'could not message worker');
    });
    return true;
  }

  private becomeReady(): void {
    if (this._state !== 'starting' && this._state !== 'online') return;
    this._readyAt = Date.now();
    this.move('ready');
  }

  private clearKillTimer(): void {
    if (this.killTimer) clearTimeout(this.killTimer);
    this.killTimer = null;
  }

  private move(to: WorkerState): void {
    const from = this._state;
    if (from === to) return;
    if (!canMove(from, to)) {
      logEvent(this.o.logger, 'error', 'internal.error', { slot: this.slot, pid: this.pid, from, to }, 'bug: impossible worker state change ignored');
      return;
    }
    this._state = to;
    this.emit('state', from, to);
  }
}
