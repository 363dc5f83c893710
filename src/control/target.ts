// Which supervisor a control command talks to: --socket, else --name, else the only
// one running for this user.
import fs from 'node:fs';
import path from 'node:path';
import { NoSupervisorError, UsageError } from '../errors.js';
import { defaultSocketDir, socketPathFor } from './paths.js';

export interface Target {
  socket: string;
  /** For messages: "'web'" or "socket /run/web.sock". */
  label: string;
}

export function findTarget(o: { name?: string | undefined; socket?: string | undefined }, env = process.env): Target {
  if (o.socket) return { socket: path.resolve(o.socket), label: `socket ${o.socket}` };
  if (o.name) return { socket: socketPathFor(o.name, '', env), label: `'${o.name}'` };
  const dir = defaultSocketDir(env);
  let names: string[] = [];
  try {
    names = fs.readdirSync(dir).filter((f) => f.endsWith('.sock'));
  } catch {
    // no directory: nothing runs
  }
  if (names.length === 1) {
    const name = names[0]!.slice(0, -'.sock'.length);
    return { socket: path.join(dir, names[0]!), label: `'${name}'` };
  }
  if (names.length === 0) throw new NoSupervisorError('this user', dir);
  throw new UsageError(
    `Several supervisors are running (${names.map((n) => n.slice(0, -5)).join(', ')}); pass --name to pick one.`,
  );
}
