// Handing accepted sockets to workers without losing one. The primary keeps its copy
// of each socket until the worker says it took it; a worker that refuses (its server
// closed meanwhile) or dies first, or a send that fails, sends it on to another worker.
// With no worker to take it, it waits (paused, unread) until one is ready, for at most
// waitLimitMs (listen-timeout: as long as a new worker may take to start), then it is
// closed rather than left hanging.
import type net from 'node:net';
import { message } from '../ipc/protocol.js';
import { logEvent } from '../log-events.js';
import type { Logger } from '../logger.js';
import type { ManagedWorker } from '../supervisor/managed-worker.js';
import { pickIpHash, pickLeastConn, type Candidate } from './choose.js';

/** One address the primary listens on for the workers. */
export interface Listener {
  key: string;
  /** The workers listening on it (the app's server is open there). */
  workers: Set<ManagedWorker>;
  /** Connections waiting for a ready worker. */
  queue: net.Socket[];
}

interface Pending {
  socket: net.Socket;
  listener: Listener;
  worker: ManagedWorker;
}

/** New connections go only to a worker that serves: not starting, not draining, not gone. */
const serves = (w: ManagedWorker) => w.state === 'ready' && w.worker.isConnected() && !w.worker.isDead();

export class Handoff {
  private readonly pending = new Map<number, Pending>();
  private readonly open = new Map<ManagedWorker, number>();
  private readonly waitTimers = new Map<net.Socket, NodeJS.Timeout>();
  private nextId = 0;
  private lastPicked = 0;

  constructor(
    private readonly mode: 'least-conn' | 'ip-hash',
    private readonly log: Logger,
    private readonly waitLimitMs: number,
  ) {}

  connections(w: ManagedWorker): number {
    return this.open.get(w) ?? 0;
  }

  dispatch(socket: net.Socket, l: Listener): void {
    clearTimeout(this.waitTimers.get(socket));
    this.waitTimers.delete(socket);
    const handle = (socket as net.Socket & { _handle?: object | null })._handle;
    if (!handle) return void socket.destroy();
    const w = this.pick(socket, l);
    if (!w) {
      l.queue.push(socket);
      const timer = setTimeout(() => {
        this.waitTimers.delete(socket);
        const i = l.queue.indexOf(socket);
        if (i >= 0) l.queue.splice(i, 1);
        socket.destroy();
      }, this.waitLimitMs);
      timer.unref();
      this.waitTimers.set(socket, timer);
      return;
    }
    const id = ++this.nextId;
    this.pending.set(id, { socket, listener: l, worker: w });
    this.count(w, +1);
    w.worker.process.send(message.conn(id, l.key), handle as net.Socket, {}, (err) => {
      if (err) this.retry(id, 'send failed');
    });
  }

  /** Sends on what waits, while some worker serves. */
  flush(l: Listener): void {
    while (l.queue.length && [...l.workers].some(serves)) this.dispatch(l.queue.shift()!, l);
  }

  taken(w: ManagedWorker, id: number): void {
    const p = this.pending.get(id);
    if (!p || p.worker !== w) return;
    this.pending.delete(id);
    // Closing our copy of the descriptor leaves the connection to the worker's.
    p.socket.destroy();
  }

  refused(w: ManagedWorker, id: number): void {
    const p = this.pending.get(id);
    if (!p || p.worker !== w) return;
    this.pending.delete(id);
    this.count(w, -1);
    this.dispatch(p.socket, p.listener);
  }

  closed(w: ManagedWorker, n: number): void {
    this.count(w, -n);
  }

  workerGone(w: ManagedWorker): void {
    this.open.delete(w);
    for (const [id, p] of this.pending) if (p.worker === w) this.retry(id, 'worker exited');
  }

  private retry(id: number, reason: string): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    this.count(p.worker, -1);
    const w = p.worker;
    logEvent(this.log, 'info', 'balance.handoff-retry', { slot: w.slot, pid: w.pid, reason }, `slot ${w.slot} did not take a connection (${reason}): handing it on`);
    this.dispatch(p.socket, p.listener);
  }

  private count(w: ManagedWorker, delta: number): void {
    if (!this.open.has(w) && (delta < 0 || w.worker.isDead())) return;
    this.open.set(w, Math.max(0, (this.open.get(w) ?? 0) + delta));
  }

  private pick(socket: net.Socket, l: Listener): ManagedWorker | null {
    const byId = new Map<number, ManagedWorker>();
    const cands: Candidate[] = [];
    for (const w of l.workers) {
      if (!serves(w)) continue;
      byId.set(w.id, w);
      cands.push({ id: w.id, slot: w.slot, connections: this.connections(w) });
    }
    const c = this.mode === 'ip-hash' ? pickIpHash(cands, socket.remoteAddress) : pickLeastConn(cands, this.lastPicked);
    if (!c) return null;
    this.lastPicked = c.id;
    return byId.get(c.id)!;
  }
}
