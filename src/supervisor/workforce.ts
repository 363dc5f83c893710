// The slots and the workers in them: applies the reconcile step (reconcile.ts), retires
// workers, replaces one slot the rolling way, and turns an unasked-for exit into a
// restart or a give-up (restart-policy.ts). The Supervisor facade decides when; this
// decides which worker and does the node:cluster I/O.
import os from 'node:os';
import { ReloadFailedError, StoppedError } from '../errors.js';
import { logEvent } from '../log-events.js';
import { instancesError, MAX_INSTANCES } from '../options/values.js';
import type { RestartReason, RetireReason } from './events.js';
import type { ManagedWorker, WorkerExit } from './managed-worker.js';
import { planReconcile } from './reconcile.js';
import type { SlotReplaced } from './reload.js';
import { decideRestart } from './restart-policy.js';
import { Slot, type SlotView } from './slot.js';
import { noteWorker, spawnWorker, type SpawnContext } from './spawn.js';

export interface WorkforceContext extends SpawnContext {
  running(): boolean;
  /** Every slot gave up (the last one with this error). */
  onAllGaveUp(lastError: string | undefined): void;
}

/** A replacement that never became ready serves nothing: it gets this long, not kill-timeout. */
const FAILED_REPLACEMENT_GRACE_MS = 500;

export class Workforce {
  private readonly slots: Slot[] = [];
  private readonly retiring = new Set<ManagedWorker>();
  /** Workers killed on purpose (a hung one): their exit is a restart for that reason, not a crash. */
  private readonly killedFor = new WeakMap<ManagedWorker, RestartReason>();
  private wanted = 0;

  constructor(private readonly ctx: WorkforceContext) {}

  /** The number of slots wanted. */
  get size(): number {
    return this.wanted;
  }

  slotViews(): readonly SlotView[] {
    return this.slots;
  }

  /** Every worker process still alive: serving, starting, or draining. */
  live(): ManagedWorker[] {
    const all = new Set<ManagedWorker>(this.retiring);
    for (const slot of this.slots) for (const w of slot.workers()) all.add(w);
    return [...all].filter((w) => w.state !== 'exited');
  }

  /** Every slot has a ready serving worker. */
  allReady(): boolean {
    return this.slots.length === this.wanted && this.slots.every((s) => s.worker?.state === 'ready');
  }

  /** Sets the number of slots and closes the gap; returns what it forked and what leaves. */
  resize(n: number): { forked: ManagedWorker[]; leaving: Promise<WorkerExit>[] } {
    this.wanted = n;
    return this.reconcile();
  }

  /** Validated here, so the CLI, the control socket and the API refuse the same way. */
  async scaleBy(delta: number): Promise<void> {
    const size = this.wanted;
    if (size + delta < 1 || size + delta > MAX_INSTANCES) {
      const refused = delta < 0 ? 'not below one worker' : `not above ${MAX_INSTANCES} workers`;
      logEvent(this.ctx.log, 'info', 'scale', { from: size, to: size, refused }, `not scaling ${refused.slice(4)}`);
      return;
    }
    await this.scaleTo(size + delta);
  }

  /** Scaling: grows or shrinks to n slots; resolves when the new workers are ready and the removed ones gone. */
  async scaleTo(n: number): Promise<void> {
    if (!Number.isSafeInteger(n) || n < 1 || n > MAX_INSTANCES) throw instancesError('instances', n, os.availableParallelism());
    if (!this.ctx.running()) throw new StoppedError('scale');
    const from = this.wanted;
    if (n === from) return;
    logEvent(this.ctx.log, 'info', 'scale', { from, to: n }, `scaling from ${from} to ${n} workers`);
    this.ctx.emit('scale', { from, to: n });
    const { forked, leaving } = this.resize(n);
    await Promise.all([...forked.map((w) => w.readyWithin(this.ctx.options.listenTimeout)), ...leaving]);
  }

  /** The one place that forks into empty slots and drops unwanted ones. */
  reconcile(): { forked: ManagedWorker[]; leaving: Promise<WorkerExit>[] } {
    const facts = this.slots.map((s) => ({
      index: s.index,
      hasWorker: s.worker !== null,
      hasIncoming: s.incoming !== null,
      restartPending: s.restartPending,
      gaveUp: s.gaveUp,
    }));
    const forked: ManagedWorker[] = [];
    const leaving: Promise<WorkerExit>[] = [];
    for (const step of planReconcile(facts, this.wanted, this.ctx.running())) {
      if (step.do === 'fork') {
        const slot = (this.slots[step.slot] ??= new Slot(step.slot));
        forked.push(this.fork(slot, 'current'));
      } else {
        const slot = this.slots[step.slot]!;
        slot.cancelRestart();
        for (const w of slot.workers()) leaving.push(this.retire(w, 'scale'));
      }
    }
    this.slots.length = Math.min(this.slots.length, this.wanted);
    return { forked, leaving };
  }

  /** Stop: no more restarts, and every live worker drains. */
  retireAll(reason: RetireReason): ManagedWorker[] {
    for (const slot of this.slots) slot.cancelRestart();
    const workers = this.live();
    for (const w of workers) void this.retire(w, reason);
    return workers;
  }

  retire(w: ManagedWorker, reason: RetireReason, graceMs = this.ctx.options.killTimeout): Promise<WorkerExit> {
    if (!this.retiring.has(w) && w.state !== 'exited') {
      this.retiring.add(w);
      const ref = { slot: w.slot, id: w.id, pid: w.pid };
      noteWorker(this.ctx.log, w, 'worker.retire', { ...ref, reason }, `retiring slot ${w.slot} (${reason})`);
      this.ctx.emit('retire', { ...ref, reason });
    }
    return w.retire(graceMs, reason);
  }

  /** New worker first, ready, then the old one drains: the slot never stops serving. */
  async replace(index: number, reason: RetireReason, quiet = false): Promise<SlotReplaced> {
    const slot = this.slots[index];
    if (!slot || !this.ctx.running()) throw new StoppedError('reload');
    const started = Date.now();
    const old = slot.worker;
    if (old && quiet) old.hush();
    const w = this.fork(slot, 'incoming', quiet);
    const ready = await w.readyWithin(this.ctx.options.listenTimeout);
    if (!ready) {
      slot.vacate(w);
      if (!this.ctx.running()) throw new StoppedError('reload');
      const why =
        w.state === 'exited'
          ? `the new worker exited (${w.exitInfo?.signal ?? `code ${w.exitInfo?.code}`})` +
            (w.exitInfo?.lastError ? `: ${w.exitInfo.lastError}` : '')
          : `the new worker was not ready within listen-timeout (${this.ctx.options.listenTimeout} ms)`;
      if (w.state !== 'exited') void this.retire(w, reason, Math.min(FAILED_REPLACEMENT_GRACE_MS, this.ctx.options.killTimeout));
      // The old worker may have died while we waited; the slot must not stay empty.
      if (!slot.worker && !slot.restartPending && !slot.gaveUp) this.crashed(slot, Infinity);
      throw new ReloadFailedError(index, why, w.exitInfo);
    }
    slot.promote(w);
    const durationMs = Date.now() - started;
    const oldExited = old && old.state !== 'exited' ? this.retire(old, reason) : Promise.resolve(null);
    const done = { slot: index, oldPid: old?.pid ?? null, newPid: w.pid, durationMs };
    noteWorker(this.ctx.log, w, 'reload.slot', done, `slot ${index} replaced in ${durationMs} ms`);
    this.ctx.emit('reload-slot', done);
    return { ...done, oldExited };
  }

  find(pid: number): ManagedWorker | undefined {
    return this.live().find((w) => w.pid === pid);
  }

  /**
   * A policy's replacement (memory, recycling): like a reload's, counted as a restart,
   * done when the old worker is gone; null when onlyPid no longer serves the slot.
   */
  async replaceServing(index: number, reason: Extract<RetireReason, RestartReason>, onlyPid?: number): Promise<SlotReplaced | null> {
    if (onlyPid !== undefined && this.slots[index]?.worker?.pid !== onlyPid) return null;
    this.countRestart(index, reason);
    const done = await this.replace(index, reason);
    await done.oldExited;
    return done;
  }

  /** Counts a new worker that was not caused by a crash (a reload, a memory or recycle replacement). */
  countRestart(index: number, reason: RestartReason): void {
    this.slots[index]?.countRestart(reason);
  }

  /** SIGKILLs a worker now; its slot is refilled like after a crash, counted under reason. */
  kill(w: ManagedWorker, reason: RestartReason): void {
    this.killedFor.set(w, reason);
    w.kill('SIGKILL');
  }

  private fork(slot: Slot, role: 'current' | 'incoming', quiet = false): ManagedWorker {
    const w = spawnWorker(slot.index, quiet, this.ctx, this.wanted);
    slot.seat(w, role);
    w.on('exit', (exit) => this.onExit(slot, w, exit));
    // A replacement that is not ready fails its reload; a worker that fills a slot is
    // only waited for, and nothing would say so.
    if (role === 'current') void this.warnIfSlow(w);
    return w;
  }

  private async warnIfSlow(w: ManagedWorker): Promise<void> {
    const timeout = this.ctx.options.listenTimeout;
    if ((await w.readyWithin(timeout)) || w.state === 'exited' || w.state === 'draining') return;
    const waitingFor = this.ctx.options.waitReady ? 'ready message' : 'listening';
    logEvent(
      this.ctx.log,
      'warn',
      'worker.slow-start',
      { slot: w.slot, pid: w.pid, waitingFor, listenTimeout: timeout },
      `slot ${w.slot} worker ${w.pid} is not ready after ${timeout} ms: still waiting for ${waitingFor === 'listening' ? 'it to listen' : "process.send('ready')"}`,
    );
  }

  private onExit(slot: Slot, w: ManagedWorker, exit: WorkerExit): void {
    const expected = this.retiring.delete(w);
    const ref = { slot: slot.index, id: w.id, pid: w.pid };
    const event = { ...ref, code: exit.code, signal: exit.signal, uptimeMs: exit.uptimeMs, expected };
    if (expected) {
      noteWorker(this.ctx.log, w, 'worker.exit', event, `slot ${slot.index} worker ${w.pid} exited`);
    } else {
      logEvent(
        this.ctx.log,
        'warn',
        'worker.exit',
        { ...event, lastError: exit.lastError },
        `slot ${slot.index} worker ${w.pid} died (${exit.signal ?? `code ${exit.code}`})` + (exit.lastError ? `: ${exit.lastError}` : ''),
      );
    }
    this.ctx.emit('exit', exit.lastError === undefined ? event : { ...event, lastError: exit.lastError });
    const seat = slot.vacate(w);
    if (exit.lastError !== undefined) slot.lastError = exit.lastError;
    // Only the loss of a slot's serving worker, not asked for, while running, is a crash.
    // A failed replacement is the reload's business: it must not start a restart loop.
    if (seat !== 'current' || expected || !this.ctx.running() || this.slots[slot.index] !== slot) return;
    if (slot.incoming) return;
    this.crashed(slot, exit.uptimeMs, this.killedFor.get(w));
  }

  private crashed(slot: Slot, uptimeMs: number, reason: RestartReason = 'crash'): void {
    const o = this.ctx.options;
    const log = this.ctx.log;
    const d = decideRestart(slot.crashes, uptimeMs, o);
    slot.crashes = d.crashes;
    if (d.action === 'give-up') {
      slot.gaveUp = true;
      logEvent(
        log,
        'error',
        'worker.giveup',
        { slot: slot.index, crashes: d.crashes, lastError: slot.lastError },
        `slot ${slot.index} crashed ${d.crashes} times in a row within min-uptime (${o.minUptime} ms), giving up`,
      );
      this.ctx.emit('give-up', { slot: slot.index, crashes: d.crashes, ...(slot.lastError ? { lastError: slot.lastError } : {}) });
      if (this.slots.every((s) => s.gaveUp)) this.ctx.onAllGaveUp(slot.lastError);
      return;
    }
    slot.countRestart(reason);
    logEvent(
      log,
      'warn',
      'worker.restart',
      { slot: slot.index, delayMs: d.delayMs, crashes: d.crashes, restarts: slot.restarts },
      d.delayMs ? `restarting slot ${slot.index} in ${d.delayMs} ms (crash ${d.crashes} in a row)` : `restarting slot ${slot.index}`,
    );
    this.ctx.emit('restart', { slot: slot.index, delayMs: d.delayMs, crashes: d.crashes, restarts: slot.restarts });
    // When the backoff runs out, the reconcile step sees an empty seat and fills it.
    slot.scheduleRestart(d.delayMs, () => this.reconcile());
  }
}
