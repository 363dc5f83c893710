// --balance least-conn / ip-hash, the primary's half: one listening socket per address
// the workers ask for (created once, shared by every worker that asks), each accepted
// connection handed to the worker the policy picks (choose.ts) and kept here until that
// worker confirms it (handoff.ts). The workers' half is src/worker/listen-takeover.ts.
import net from 'node:net';
import { message, type BalanceWorkerMessage, type ListenRequest, type SockName } from '../ipc/protocol.js';
import { logEvent } from '../log-events.js';
import type { Logger } from '../logger.js';
import type { ManagedWorker } from '../supervisor/managed-worker.js';
import { Handoff, type Listener, type TcpHandle } from './handoff.js';
import { describeStickySpec, type StickySpec } from './sticky-key.js';
import { readHead } from './sticky-read.js';

/** How long the primary waits for a request's headers (--sticky-header) before going by the address. */
export const STICKY_READ_MS = 1000;

export type HandoffMode = 'least-conn' | 'ip-hash';

export const isHandoffMode = (mode: string): mode is HandoffMode => mode === 'least-conn' || mode === 'ip-hash';

interface OwnedListener extends Listener {
  server: net.Server;
  bound: Promise<SockName>;
}

export class Balancer {
  private readonly listeners = new Map<string, OwnedListener>();
  private readonly handoff: Handoff;

  constructor(
    private readonly mode: HandoffMode,
    private readonly log: Logger,
    waitLimitMs: number,
    /** --sticky-header (ip-hash only): hash on this instead of the client address. */
    private readonly sticky: StickySpec | null = null,
  ) {
    this.handoff = new Handoff(mode, log, waitLimitMs);
  }

  /** Every forked worker: its listen requests, its confirmations, its end. */
  attach(w: ManagedWorker): void {
    w.on('balance', (msg) => this.onMessage(w, msg));
    w.on('state', (_from, to) => {
      if (to === 'ready') for (const l of this.listeners.values()) if (l.workers.has(w)) this.handoff.flush(l);
    });
    // node:cluster's exit, not ManagedWorker's (which waits for the output to flush):
    // a connection it never confirmed must move on at once.
    w.worker.once('exit', () => {
      for (const l of this.listeners.values()) l.workers.delete(w);
      this.handoff.workerGone(w);
    });
  }

  /** Open connections of w as the primary counts them (handed over and not yet closed). */
  connections(w: ManagedWorker): number {
    return this.handoff.connections(w);
  }

  /** At stop, after the workers: closes the listening sockets and whatever still waits. */
  close(): void {
    for (const l of this.listeners.values()) this.closeListener(l);
  }

  private onMessage(w: ManagedWorker, msg: BalanceWorkerMessage): void {
    switch (msg.type) {
      case 'listen':
        return this.listen(w, msg.req, msg);
      case 'unlisten': {
        const l = this.listeners.get(msg.key);
        if (!l) return;
        l.workers.delete(w);
        // Every worker closed its server (a stop, or the app closing it): so do we. A
        // worker that dies keeps its place open: connections wait for its restart.
        if (l.workers.size === 0) this.closeListener(l);
        return;
      }
      case 'conn-taken':
        for (const id of msg.ids) this.handoff.taken(w, id);
        return;
      case 'conn-refused':
        return this.handoff.refused(w, msg.id);
      case 'conn-closed':
        return this.handoff.closed(w, msg.n);
    }
  }

  private listen(w: ManagedWorker, req: number, r: ListenRequest): void {
    const l = this.listeners.get(r.key) ?? this.open(r);
    l.bound.then(
      (sockname) => {
        if (this.listeners.get(r.key) !== l || w.worker.isDead()) return;
        l.workers.add(w);
        w.worker.process.send(message.listenOk(req, sockname), undefined, {}, () => {});
        this.handoff.flush(l);
      },
      (err: NodeJS.ErrnoException) => {
        w.worker.process.send(message.listenFail(req, typeof err.errno === 'number' ? err.errno : -22), undefined, {}, () => {});
      },
    );
  }

  private open(r: ListenRequest): OwnedListener {
    const server = net.createServer();
    const l: OwnedListener = {
      key: r.key,
      server,
      workers: new Set(),
      queue: [],
      bound: new Promise<SockName>((resolve, reject) => {
        server.once('listening', () => resolve(server.address() as SockName));
        server.once('error', (err) => {
          this.listeners.delete(r.key);
          reject(err);
        });
      }),
    };
    l.bound.then(
      (s) => {
        const sticky = this.sticky ? describeStickySpec(this.sticky) : null;
        logEvent(this.log, 'info', 'balance.listen', { address: s.address, port: s.port, mode: this.mode, sticky }, `${this.mode}${sticky ? ` on ${sticky}` : ''}: listening on ${s.address}:${s.port}`);
      },
      () => {},
    );
    this.listeners.set(r.key, l);
    // Connections are taken at the handle, before net wraps each in a Socket: what
    // node:cluster's round-robin does too (see handoff.ts for why).
    server.once('listening', () => {
      const handle = (server as net.Server & { _handle?: { onconnection: (err: number, h: TcpHandle) => void } | null })._handle;
      if (!handle) return;
      handle.onconnection = (err, h) => {
        if (err !== 0 || !h) return;
        if (this.sticky) readHead(h, this.sticky, STICKY_READ_MS, (read) => this.handoff.dispatch(read, l));
        else this.handoff.dispatch(h, l);
      };
    });
    server.listen({ port: r.port, host: r.address ?? undefined, backlog: r.backlog, ipv6Only: r.ipv6Only });
    return l;
  }

  private closeListener(l: OwnedListener): void {
    if (this.listeners.get(l.key) !== l) return;
    this.listeners.delete(l.key);
    l.server.close();
    this.handoff.drop(l);
  }
}
