// Handing accepted connections to workers without losing one. The primary keeps its
// copy of each until the worker says it took it; a worker that refuses (its server
// closed meanwhile) or dies first, or a send that fails, sends it on to another worker.
// With no worker to take it, it waits (unread) until one is ready, for at most
// waitLimitMs (listen-timeout: as long as a new worker may take to start), then it is
// closed rather than left hanging.
//
// Connections are libuv TCP handles, as node:cluster's round-robin hands them out
// (lib/internal/cluster/round_robin_handle.js): wrapping each in a net.Socket only to
// send it away cost the primary half again as much CPU per connection.
import type net from 'node:net';
import { message } from '../ipc/protocol.js';
import { logEvent } from '../log-events.js';
import type { Logger } from '../logger.js';
import type { ManagedWorker } from '../supervisor/managed-worker.js';
import { pickIpHash, pickLeastConn, type Candidate } from './choose.js';

/** An accepted connection's handle (a TCPWrap): what process.send() can pass on. */
export interface TcpHandle {
  getpeername(out: { address?: string }): number;
  close(): void;
  /** --sticky-header (sticky-read.ts): the handle to send, the bytes read, the key. */
  native?: TcpHandle;
  head?: Buffer;
  stickyKey?: string | null;
}

/** One address the primary listens on for the workers. */
export interface Listener {
  key: string;
  /** The workers listening on it (the app's server is open there). */
  workers: Set<ManagedWorker>;
  /** Connections waiting for a ready worker. */
  queue: TcpHandle[];
}

interface Pending {
  handle: TcpHandle;
  listener: Listener;
  worker: ManagedWorker;
}

/** New connections go only to a worker that serves: not starting, not draining, not gone. */
const serves = (w: ManagedWorker) => w.state === 'ready' && w.worker.isConnected() && !w.worker.isDead();

export class Handoff {
  private readonly pending = new Map<number, Pending>();
  private readonly open = new Map<ManagedWorker, number>();
  private readonly waitTimers = new Map<TcpHandle, NodeJS.Timeout>();
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

  dispatch(handle: TcpHandle, l: Listener): void {
    const timer = this.waitTimers.get(handle);
    if (timer) {
      clearTimeout(timer);
      this.waitTimers.delete(handle);
    }
    const w = this.pick(handle, l);
    if (!w) return this.wait(handle, l);
    const id = ++this.nextId;
    this.pending.set(id, { handle, listener: l, worker: w });
    this.count(w, +1);
    const head = handle.head?.length ? handle.head.toString('base64') : undefined;
    w.worker.process.send(message.conn(id, l.key, head), (handle.native ?? handle) as unknown as net.Socket, {}, (err) => {
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
    p.handle.close();
  }

  refused(w: ManagedWorker, id: number): void {
    const p = this.pending.get(id);
    if (!p || p.worker !== w) return;
    this.pending.delete(id);
    this.count(w, -1);
    this.dispatch(p.handle, p.listener);
  }

  closed(w: ManagedWorker, n: number): void {
    this.count(w, -n);
  }

  workerGone(w: ManagedWorker): void {
    this.open.delete(w);
    for (const [id, p] of this.pending) if (p.worker === w) this.retry(id, 'worker exited');
  }

  /** The listener closed: what waits for it is closed too. */
  drop(l: Listener): void {
    for (const h of l.queue.splice(0)) {
      clearTimeout(this.waitTimers.get(h));
      this.waitTimers.delete(h);
      h.close();
    }
  }

  private wait(handle: TcpHandle, l: Listener): void {
    l.queue.push(handle);
    const timer = setTimeout(() => {
      this.waitTimers.delete(handle);
      const i = l.queue.indexOf(handle);
      if (i >= 0) l.queue.splice(i, 1);
      handle.close();
    }, this.waitLimitMs);
    timer.unref();
    this.waitTimers.set(handle, timer);
  }

  private retry(id: number, reason: string): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    this.count(p.worker, -1);
    const w = p.worker;
    logEvent(this.log, 'info', 'balance.handoff-retry', { slot: w.slot, pid: w.pid, reason }, `slot ${w.slot} did not take a connection (${reason}): handing it on`);
    this.dispatch(p.handle, p.listener);
  }

  private count(w: ManagedWorker, delta: number): void {
    if (!this.open.has(w) && (delta < 0 || w.worker.isDead())) return;
    this.open.set(w, Math.max(0, (this.open.get(w) ?? 0) + delta));
  }

  private pick(handle: TcpHandle, l: Listener): ManagedWorker | null {
    let only: ManagedWorker | null = null;
    const cands: (Candidate & { w: ManagedWorker })[] = [];
    for (const w of l.workers) {
      if (!serves(w)) continue;
      only = w;
      cands.push({ id: w.id, slot: w.slot, connections: this.connections(w), w });
    }
    if (cands.length <= 1) return only;
    const c = this.mode === 'ip-hash' ? pickIpHash(cands, handle.stickyKey ?? peerAddress(handle)) : pickLeastConn(cands, this.lastPicked);
    if (!c) return null;
    this.lastPicked = c.id;
    return (c as Candidate & { w: ManagedWorker }).w;
  }
}

function peerAddress(handle: TcpHandle): string | undefined {
  const out: { address?: string } = {};
  return handle.getpeername(out) === 0 ? out.address : undefined;
}
