// The CLI's end of the control socket: one request, one answer.
import net from 'node:net';
import { ControlError, NoSupervisorError } from '../errors.js';
import { forEachLine } from '../output/line-framer.js';
import type { ControlRequest, ControlResponse } from './protocol.js';

/** A status of hundreds of workers fits many times over; a cut answer fails to parse. */
const MAX_ANSWER_BYTES = 64 * 1024 * 1024;

type Body = ControlRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

export interface RequestOptions {
  /** Who we meant, for the error message: "'web'" or "socket /path". */
  target: string;
  /** Wait for the supervisor to close the connection after it answered (stop). */
  waitForClose?: boolean;
  /** Give up on a supervisor that does not answer within this time. */
  timeoutMs?: number;
}

export function request(socketPath: string, body: Body, o: RequestOptions): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(socketPath);
    let answer: ControlResponse | null = null;
    socket.once('error', (err: NodeJS.ErrnoException) => {
      if (answer) return;
      if (err.code === 'ENOENT' || err.code === 'ECONNREFUSED' || err.code === 'ENOTSOCK') {
        reject(new NoSupervisorError(o.target, socketPath));
      } else {
        reject(new ControlError(`Cannot reach the supervisor on ${socketPath}: ${err.message}`, err));
      }
    });
    socket.once('connect', () => socket.write(JSON.stringify({ id: 1, ...body }) + '\n'));
    if (o.timeoutMs !== undefined) {
      socket.setTimeout(o.timeoutMs, () => {
        if (!answer) socket.destroy(new ControlError(`The supervisor on ${socketPath} did not answer within ${o.timeoutMs} ms.`));
      });
    }
    void forEachLine(socket, (line) => {
      if (answer || line.trim() === '') return;
      try {
        answer = JSON.parse(line) as ControlResponse;
      } catch {
        reject(new ControlError(`The supervisor on ${socketPath} sent an unreadable answer.`));
        socket.destroy();
        return;
      }
      if (!o.waitForClose) socket.end();
    }, MAX_ANSWER_BYTES).then(() => {
      if (!answer) return reject(new ControlError(`The supervisor on ${socketPath} closed the connection without answering.`));
      if (answer.ok) resolve(answer.result);
      else reject(Object.assign(new ControlError(answer.error.message), { remoteCode: answer.error.code }));
    });
  });
}
