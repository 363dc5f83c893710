// One supervisor per control socket, decided by the kernel: bind() on a path that
// exists fails, so of several supervisors started at once exactly one binds. A socket
// file left by a killed supervisor (nothing accepts on it) is taken over, under a lock
// the kernel releases when its holder dies, so two starters never both replace it.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { AlreadyRunningError, ControlError, SocketPathError } from '../errors.js';
import { hashHex } from '../hash.js';
import { request } from './client.js';

export interface ClaimTarget {
  /** The path users know, for messages. */
  socket: string;
  /** The path to bind: the same file, possibly reached through a verified directory descriptor. */
  bindPath: string;
  name: string;
}

/** Listens on the target socket or throws AlreadyRunningError / SocketPathError. */
export async function claimSocket(server: net.Server, t: ClaimTarget): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const err = await tryListen(server, t.bindPath);
    if (err === null) return;
    if (err.code !== 'EADDRINUSE') throw new ControlError(`Cannot listen on the control socket ${t.socket}: ${err.message}`, err);
    checkOurs(t);
    if (await isLive(t.bindPath)) throw new AlreadyRunningError(t.name, t.socket, await pidBehind(t.bindPath));
    // Stale. Under the lock nobody else unlinks, and a live socket cannot appear on a
    // path that is taken, so a socket found dead here is still dead when removed.
    const won = await withTakeoverLock(t.socket, async () => {
      if (!fs.lstatSync(t.bindPath, { throwIfNoEntry: false })) return false;
      checkOurs(t);
      // A winner binds and then listens: a socket refusing for a moment may be newborn.
      await sleep(50);
      if (await isLive(t.bindPath)) return false;
      fs.unlinkSync(t.bindPath);
      return (await tryListen(server, t.bindPath)) === null;
    });
    if (won) return;
  }
  throw new ControlError(`Could not claim the control socket ${t.socket}: other supervisors keep racing for it; try again.`);
}

/** Only a socket of ours may be replaced: anything else at the path is left alone. */
function checkOurs(t: ClaimTarget): void {
  const st = fs.lstatSync(t.bindPath, { throwIfNoEntry: false });
  if (!st) return;
  if (!st.isSocket()) throw new SocketPathError(t.socket, `exists and is ${kindOf(st)}, not a socket`);
  const uid = os.userInfo().uid;
  if (st.uid !== uid) throw new SocketPathError(t.socket, `is a socket of uid ${st.uid}, not yours (uid ${uid})`);
}

function kindOf(st: fs.Stats): string {
  if (st.isFile()) return 'a regular file';
  if (st.isDirectory()) return 'a directory';
  if (st.isSymbolicLink()) return 'a symbolic link';
  return 'a special file';
}

function tryListen(server: net.Server, where: string): Promise<NodeJS.ErrnoException | null> {
  return new Promise((resolve) => {
    const onError = (err: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      resolve(err);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve(null);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    // Born 0600: no moment in which others could connect (the bind is synchronous here).
    const umask = process.umask(0o177);
    try {
      server.listen(where);
    } finally {
      process.umask(umask);
    }
  });
}

/** Anything but "refused" or "gone" means a process holds the socket (a full backlog too). */
export function isLive(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(socketPath);
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', (err: NodeJS.ErrnoException) => resolve(err.code !== 'ECONNREFUSED' && err.code !== 'ENOENT'));
  });
}

async function pidBehind(socketPath: string): Promise<number | null> {
  try {
    const s = (await request(socketPath, { cmd: 'status' }, { target: socketPath, timeoutMs: 2000 })) as { pid?: unknown };
    return typeof s?.pid === 'number' ? s.pid : null;
  } catch {
    return null;
  }
}

const LOCK_WAIT_MS = 3000;

/**
 * Linux's abstract socket names vanish with the process that bound them: a lock that
 * cannot go stale. Elsewhere the takeover runs unlocked (a narrow race remains there).
 */
async function withTakeoverLock<T>(socket: string, fn: () => Promise<T>): Promise<T> {
  if (process.platform !== 'linux') return fn();
  const key = hashHex(`${os.userInfo().uid}\0${socket}`);
  const lock = net.createServer();
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    const err = await tryListen(lock, `\0clusterize-takeover-${key}`);
    if (err === null) break;
    if (err.code !== 'EADDRINUSE' || Date.now() > deadline) {
      throw new ControlError(`Could not take over the stale control socket ${socket}: ${err.code === 'EADDRINUSE' ? 'another start holds the takeover lock' : err.message}; try again.`, err);
    }
    await sleep(20);
  }
  try {
    return await fn();
  } finally {
    lock.close();
  }
}
