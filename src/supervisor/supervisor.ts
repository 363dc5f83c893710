// The primary's side of clusterize: it owns the slots, forks workers into them with
// node:cluster, applies the restart policy, and retires workers gracefully. Pure
// decisions live in restart-policy.ts (and reload-plan.ts); this file does the I/O.
import cluster from 'node:cluster';
import { EventEmitter } from 'node:events';
import { GaveUpError, InvalidOptionError, ReloadFailedError, StoppedError } from '../errors.js';
import { AgentEnv } from '../ipc/protocol.js';
import type { Logger } from '../logger.js';
import { describeBudget } from '../options/cpu-quota.js';
import type { ResolvedOptions } from '../options/resolve.js';
import { schedulingPolicyFor, setupCluster } from './cluster-setup.js';
import type { ReloadResult, RetireReason, SupervisorEvents, WorkerRef } from './events.js';
import { Reloader, type ReloadOptions, type SlotReplaced } from './reload.js';
import { ManagedWorker, type OutputLine, type WorkerExit } from './managed-worker.js';
import { DrainDelay } from './drain-delay.js';
import { decideRestart } from './restart-policy.js';
import { newSlot, type Slot } from './slot.js';
import { idleSlotStatus, workerStatus, type OsSample, type SupervisorStatus, type WorkerStatus } from './status.js';

type Phase = 'idle' | 'starting' | 'running' | 'draining' | 'stopping' | 'stopped';

export class Supervisor extends EventEmitter<SupervisorEvents> {
  readonly options: ResolvedOptions;
  /** Settles when the supervisor has stopped: rejects with GaveUpError if every slot gave up. */
  readonly finished: Promise<void>;
  /** Resolves when every slot first has a ready worker; rejects if it stops or fails before. */
  readonly ready: Promise<void>;
  /** The operating system's view of each worker pid, filled in by the metrics sampler. */
  readonly osView = new Map<number, OsSample>();
  /** Where the control socket listens, once it does. */
  controlSocket: string | null = null;
  /** Set when a second signal forced the stop. */
  forced = false;
  protected readonly log: Logger;
  protected readonly slots: Slot[] = [];
  protected phase: Phase = 'idle';
  private readonly retiring = new Set<ManagedWorker>();
  private readonly startedAt = Date.now();
  private readonly addresses = new Set<string>();
  private readonly closers: (() => unknown)[] = [];
  private allReady: { resolve: () => void; reject: (e: Error) => void } | null = null;
  private stopping: Promise<void> | null = null;
  private failure: Error | null = null;
  private settle!: { resolve: () => void; reject: (e: Error) => void };
  private ops: Promise<unknown> = Promise.resolve();
  private readonly label: string;
  private readonly reloader: Reloader;
  private readonly drain = new DrainDelay();

  constructor(options: ResolvedOptions) {
    super();
    this.options = options;
    this.log = options.logger;
    this.label = options.script ?? options.name;
    this.finished = new Promise<void>((resolve, reject) => (this.settle = { resolve, reject }));
    this.finished.catch(() => {});
    this.ready = new Promise<void>((resolve, reject) => (this.allReady = { resolve, reject }));
    this.ready.catch(() => {});
    this.reloader = new Reloader({
      slotIndexes: () => this.slots.map((s) => s.index),
      replace: (i, quiet) => this.replace(i, 'reload', quiet),
      serialize: (fn) => this.serialize(fn),
      isRunning: () => this.running,
      log: this.log,
      emit: (event, ...args) => void (this.emit as (e: string, ...a: unknown[]) => boolean)(event, ...args),
    }, options.reloadParallel);
  }

  /** Forks every slot; resolves when each has a ready worker. */
  start(): Promise<void> {
    if (this.phase !== 'idle') return this.ready;
    this.phase = 'starting';
    setupCluster(this.options);
    const o = this.options;
    this.log.info(
      {
        event: 'cluster.start',
        script: this.label,
        instances: o.instances,
        balance: this.balance,
        supervisorPid: process.pid,
        cpus: o.cpu.available,
        cpuQuota: o.cpu.quota,
        cpuSource: o.cpu.source,
      },
      `starting ${o.instances} worker${o.instances === 1 ? '' : 's'}: ${describeBudget(o.cpu)}`,
    );
    for (let i = 0; i < o.instances; i++) this.slots.push(newSlot(i));
    for (const slot of this.slots) this.fork(slot, 'current');
    return this.ready;
  }

  /** Ends the supervisor with an error (a failed start-up step); finished rejects with it. */
  abort(err: Error): Promise<void> {
    this.failure ??= err;
    this.allReady?.reject(err);
    return this.stop('failed');
  }

  get balance(): 'rr' | 'os' {
    return schedulingPolicyFor(this.options.balance) === cluster.SCHED_RR ? 'rr' : 'os';
  }

  get instances(): number {
    return this.slots.length;
  }

  /** While draining the workers still serve, and crashed ones are still replaced. */
  get running(): boolean {
    return this.phase === 'starting' || this.phase === 'running' || this.phase === 'draining';
  }

  /** Called with stop: closes what was attached to this supervisor (control socket, metrics, watcher). */
  onClose(fn: () => unknown): void {
    this.closers.push(fn);
  }

  status(): SupervisorStatus {
    const rows: WorkerStatus[] = [];
    const listed = new Set<ManagedWorker>();
    for (const slot of this.slots) {
      const ws = [slot.worker, slot.incoming].filter((w): w is ManagedWorker => w !== null);
      for (const w of ws) listed.add(w);
      rows.push(...(ws.length ? ws.map((w) => workerStatus(w, slot, this.osView.get(w.pid))) : [idleSlotStatus(slot)]));
    }
    for (const w of this.retiring) {
      if (listed.has(w) || w.state === 'exited') continue;
      rows.push(workerStatus(w, this.slots[w.slot] ?? newSlot(w.slot), this.osView.get(w.pid)));
    }
    rows.sort((a, b) => a.slot - b.slot || (a.id ?? 0) - (b.id ?? 0));
    return {
      name: this.options.name,
      pid: process.pid,
      script: this.label,
      instances: this.slots.length,
      state: this.phase === 'idle' ? 'starting' : this.phase === 'running' && this.reloader.active ? 'reloading' : this.phase,
      balance: this.balance,
      uptimeMs: Date.now() - this.startedAt,
      listening: [...this.addresses],
      workers: rows,
    };
  }

  /** Grows or shrinks to n slots; shrinking drains the removed workers gracefully. */
  scale(n: number): Promise<void> {
    if (!Number.isSafeInteger(n) || n < 1) {
      return Promise.reject(new InvalidOptionError('instances (scale)', n, 'use a whole number of workers >= 1'));
    }
    return this.serialize(() => this.resize(n));
  }

  /**
   * One worker more or less (SIGTTIN/SIGTTOU), counted from the size when it runs, so
   * signals sent in quick succession all count. Never below one worker.
   */
  scaleBy(delta: number): Promise<void> {
    return this.serialize(async () => {
      if (this.slots.length + delta < 1) {
        this.log.info({ instances: this.slots.length }, 'not scaling below one worker');
        return;
      }
      await this.resize(this.slots.length + delta);
    });
  }

  private async resize(n: number): Promise<void> {
    if (!this.running) throw new StoppedError('scale');
    const from = this.slots.length;
    if (n === from) return;
    this.log.info({ from, to: n }, `scaling from ${from} to ${n} workers`);
    this.emit('scale', { from, to: n });
    if (n > from) {
      const added: ManagedWorker[] = [];
      for (let i = from; i < n; i++) {
        const slot = newSlot(i);
        this.slots.push(slot);
        added.push(this.fork(slot, 'current'));
      }
      await Promise.all(added.map((w) => this.readyOrExit(w, this.options.listenTimeout)));
    } else {
      const removed = this.slots.splice(n);
      const leaving: Promise<WorkerExit>[] = [];
      for (const slot of removed) {
        this.clearRestart(slot);
        for (const w of [slot.worker, slot.incoming]) if (w) leaving.push(this.retire(w, 'scale'));
      }
      await Promise.all(leaving);
    }
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
    return this.drain.skip();
  }

  private stopAfter(reason: string, drainMs: number): Promise<void> {
    if (this.stopping) return this.stopping;
    const draining = drainMs > 0 && this.running && !this.failure;
    if (draining) {
      this.phase = 'draining';
      this.log.info(
        { event: 'stop.drain', reason, drainDelayMs: drainMs },
        `draining for ${drainMs} ms before stopping (${reason}): /healthz answers 503, the workers still serve`,
      );
      this.emit('draining', { reason, delayMs: drainMs });
    }
    this.stopping = (async () => {
      const workers = draining
        ? await new Promise<ManagedWorker[]>((resolve) => this.drain.start(drainMs, () => resolve(this.retireAll(reason))))
        : this.retireAll(reason);
      await Promise.all(workers.map((w) => w.exited));
      for (const close of this.closers.splice(0).reverse()) {
        try {
          await close();
        } catch (err) {
          this.log.warn({ err }, 'error while closing');
        }
      }
      this.phase = 'stopped';
      const code = this.failure ? 1 : 0;
      this.log.info({ event: 'stop.done', code }, 'stopped');
      this.emit('stop', { code });
      if (this.failure) this.settle.reject(this.failure);
      else this.settle.resolve();
    })();
    return this.stopping;
  }

  /** The stop proper, synchronous: from here no worker is restarted. */
  private retireAll(reason: string): ManagedWorker[] {
    this.phase = 'stopping';
    this.allReady?.reject(new StoppedError('start'));
    this.log.info({ event: 'stop.start', reason }, 'stopping');
    this.emit('stopping', { reason });
    for (const slot of this.slots) this.clearRestart(slot);
    const workers = this.liveWorkers();
    for (const w of workers) void this.retire(w, 'stop');
    return workers;
  }

  /**
   * Rolling zero-downtime reload of every slot. A reload asked for while one runs is
   * folded into a single further reload after it; two never run at once. Resolves when
   * the old workers are gone, or with waitForDrain: false as soon as every slot serves
   * the new code; rejects with ReloadFailedError when a new worker fails.
   */
  reload(trigger = 'api', options: ReloadOptions = {}): Promise<ReloadResult> {
    return this.reloader.request(trigger, options);
  }

  /** Every worker process still alive: serving, starting, or draining. */
  workers(): ManagedWorker[] {
    return this.liveWorkers();
  }

  /**
   * Replaces one slot's worker the way a reload does (new one ready first, then the
   * old one drains), for policies such as the memory limit. Waits for any reload; with
   * onlyPid, does nothing (resolves null) if that worker was replaced meanwhile.
   */
  replaceSlot(index: number, reason: RetireReason, o: { onlyPid?: number } = {}): Promise<SlotReplaced | null> {
    return this.serialize(async () => {
      const slot = this.slots[index];
      if (o.onlyPid !== undefined && slot?.worker?.pid !== o.onlyPid) return null;
      if (slot) slot.restarts++;
      const done = await this.replace(index, reason);
      await done.oldExited;
      return done;
    });
  }

  /** Stop now: SIGKILL every worker (a second Ctrl-C). */
  kill(): Promise<void> {
    // Never a drain here: a forced stop ends one, or starts the stop without one.
    this.drain.skip();
    const done = this.stopAfter('forced', 0);
    for (const w of this.liveWorkers()) w.kill('SIGKILL');
    return done;
  }

  // ---- used by the reload and by the policies that replace workers --------------

  /** New worker first, ready, then the old one drains: the slot never stops serving. */
  protected async replace(index: number, reason: RetireReason, quiet = false): Promise<SlotReplaced> {
    const slot = this.slots[index];
    if (!slot || !this.running) throw new StoppedError('reload');
    const started = Date.now();
    this.clearRestart(slot);
    const old = slot.worker;
    if (old) old.quiet = quiet;
    const w = this.fork(slot, 'incoming', quiet);
    const ready = await this.readyOrExit(w, this.options.listenTimeout);
    if (slot.incoming === w) slot.incoming = null;
    if (!ready) {
      if (!this.running) throw new StoppedError('reload');
      const why =
        w.state === 'exited'
          ? `the new worker exited (${w.exitInfo?.signal ?? `code ${w.exitInfo?.code}`})` +
            (w.exitInfo?.lastError ? `: ${w.exitInfo.lastError}` : '')
          : `the new worker was not ready within listen-timeout (${this.options.listenTimeout} ms)`;
      if (w.state !== 'exited') void this.retire(w, reason);
      // The old worker may have died while we waited; the slot must not stay empty.
      if (!slot.worker && !slot.restartTimer && !slot.gaveUp) this.restartSlot(slot, Infinity);
      throw new ReloadFailedError(index, why, w.exitInfo);
    }
    slot.worker = w;
    slot.crashes = 0;
    slot.gaveUp = false;
    const durationMs = Date.now() - started;
    const oldExited = old && old.state !== 'exited' ? this.retire(old, reason) : Promise.resolve(null);
    this.note(w, { slot: index, oldPid: old?.pid ?? null, newPid: w.pid, durationMs }, `slot ${index} replaced in ${durationMs} ms`);
    this.emit('reload-slot', { slot: index, durationMs, oldPid: old?.pid ?? null, newPid: w.pid });
    return { slot: index, oldPid: old?.pid ?? null, newPid: w.pid, durationMs, oldExited };
  }

  protected serialize<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.ops.then(fn, fn);
    this.ops = run.catch(() => {});
    return run;
  }

  protected fork(slot: Slot, role: 'current' | 'incoming', quiet = false): ManagedWorker {
    const o = this.options;
    const env = {
      ...o.env,
      [AgentEnv.SLOT]: String(slot.index),
      [AgentEnv.MARKER]: '1',
      [AgentEnv.KILL_TIMEOUT]: String(o.killTimeout),
      [AgentEnv.METRICS_INTERVAL]: String(o.metricsInterval),
    };
    const w = new ManagedWorker(cluster.fork(env), {
      slot: slot.index,
      waitReady: o.waitReady,
      logger: this.log,
      onOutput: (worker, line) => this.writeOutput(worker, line),
    });
    w.quiet = quiet;
    if (role === 'current') slot.worker = w;
    else slot.incoming = w;
    const ref: WorkerRef = { slot: slot.index, id: w.id, pid: w.pid };
    this.note(w, { event: 'worker.fork', ...ref }, `fork slot ${slot.index}`);
    this.emit('fork', ref);
    w.on('state', (from, to) => {
      this.emit('state', { ...ref, from, to });
      if (to === 'ready') this.onReady(w, ref);
    });
    w.on('online', () => this.emit('online', ref));
    w.on('listening', (addr) => {
      const where = addr.port === null ? String(addr.address) : `${addr.address ?? '*'}:${addr.port}`;
      this.addresses.add(where);
      this.note(w, { ...ref, address: addr.address, port: addr.port }, `slot ${slot.index} listening on ${where}`);
      this.emit('listening', { ...ref, ...addr });
    });
    w.on('message', (message) => this.emit('message', { ...ref, message }));
    w.on('metrics', (metrics) => this.emit('metrics', { ...ref, metrics }));
    w.on('exit', (exit) => this.onExit(slot, w, exit));
    return w;
  }

  protected retire(w: ManagedWorker, reason: RetireReason): Promise<WorkerExit> {
    if (!this.retiring.has(w) && w.state !== 'exited') {
      this.retiring.add(w);
      const ref = { slot: w.slot, id: w.id, pid: w.pid };
      this.note(w, { event: 'worker.retire', ...ref, reason }, `retiring slot ${w.slot} (${reason})`);
      this.emit('retire', { ...ref, reason });
    }
    return w.retire(this.options.killTimeout);
  }

  /** Resolves true when w is ready, false when it exited or timed out first. */
  protected readyOrExit(w: ManagedWorker, timeoutMs: number): Promise<boolean> {
    if (w.state === 'ready') return Promise.resolve(true);
    if (w.state === 'exited' || w.state === 'draining') return Promise.resolve(false);
    return new Promise((resolve) => {
      const done = (ok: boolean) => {
        clearTimeout(timer);
        w.off('state', onState);
        resolve(ok);
      };
      const onState = (_from: string, to: string) => {
        if (to === 'ready') done(true);
        else if (to === 'exited' || to === 'draining') done(false);
      };
      const timer = setTimeout(() => done(false), timeoutMs);
      w.on('state', onState);
    });
  }

  protected liveWorkers(): ManagedWorker[] {
    const all = new Set<ManagedWorker>(this.retiring);
    for (const slot of this.slots) for (const w of [slot.worker, slot.incoming]) if (w) all.add(w);
    return [...all].filter((w) => w.state !== 'exited');
  }

  protected clearRestart(slot: Slot): void {
    if (slot.restartTimer) clearTimeout(slot.restartTimer);
    slot.restartTimer = null;
  }

  // ---- internals ------------------------------------------------------------------

  /** A worker's routine lifecycle line: debug for workers of a quiet (watch) reload. */
  private note(w: ManagedWorker, obj: object, msg: string): void {
    if (w.quiet) this.log.debug(obj, msg);
    else this.log.info(obj, msg);
  }

  private onReady(w: ManagedWorker, ref: WorkerRef): void {
    const bootMs = (w.readyAt ?? Date.now()) - w.forkedAt;
    this.note(w, { event: 'worker.ready', ...ref, bootMs }, `slot ${ref.slot} ready in ${bootMs} ms`);
    this.emit('ready', { ...ref, bootMs });
    if (this.phase === 'starting' && this.slots.every((s) => s.worker?.state === 'ready')) {
      this.phase = 'running';
      const durationMs = Date.now() - this.startedAt;
      this.log.info({ event: 'cluster.ready', workers: this.slots.length, durationMs }, `all ${this.slots.length} workers ready in ${durationMs} ms`);
      this.emit('all-ready', { workers: this.slots.length, durationMs });
      this.allReady?.resolve();
    }
  }

  private onExit(slot: Slot, w: ManagedWorker, exit: WorkerExit): void {
    const expected = this.retiring.delete(w);
    const ref = { slot: slot.index, id: w.id, pid: w.pid };
    const event = { ...ref, code: exit.code, signal: exit.signal, uptimeMs: exit.uptimeMs, expected };
    if (expected) {
      this.note(w, { event: 'worker.exit', ...event }, `slot ${slot.index} worker ${w.pid} exited`);
    } else {
      this.log.warn(
        { event: 'worker.exit', ...event, lastError: exit.lastError },
        `slot ${slot.index} worker ${w.pid} died (${exit.signal ?? `code ${exit.code}`})` + (exit.lastError ? `: ${exit.lastError}` : ''),
      );
    }
    this.emit('exit', exit.lastError === undefined ? event : { ...event, lastError: exit.lastError });
    this.osView.delete(w.pid);
    const wasCurrent = slot.worker === w;
    if (wasCurrent) slot.worker = null;
    if (slot.incoming === w) slot.incoming = null;
    if (exit.lastError !== undefined) slot.lastError = exit.lastError;
    // Only the loss of a slot's serving worker, not asked for, while running, is a crash.
    // A failed replacement is the reload's business: it must not start a restart loop.
    if (!wasCurrent || expected || !this.running || !this.slots.includes(slot)) return;
    if (slot.incoming) return;
    this.restartSlot(slot, exit.uptimeMs);
  }

  private restartSlot(slot: Slot, uptimeMs: number): void {
    const d = decideRestart(slot.crashes, uptimeMs, this.options);
    slot.crashes = d.crashes;
    if (d.action === 'give-up') {
      slot.gaveUp = true;
      this.log.error(
        { slot: slot.index, crashes: d.crashes, lastError: slot.lastError },
        `slot ${slot.index} crashed ${d.crashes} times in a row within min-uptime (${this.options.minUptime} ms), giving up`,
      );
      this.emit('give-up', { slot: slot.index, crashes: d.crashes, ...(slot.lastError ? { lastError: slot.lastError } : {}) });
      if (this.slots.every((s) => s.gaveUp)) {
        if (this.options.watch !== null) {
          // A developer is editing: the next save reloads, and a reload revives the slots.
          this.log.error({ lastError: slot.lastError }, 'every worker crashed: waiting for a file change to try again');
          return;
        }
        this.failure = new GaveUpError(this.label, slot.lastError);
        this.allReady?.reject(this.failure);
        void this.stop('gave up');
      }
      return;
    }
    slot.restarts++;
    this.log.warn(
      { slot: slot.index, delayMs: d.delayMs, crashes: d.crashes, restarts: slot.restarts },
      d.delayMs ? `restarting slot ${slot.index} in ${d.delayMs} ms (crash ${d.crashes} in a row)` : `restarting slot ${slot.index}`,
    );
    this.emit('restart', { slot: slot.index, delayMs: d.delayMs, crashes: d.crashes, restarts: slot.restarts });
    slot.restartTimer = setTimeout(() => {
      slot.restartTimer = null;
      if (this.running && this.slots.includes(slot) && !slot.worker) this.fork(slot, 'current');
    }, d.delayMs);
  }

  private writeOutput(w: ManagedWorker, line: OutputLine): void {
    const out = line.stream === 'stdout' ? process.stdout : process.stderr;
    out.write(this.options.prefixOutput ? `${this.options.name}:${w.slot} | ${line.text}\n` : `${line.text}\n`);
    if (this.listenerCount('output')) this.emit('output', { slot: w.slot, id: w.id, pid: w.pid, ...line });
  }
}
