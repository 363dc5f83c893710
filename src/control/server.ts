// The running supervisor's end of the control socket. Each request is routed through a
// table of handlers keyed by command; a bad line gets an error answer, never a crash.
// Every client is bounded (line size, queued requests, unread answers, idle time) and
// so is their number, so one slow or hostile client cannot delay the others.
import net from 'node:net';
import path from 'node:path';
import { ClusterizeError } from '../errors.js';
import { logEvent } from '../log-events.js';
import type { Logger } from '../logger.js';
import { LineFramer } from '../output/line-framer.js';
import { claimSocket } from './claim.js';
import { checkSocketPathLength, openPrivateDir, type VerifiedDir } from './paths.js';
import { parseRequest, type ControlCommand, type ControlRequest, type ControlResponse } from './protocol.js';

export type ControlHandlers = {
  [K in ControlCommand]: (req: Extract<ControlRequest, { cmd: K }>) => unknown;
};

export interface ControlServer {
  path: string;
  close(): void;
}

export const controlLimits = {
  /** Longest request line; a request is a few dozen bytes. */
  maxLineBytes: 64 * 1024,
  /** Clients connected at once; more are dropped as they connect. */
  maxClients: 32,
  /** Requests read ahead of the one being answered, per client. */
  maxQueued: 16,
  /** Answers a client has not read yet; past this it is dropped. */
  maxUnreadBytes: 1024 * 1024,
  /** A client that sends nothing and waits for nothing for this long is dropped. */
  idleMs: 10_000,
};

export async function startControlServer(
  socketPath: string,
  name: string,
  handlers: ControlHandlers,
  log: Logger,
  opts: { privateDir: boolean },
): Promise<ControlServer> {
  checkSocketPathLength(socketPath);
  const dir: VerifiedDir | null = opts.privateDir ? openPrivateDir(path.dirname(socketPath)) : null;
  const stopClients = new Set<net.Socket>();
  const server = net.createServer((socket) => serveClient(socket, handle, log, (s) => stopClients.add(s)));
  server.maxConnections = controlLimits.maxClients;
  server.on('drop', () => logEvent(log, 'debug', 'control.drop', { max: controlLimits.maxClients }, 'control client refused: too many at once'));

  async function handle(line: string): Promise<Answer> {
    const req = parseRequest(line);
    if ('invalid' in req) return { res: { id: req.id, ok: false, error: { code: 'CLUSTERIZE_ERR_CONTROL', message: `Bad request: ${req.invalid}` } } };
    try {
      const handler = handlers[req.cmd] as (r: ControlRequest) => unknown;
      const res: ControlResponse = { id: req.id, ok: true, result: (await handler(req)) ?? null };
      return { res, last: req.cmd === 'stop' };
    } catch (err) {
      const e = err as Error & { code?: string };
      if (!(err instanceof ClusterizeError)) logEvent(log, 'error', 'control.error', { err, cmd: req.cmd }, 'control command failed');
      return { res: { id: req.id, ok: false, error: { code: e.code ?? 'CLUSTERIZE_ERR_CONTROL', message: e.message } } };
    }
  }

  try {
    await claimSocket(server, { socket: socketPath, bindPath: dir ? dir.entry(path.basename(socketPath)) : socketPath, name });
  } catch (err) {
    dir?.close();
    throw err;
  }
  server.unref();
  logEvent(log, 'debug', 'control.listening', { socket: socketPath }, 'control socket listening');

  return {
    path: socketPath,
    close() {
      // Closing the listening socket unlinks its file (libuv does): never remove by
      // path ourselves, the path may by now hold the next supervisor's socket.
      server.close(() => dir?.close());
      for (const s of stopClients) s.end();
    },
  };
}

/** An answer, and whether it is the last one (after a stop there is nothing left to talk to). */
type Answer = { res: ControlResponse; last?: boolean };

function serveClient(socket: net.Socket, handle: (line: string) => Promise<Answer>, log: Logger, onStopClient: (s: net.Socket) => void): void {
  const queue: string[] = [];
  let busy = false;
  socket.on('error', () => {});
  let awaitingStop = false;
  socket.setTimeout(controlLimits.idleMs);
  // Not setTimeout's callback, which runs once: after a long reload, the wait starts again.
  socket.on('timeout', () => {
    // A stop or reload may take minutes to answer: only a client we owe nothing is idle.
    if (!busy && queue.length === 0 && !awaitingStop) socket.destroy();
  });
  const pump = (): void => {
    if (busy || socket.destroyed) return;
    const line = queue.shift();
    if (line === undefined) return;
    busy = true;
    void handle(line).then(({ res, last }) => {
      busy = false;
      if (socket.destroyed) return;
      if (socket.writableLength > controlLimits.maxUnreadBytes) {
        logEvent(log, 'debug', 'control.drop', { reason: 'unread' }, 'control client dropped: it does not read its answers');
        socket.destroy();
        return;
      }
      socket.write(JSON.stringify(res) + '\n');
      // A stop is answered at once and the connection stays open until the supervisor
      // is done (close() ends it, or the process exits): its client waits for that. An
      // answer written only after the stop would race with the process's exit.
      if (last) {
        awaitingStop = true;
        onStopClient(socket);
        return;
      }
      if (queue.length < controlLimits.maxQueued) socket.resume();
      // The next request of this client waits for a turn of the event loop: a client
      // that sends thousands of lines at once gets one answer per turn, like everyone.
      setImmediate(pump);
    });
  };
  // A line past the limit ends the conversation: the client gets one error answer.
  let overflowed = false;
  const framer = new LineFramer((bytes, cut) => {
    if (overflowed) return;
    if (cut) {
      overflowed = true;
      socket.off('data', onData);
      queue.length = 0;
      const error = { code: 'CLUSTERIZE_ERR_CONTROL', message: `Bad request: a line longer than ${controlLimits.maxLineBytes} bytes` };
      socket.end(JSON.stringify({ id: 0, ok: false, error }) + '\n');
      socket.destroySoon();
      return;
    }
    const line = bytes.toString('utf8');
    if (line.trim() === '') return;
    queue.push(line);
    if (queue.length >= controlLimits.maxQueued) socket.pause();
    pump();
  }, controlLimits.maxLineBytes);
  const onData = (chunk: Buffer) => framer.push(chunk);
  socket.on('data', onData);
}
