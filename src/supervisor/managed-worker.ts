// One worker process as the supervisor sees it: its state (changed only in move()),
// its output, its last metrics, and a cancellable timer from drain to SIGKILL.
import { EventEmitter } from 'node:events';
import type { Worker } from 'node:cluster';
import { guardChannel } from '../ipc/channel-guard.js';
import { signalDescendants } from '../os/process-tree.js';
import { CMD, parseWorkerMessage, type PrimaryMessage, type WorkerMetrics } from '../ipc/protocol.js';
import type { Logger } from '../logger.js';
import { pickLastError } from './last-error.js';
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
  exit: [exit: WorkerExit];
}

export interface ManagedWorkerOptions {
  slot: number;
  waitReady: boolean;
  logger: Logger;
  maxLineLength: number;
  onOutput: (worker: ManagedWorker, line: OutputLine) => void;
}

const STDERR_TAIL = 40;
/** A grandchild process can hold a worker's pipes open after it died: don't wait forever. */
const OUTPUT_FLUSH_LIMIT_MS = 1000;

export class ManagedWorker extends EventEmitter<ManagedWorkerEvents> {
  readonly slot: number;
  readonly id: number;
  readonly pid: number;
  readonly forkedAt = Date.now();
  state: WorkerState = 'starting';
  readyAt: number | null = null;
  metrics: WorkerMetrics | null = null;
  /** Its routine lifecycle lines go to debug (a watch-mode reload prints its own line). */
  quiet = false;
  exitInfo: WorkerExit | null = null;
  readonly exited: Promise<WorkerExit>;
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
      if (this.state === 'starting') this.move('online');
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
    worker.process.on('internalMessage', (raw: unknown) => {
      if ((raw as { cmd?: unknown } | null)?.cmd !== CMD) return;
      const msg = parseWorkerMessage(raw);
      if (msg === null) {
        log.debug({ slot: this.slot, pid: this.pid }, 'dropped a malformed clusterize message');
        return;
      }
      switch (msg.type) {
        case 'metrics':
          this.metrics = msg.metrics;
          this.emit('metrics', msg.metrics);
          break;
        case 'pong':
          this.emit('pong', msg.seq);
          break;
      }
    });
    guardChannel(worker.process, (reason) => {
      log.error({ event: 'ipc.malformed', slot: this.slot, pid: this.pid, reason }, `slot ${this.slot} worker ${this.pid}: ${reason}; replacing it`);
      this.kill('SIGKILL');
    });
    // An IPC write to a dying worker fails with EPIPE; that is not the primary's problem.
    worker.on('error', (err) => log.debug({ slot: this.slot, pid: this.pid, err }, 'worker channel error'));

    this.exited = new Promise((resolve) => {
      worker.once('exit', (code, signal) => {
        this.clearKillTimer();
        const flushed = new Promise<void>((r) => setTimeout(r, OUTPUT_FLUSH_LIMIT_MS).unref());
        void Promise.race([outputDone, flushed]).then(() => {
          const exit: WorkerExit = { code, signal, uptimeMs: Date.now() - this.forkedAt };
          const lastError = pickLastError(this.stderrTail);
          if (lastError !== undefined) exit.lastError = lastError;
          this.exitInfo = exit;
          this.move('exited');
          this.emit('exit', exit);
          resolve(exit);
        });
      });
    });
  }

  get uptimeMs(): number {
    return this.exitInfo?.uptimeMs ?? Date.now() - this.forkedAt;
  }

  /**
   * Ask the worker to stop taking connections, finish what it has and leave; SIGKILL
   * it when graceMs runs out. Harmless to call again.
   */
  retire(graceMs: number): Promise<WorkerExit> {
    if (this.state === 'exited' || this.state === 'draining') return this.exited;
    this.move('draining');
    if (!this.send({ cmd: CMD, v: 1, type: 'drain', graceMs })) this.kill('SIGTERM');
    this.killTimer = setTimeout(() => {
      this.o.logger.warn({ slot: this.slot, pid: this.pid, graceMs }, 'worker still running after kill-timeout, sending SIGKILL');
      this.kill('SIGKILL');
    }, graceMs);
    return this.exited;
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
      if (err) this.o.logger.debug({ slot: this.slot, pid: this.pid, err }, 'could not message worker');
    });
    return true;
  }

  private becomeReady(): void {
    if (this.state !== 'starting' && this.state !== 'online') return;
    this.readyAt = Date.now();
    this.move('ready');
  }

  private clearKillTimer(): void {
    if (this.killTimer) clearTimeout(this.killTimer);
    this.killTimer = null;
  }

  private move(to: WorkerState): void {
    const from = this.state;
    if (from === to) return;
    if (!canMove(from, to)) {
      this.o.logger.error({ slot: this.slot, pid: this.pid, from, to }, 'bug: impossible worker state change ignored');
      return;
    }
    this.state = to;
    this.emit('state', from, to);
  }
}
