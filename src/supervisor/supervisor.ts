// The primary's side of clusterize, as a thin facade: it keeps the supervisor's phase
// and its promises, and hands the work to the parts: the workforce (slots, reconcile,
// crash restarts), the reloader (rolling reloads), spawn.ts (forking and announcing)
// and status.ts (snapshots). Metrics, watch and the control socket talk to it through
// the small interfaces they declare.
import { EventEmitter } from 'node:events';
import { GaveUpError, StoppedError } from '../errors.js';
import { message } from '../ipc/protocol.js';
import { logEvent } from '../log-events.js';
import type { Logger } from '../logger.js';
import type { ResolvedOptions } from '../options/resolve.js';
import { stdio } from '../output/stdio.js';
import { WorkerOutput } from '../output/worker-output.js';
import { Closers } from './closers.js';
import { Balancer, isHandoffMode } from '../balance/balancer.js';
import { ConfigReload } from './config-reload.js';
import { effectiveBalance, schedulingPolicyFor, setupCluster } from './cluster-setup.js';
import { deferred } from './deferred.js';
import type { ReloadResult, RestartReason, RetireReason, SupervisorEvents } from './events.js';
import type { ManagedWorker, OutputLine, WorkerView } from './managed-worker.js';
import { Shutdown } from './shutdown.js';
import { Reloader, type ReloadOptions, type SlotReplaced } from './reload.js';
import { announceStart, listeningAddress, type Emit } from './spawn.js';
import { buildStatus, type OsSample, type SupervisorStatus } from './status.js';
import { Workforce } from './workforce.js';

type Phase = 'idle' | 'starting' | 'running' | 'draining' | 'stopping' | 'stopped';

export class Supervisor extends EventEmitter<SupervisorEvents> {
  readonly options: ResolvedOptions;
  /** Settles when the supervisor has stopped: rejects with GaveUpError if every slot gave up. */
  readonly finished: Promise<void>;
  /** Resolves when every slot first has a ready worker; rejects if it stops or fails before. */
  readonly ready: Promise<void>;
  private readonly log: Logger;
  private readonly workforce: Workforce;
  private readonly reloader: Reloader;
  private readonly config: ConfigReload;
  private readonly label: string;
  private readonly startedAt = Date.now();
  private readonly addresses = new Set<string>();
  private readonly osView = new Map<number, OsSample>();
  private readonly closers = new Closers();
  private readonly shutdown: Shutdown;
  private phase: Phase = 'idle';
  private socketPath: string | null = null;
  private killed = false;
  private readonly allReady = deferred();
  private readonly settled = deferred();
  private stopping: Promise<void> | undefined;
  private failure: Error | null = null;
  private ops: Promise<unknown> = Promise.resolve();
  private readonly output: WorkerOutput;
  /** --balance least-conn / ip-hash: the primary listens and hands out connections. */
  private readonly balancer: Balancer | null;

  constructor(options: ResolvedOptions) {
    super();
    this.options = options;
    this.log = options.logger;
    this.label = options.script ?? options.name;
    this.ready = this.allReady.promise;
    this.finished = this.settled.promise;
    this.config = new ConfigReload(options, this.log);
    this.output = new WorkerOutput(stdio(), {
      prefix: options.prefixOutput ? (slot) => `${options.name}:${slot} | ` : null,
      maxLineLength: options.maxLineLength,
      log: this.log,
    });
    const emit: Emit = (event, ...args) => void (this.emit as (e: string, ...a: unknown[]) => boolean)(event, ...args);
    const balance = effectiveBalance(options.balance);
    this.balancer = isHandoffMode(balance) ? new Balancer(balance, this.log, options.listenTimeout, options.stickyHeader) : null;
    if (this.balancer) this.closers.add(() => this.balancer?.close());
    this.workforce = new Workforce({
      options,
      log: this.log,
      emit,
      running: () => this.running,
      onOutput: (w, line) => this.writeOutput(w, line),
      onReady: () => this.onWorkerReady(),
      onFork: (w) => this.balancer?.attach(w),
      onAllGaveUp: (lastError) => this.onAllGaveUp(lastError),
      generation: () => this.config.generation,
    });
    this.reloader = new Reloader({
      slotIndexes: () => this.workforce.slotViews().map((s) => s.index),
      replace: async (i, quiet) => {
        const done = await this.workforce.replace(i, 'reload', quiet);
        this.workforce.countRestart(i, 'reload');
        return done;
      },
      serialize: (fn) => this.serialize(fn),
      isRunning: () => this.running,
      prepare: () => this.config.apply(this.workforce),
      log: this.log,
      emit,
    }, options.reloadParallel);
    this.shutdown = new Shutdown({
      log: this.log,
      emit,
      closers: this.closers,
      canDrain: () => this.running && !this.failure,
      enter: (phase) => {
        this.phase = phase;
        if (phase === 'stopping') this.allReady.reject(new StoppedError('start'));
      },
      retireWorkers: () => this.workforce.retireAll('stop'),
      code: () => (this.failure ? 1 : 0),
    });
    this.on('listening', (addr) => this.addresses.add(listeningAddress(addr)));
    this.on('exit', ({ pid }) => this.osView.delete(pid));
  }

  /** Forks every slot; resolves when each has a ready worker. */
  start(): Promise<void> {
    if (this.phase !== 'idle') return this.ready;
    this.phase = 'starting';
    setupCluster(this.options);
    announceStart(this.log, this.options, this.label, this.balance);
    this.workforce.resize(this.options.instances);
    return this.ready;
  }

  /** Ends the supervisor with an error (a failed start-up step); finished rejects with it. */
  abort(err: Error): Promise<void> {
    this.failure ??= err;
    this.allReady.reject(err);
    return this.stop('failed');
  }

  get balance(): SupervisorStatus['balance'] {
    return effectiveBalance(this.options.balance);
  }

  get instances(): number {
    return this.workforce.size;
  }

  /** While draining the workers still serve, and crashed ones are still replaced. */
  get running(): boolean {
    return this.phase === 'starting' || this.phase === 'running' || this.phase === 'draining';
  }

  /** Where the control socket listens, once it does. */
  get controlSocket(): string | null {
    return this.socketPath;
  }

  /** True when a second signal (kill()) forced the stop. */
  get forced(): boolean {
    return this.killed;
  }

  /** Called by the control server once it listens. */
  setControlSocket(path: string): void {
    this.socketPath = path;
  }

  /** Called with stop: closes what was attached to this supervisor (control socket, metrics, watcher). */
  onClose(fn: () => unknown): void {
    this.closers.add(fn);
  }

  status(): SupervisorStatus {
    return buildStatus({
      name: this.options.name,
      script: this.label,
      state: this.phase === 'idle' ? 'starting' : this.phase === 'running' && this.reloader.active ? 'reloading' : this.phase,
      balance: this.balance,
      startedAt: this.startedAt,
      listening: [...this.addresses],
      instances: this.workforce.size,
      slots: this.workforce.slotViews(),
      live: this.workforce.live(),
      os: (pid) => this.osView.get(pid),
      connections: (w) => (this.balancer ? this.balancer.connections(w as ManagedWorker) : (w.metrics?.connections ?? null)),
    });
  }

  /** Every worker process still alive (serving, starting or draining), read-only. */
  workers(): readonly WorkerView[] {
    return this.workforce.live();
  }

  /** The operating system's last view of a worker (pidusage), if it was sampled. */
  osSample(pid: number): OsSample | undefined {
    return this.osView.get(pid);
  }

  /** The metrics sampler's entry point: a new OS reading for pid, or null once it is gone. */
  recordOsSample(pid: number, sample: OsSample | null): void {
    if (sample) this.osView.set(pid, sample);
    else this.osView.delete(pid);
  }

  /** Heartbeat: asks a worker's agent to answer from its event loop. */
  ping(pid: number, seq: number): void {
    this.workforce.find(pid)?.send(message.ping(seq));
  }

  /** Kills one worker at once (a hung one); its slot is then refilled like after a crash. */
  killWorker(pid: number): void {
    const w = this.workforce.find(pid);
    if (w) this.workforce.kill(w, 'heartbeat');
  }

  /** Grows or shrinks to n slots; shrinking drains the removed workers gracefully. */
  scale(n: number): Promise<void> {
    return this.serialize(() => this.workforce.scaleTo(n));
  }

  /** One worker more or less (SIGTTIN/SIGTTOU), counted from the size when it runs. */
  scaleBy(delta: number): Promise<void> {
    return this.serialize(() => this.workforce.scaleBy(delta));
  }

  /**
   * Graceful stop: with a drain delay, first the drain (/healthz says 503, the workers
   * keep serving); then every worker stops accepting, finishes its requests, and is
   * SIGKILLed if it is still there after kill-timeout. Calling it again is harmless.
   */
  stop(reason = 'stop'): Promise<void> {
    return this.stopAfter(reason, this.options.drainDelay);
  }

  /** Ends a drain at once (a second signal): the graceful stop starts now. False when not draining. */
  skipDrain(): boolean {
    return this.shutdown.skipDrain();
  }

  /** Stop now: SIGKILL every worker (a second Ctrl-C). */
  kill(): Promise<void> {
    this.killed = true;
    // Never a drain here: a forced stop ends one, or starts the stop without one.
    this.shutdown.skipDrain();
    const done = this.stopAfter('forced', 0);
    for (const w of this.workforce.live()) w.kill('SIGKILL');
    return done;
  }

  private stopAfter(reason: string, drainMs: number): Promise<void> {
    this.stopping ??= this.shutdown.run(reason, drainMs).then(() => {
      if (this.failure) this.settled.reject(this.failure);
      else this.settled.resolve();
    });
    return this.stopping;
  }

  /**
   * Rolling zero-downtime reload of every slot. A reload asked for while one runs is
   * folded into a single further reload after it; two never run at once. Resolves when
   * the old workers are gone, or with waitForDrain: false as soon as every slot serves
   * the new code; rejects with ReloadFailedError when a new worker fails.
   */
  reload(trigger = 'api', options: ReloadOptions = {}): Promise<ReloadResult> {
    try {
      if (options.env) this.config.setEnv(options.env);
    } catch (err) {
      return Promise.reject(err as Error);
    }
    return this.reloader.request(trigger, options).then((r) => (this.config.last ? { ...r, config: this.config.last } : r));
  }

  /** With --config: how to read the options again, at each reload (see src/supervisor/config-reload.ts). */
  setConfigSource(read: () => Promise<ResolvedOptions>): void {
    this.config.setSource(read);
  }

  /**
   * Replaces one slot's worker the way a reload does (new one ready first, then the
   * old one drains), for policies such as the memory limit. Waits for any reload; with
   * onlyPid, does nothing (resolves null) if that worker was replaced meanwhile.
   */
  replaceSlot(index: number, reason: Extract<RetireReason, RestartReason>, o: { onlyPid?: number } = {}): Promise<SlotReplaced | null> {
    return this.serialize(() => this.workforce.replaceServing(index, reason, o.onlyPid));
  }

  private serialize<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.ops.then(fn, fn);
    this.ops = run.catch(() => {});
    return run;
  }

  private onWorkerReady(): void {
    if (this.phase !== 'starting' || !this.workforce.allReady()) return;
    this.phase = 'running';
    const workers = this.workforce.size;
    const durationMs = Date.now() - this.startedAt;
    logEvent(this.log, 'info', 'cluster.ready', { workers, durationMs }, `all ${workers} workers ready in ${durationMs} ms`);
    this.emit('all-ready', { workers, durationMs });
    this.allReady.resolve();
  }

  private onAllGaveUp(lastError: string | undefined): void {
    if (this.options.watch !== null) {
      // A developer is editing: the next save reloads, and a reload revives the slots.
      logEvent(this.log, 'error', 'cluster.giveup', { lastError, waiting: true }, 'every worker crashed: waiting for a file change to try again');
      return;
    }
    logEvent(this.log, 'error', 'cluster.giveup', { lastError, waiting: false }, 'every worker crashed: stopping');
    this.failure = new GaveUpError(this.label, lastError);
    this.allReady.reject(this.failure);
    void this.stop('gave up');
  }

  private writeOutput(w: ManagedWorker, line: OutputLine): void {
    this.output.write(w, line);
    if (this.listenerCount('output')) this.emit('output', { slot: w.slot, id: w.id, pid: w.pid, ...line });
  }
}
