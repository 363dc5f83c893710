// Which supervisor a control command talks to: --socket, else --name, else the only
// one running for this user.
import fs from 'node:fs';
import path from 'node:path';
import { NoSupervisorError, UsageError } from '../errors.js';
import { isLive } from './claim.js';
import { checkPrivateDir, defaultSocketDir, socketPathFor } from './paths.js';

export interface Target {
  socket: string;
  /** For messages: "'web'" or "socket /run/web.sock". */
  label: string;
}

export async function findTarget(o: { name?: string | undefined; socket?: string | undefined }, env = process.env): Promise<Target> {
  if (o.socket) return { socket: path.resolve(o.socket), label: `socket ${o.socket}` };
  const dir = defaultSocketDir(env);
  // A directory someone else planted could hold a socket that impersonates ours.
  checkPrivateDir(dir);
  if (o.name) return { socket: socketPathFor(o.name, '', env), label: `'${o.name}'` };
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
      if (await isLive(path.join(dir, f))) live.push(f.slice(0, -'.sock'.length));
    }),
  );
  if (live.length === 1) return { socket: path.join(dir, `${live[0]}.sock`), label: `'${live[0]}'` };
  if (live.length === 0) throw new NoSupervisorError('this user', dir);
  throw new UsageError(`Several supervisors are running (${live.sort().join(', ')}); pass --name to pick one.`);
}
