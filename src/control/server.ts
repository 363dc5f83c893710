// The running supervisor's end of the control socket. Each request is routed through a
// table of handlers keyed by command; a bad line gets an error answer, never a crash.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { AlreadyRunningError, ClusterizeError } from '../errors.js';
import type { Logger } from '../logger.js';
import { logEvent } from '../log-events.js';
import { forEachLine } from '../supervisor/line-splitter.js';
import { ensurePrivateDir } from './paths.js';
import { answers } from './target.js';
import { parseRequest, type ControlCommand, type ControlRequest, type ControlResponse } from './protocol.js';

export type ControlHandlers = {
  [K in ControlCommand]: (req: Extract<ControlRequest, { cmd: K }>) => unknown;
};

export interface ControlServer {
  path: string;
  close(): void;
}

export async function startControlServer(
  socketPath: string,
  name: string,
  handlers: ControlHandlers,
  log: Logger,
  opts: { privateDir: boolean },
): Promise<ControlServer> {
  if (opts.privateDir) ensurePrivateDir(path.dirname(socketPath));
  if (await answers(socketPath)) throw new AlreadyRunningError(name, socketPath);
  fs.rmSync(socketPath, { force: true }); // a stale socket from a supervisor that was killed

  const server = net.createServer((socket) => {
    socket.on('error', () => {});
    void forEachLine(socket, (line) => {
      if (line.trim() === '') return;
      void handle(line).then((res) => {
        if (socket.destroyed) return;
        socket.write(JSON.stringify(res) + '\n');
        // After a stop there is nothing left to talk to: closing tells the client we are done.
        if (res.ok && JSON.parse(line).cmd === 'stop') socket.end();
      });
    });
  });

  async function handle(line: string): Promise<ControlResponse> {
    const req = parseRequest(line);
    if ('invalid' in req) return { id: req.id, ok: false, error: { code: 'CLUSTERIZE_ERR_CONTROL', message: `Bad request: ${req.invalid}` } };
    try {
      const handler = handlers[req.cmd] as (r: ControlRequest) => unknown;
      return { id: req.id, ok: true, result: (await handler(req)) ?? null };
    } catch (err) {
      const e = err as Error & { code?: string };
      if (!(err instanceof ClusterizeError)) logEvent(log, 'error', 'control.error', { err, cmd: req.cmd }, 'control command failed');
      return { id: req.id, ok: false, error: { code: e.code ?? 'CLUSTERIZE_ERR_CONTROL', message: e.message } };
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => {
      server.off('error', reject);
      resolve();
    });
  });
  fs.chmodSync(socketPath, 0o600);
  server.unref();
  logEvent(log, 'debug', 'control.listening', { socket: socketPath }, 'control socket listening');

  return {
    path: socketPath,
    close() {
      server.close();
      fs.rmSync(socketPath, { force: true });
    },
  };
}
