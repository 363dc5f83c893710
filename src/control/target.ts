// Which supervisor a control command talks to: --socket, else --name, else the only
// one running for this user.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { NoSupervisorError, UsageError } from '../errors.js';
import { defaultSocketDir, socketPathFor } from './paths.js';

export interface Target {
  socket: string;
  /** For messages: "'web'" or "socket /run/web.sock". */
  label: string;
}

export async function findTarget(o: { name?: string | undefined; socket?: string | undefined }, env = process.env): Promise<Target> {
  if (o.socket) return { socket: path.resolve(o.socket), label: `socket ${o.socket}` };
  if (o.name) return { socket: socketPathFor(o.name, '', env), label: `'${o.name}'` };
  const dir = defaultSocketDir(env);
  let files: string[] = [];
  try {
    files = fs.readdirSync(dir).filter((f) => f.endsWith('.sock'));
  } catch {
    // no directory: nothing runs
  }
  // A supervisor that was SIGKILLed leaves its socket file behind: only live ones count.
  const live: string[] = [];
  await Promise.all(
    files.map(async (f) => {
      if (await answers(path.join(dir, f))) live.push(f.slice(0, -'.sock'.length));
    }),
  );
  if (live.length === 1) return { socket: path.join(dir, `${live[0]}.sock`), label: `'${live[0]}'` };
  if (live.length === 0) throw new NoSupervisorError('this user', dir);
  throw new UsageError(`Several supervisors are running (${live.sort().join(', ')}); pass --name to pick one.`);
}

/** Is a live supervisor behind this socket path? */
export function answers(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(socketPath);
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}
