// --balance least-conn / ip-hash, the worker's half: the app's TCP servers do not bind
// through node:cluster; the primary listens for them (src/balance/balancer.ts) and
// hands each accepted socket over IPC. Nothing changes for the app: net.Server's own
// listen() asks node:cluster for a handle through cluster._getServer, and we answer
// with a stand-in handle shaped like node:cluster's own round-robin one
// (lib/internal/cluster/child.js), so 'listening', address(), close(), getConnections()
// and maxConnections all behave as they do under node:cluster.
import cluster from 'node:cluster';
import type net from 'node:net';
import { message, parseBalanceMessage, type BalancePrimaryMessage, type ListenRequest, type SockName, type WorkerMessage } from '../ipc/protocol.js';

interface ServerQuery {
  address: string | null;
  port: number;
  addressType: number;
  fd?: number | null;
  flags?: number;
  /** net passes false when the app gave none. */
  backlog?: number | false;
  ipv6Only?: boolean;
}

/** The internal handle net.Server drives; onconnection is set by net when it listens. */
interface StandInHandle {
  close(): void;
  listen(backlog: number): number;
  ref(): void;
  unref(): void;
  getsockname(out: object): number;
  onconnection?: (err: number, clientHandle: unknown) => void;
}

type GetServer = (obj: net.Server, options: ServerQuery, cb: (err: number, handle: StandInHandle | null) => void) => void;

interface Internals {
  _getServer: GetServer;
}

/** uv's TCP flag for ipv6Only, as net passes it in the query's flags. */
const UV_TCP_IPV6ONLY = 1;

/**
 * Installs the takeover; `send` is the agent's IPC writer, `sendRaw` its unguarded
 * process.send (the app's refuses NODE_ messages, see send-guard.ts). Only TCP ports go
 * to the primary: pipes, fds and exclusive servers keep node:cluster's way.
 */
export function takeOverListen(send: (msg: WorkerMessage) => void, sendRaw: (msg: object) => void): void {
  const internals = cluster as unknown as Internals;
  const original = internals._getServer;
  const handles = new Map<string, { handle: StandInHandle; server: net.Server }>();
  const waiting = new Map<number, (reply: BalancePrimaryMessage) => void>();
  // Per address: the open listens' indexes, like node:cluster's, so that a server closed
  // and listened again (with all others closed) meets the others' sockets again.
  const indexes = new Map<string, { next: number; open: Set<number> }>();
  const acks = batchAcks(send);
  let reqs = 0;

  internals._getServer = function getServer(this: unknown, obj, options, cb) {
    const tcp = (options.addressType === 4 || options.addressType === 6) && options.port >= 0 && typeof options.fd !== 'number';
    if (!tcp) return original.call(this, obj, options, cb);
    // Like node:cluster, the n-th listen on one address in a worker shares the
    // primary's socket with the n-th listen in the others (what makes port 0 work).
    const base = `${options.address}:${options.port}:${options.addressType}`;
    const slots = indexes.get(base) ?? { next: 0, open: new Set<number>() };
    indexes.set(base, slots);
    const index = slots.next++;
    slots.open.add(index);
    const release = () => {
      slots.open.delete(index);
      if (slots.open.size === 0) indexes.delete(base);
    };
    const l: ListenRequest = {
      key: `${base}:${index}`,
      address: options.address ?? null,
      port: options.port,
      addressType: options.addressType,
      backlog: typeof options.backlog === 'number' && options.backlog > 0 ? options.backlog : 511,
      ipv6Only: Boolean(options.ipv6Only) || ((options.flags ?? 0) & UV_TCP_IPV6ONLY) !== 0,
    };
    const req = ++reqs;
    waiting.set(req, (reply) => {
      if (reply.type !== 'listen-ok') {
        release();
        return cb(reply.type === 'listen-fail' ? reply.errno : -22, null);
      }
      const handle = standIn(reply.sockname, () => {
        release();
        handles.delete(l.key);
        send(message.unlisten(l.key));
      });
      handles.set(l.key, { handle, server: obj });
      countConnections(obj, acks);
      obj.once('listening', () => announceListening(obj, options, sendRaw));
      cb(0, handle);
    });
    send(message.listen(req, l));
  };

  process.on('internalMessage', (raw: unknown, clientHandle: unknown) => {
    const msg = parseBalanceMessage(raw);
    if (msg === null) return;
    if (msg.type !== 'conn') {
      waiting.get(msg.req)?.(msg);
      waiting.delete(msg.req);
      return;
    }
    const entry = handles.get(msg.key);
    if (!entry || !clientHandle) {
      // Our server closed while the primary was sending: it keeps its copy and hands it on.
      send(message.connRefused(msg.id));
      (clientHandle as { close?: () => void } | undefined)?.close?.();
      return;
    }
    acks.taken(msg.id);
    const before = counted.get(entry.server) ?? 0;
    lastConnection = null;
    entry.handle.onconnection?.(0, clientHandle);
    // net refused it (maxConnections) and closed it without a 'connection'.
    if ((counted.get(entry.server) ?? 0) === before) acks.closed();
    // --sticky-header: the primary read the request's first bytes; they go back in front
    // of the stream, before anything the kernel still holds (read on a later turn).
    else if (msg.head && lastConnection && !(lastConnection as net.Socket).destroyed) (lastConnection as net.Socket).unshift(Buffer.from(msg.head, 'base64'));
  });

  // Like node:cluster's workers: without the primary, the stand-ins must not keep us alive.
  process.once('disconnect', () => {
    for (const { handle } of handles.values()) handle.unref();
  });
}

/** Connections each taken-over server has emitted, to tell a refused one from a taken one. */
const counted = new WeakMap<net.Server, number>();
/** The socket the last handed connection became (its 'connection' is emitted synchronously). */
let lastConnection: net.Socket | null = null;

function countConnections(server: net.Server, acks: Acks): void {
  if (counted.has(server)) return;
  counted.set(server, 0);
  server.on('connection', (socket: net.Socket) => {
    counted.set(server, (counted.get(server) ?? 0) + 1);
    lastConnection = socket;
    socket.once('close', () => acks.closed());
  });
}

interface Acks {
  taken(id: number): void;
  closed(): void;
}

/**
 * Confirmations and close notices go out once per event-loop turn, not one message
 * each: under connection churn that halves the IPC traffic the primary reads.
 */
function batchAcks(send: (msg: WorkerMessage) => void): Acks {
  let taken: number[] = [];
  let closed = 0;
  let due = false;
  const flush = () => {
    due = false;
    if (taken.length) send(message.connTaken(taken));
    if (closed) send(message.connClosed(closed));
    taken = [];
    closed = 0;
  };
  const schedule = () => {
    if (!due) setImmediate(flush);
    due = true;
  };
  return {
    taken(id) {
      taken.push(id);
      schedule();
    },
    closed() {
      closed++;
      schedule();
    },
  };
}

/** node:cluster's primary emits 'listening' for a worker on this message; we listen without it, so we say it. */
function announceListening(server: net.Server, options: ServerQuery, sendRaw: (msg: object) => void): void {
  if (cluster.worker) (cluster.worker as unknown as { state: string }).state = 'listening';
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  sendRaw({ cmd: 'NODE_CLUSTER', act: 'listening', address: options.address, port, addressType: options.addressType, fd: options.fd ?? undefined });
}

/** A handle that owns no socket: the primary's socket stands behind it. */
function standIn(sockname: SockName, onClose: () => void): StandInHandle {
  let keepAlive: NodeJS.Timeout | null = null;
  let open = true;
  const handle: StandInHandle = {
    close() {
      if (!open) return;
      open = false;
      handle.unref();
      onClose();
    },
    listen: () => 0,
    // A listening server keeps its process alive, and an unref'd one does not.
    ref() {
      keepAlive ??= setInterval(() => {}, 2 ** 31 - 1);
    },
    unref() {
      if (keepAlive) clearInterval(keepAlive);
      keepAlive = null;
    },
    getsockname(out: object) {
      if (open) Object.assign(out, sockname);
      return 0;
    },
  };
  handle.ref();
  return handle;
}
