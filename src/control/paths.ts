// Where a supervisor's control socket lives. The default directory is private to the
// user (mode 0700), so no one else can reach the socket or plant one in its place.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InvalidOptionError, SocketDirError } from '../errors.js';

export function defaultSocketDir(env: NodeJS.ProcessEnv = process.env, uid = os.userInfo().uid): string {
  // $XDG_RUNTIME_DIR is already per-user and 0700 (systemd makes it so).
  if (env.XDG_RUNTIME_DIR) return path.join(env.XDG_RUNTIME_DIR, 'clusterize');
  return path.join(os.tmpdir(), `clusterize-${uid}`);
}

export function socketPathFor(name: string, socket: string, env: NodeJS.ProcessEnv = process.env): string {
  return socket ? path.resolve(socket) : path.join(defaultSocketDir(env), `${name}.sock`);
}

/** sun_path holds 108 bytes with the final NUL; Node would bind a longer path cut short. */
export const MAX_SOCKET_PATH_BYTES = 107;

/** Refuses a socket path the kernel would truncate, where no client could find it. */
export function checkSocketPathLength(socketPath: string): void {
  const bytes = Buffer.byteLength(socketPath);
  if (bytes > MAX_SOCKET_PATH_BYTES) {
    throw new InvalidOptionError(
      'socket (--socket)',
      socketPath,
      `use a path of at most ${MAX_SOCKET_PATH_BYTES} bytes (a limit of Unix sockets; this one has ${bytes}), or a shorter --name`,
    );
  }
}

/** A directory opened and checked once; entries are reached through the open descriptor. */
export interface VerifiedDir {
  /** The path to bind, connect or unlink `base` in this very directory. */
  entry(base: string): string;
  close(): void;
}

// Linux resolves /proc/self/fd/N to the directory the descriptor holds, so what is
// bound later is in the directory that was checked, even if its path was swapped since.
const viaProc = fs.existsSync('/proc/self/fd');
const openFlags = fs.constants.O_RDONLY | fs.constants.O_DIRECTORY | fs.constants.O_NOFOLLOW;

/**
 * Creates the default directory if needed, opens it without following a symlink, and
 * checks owner and mode on the opened directory itself: no window between check and use.
 */
export function openPrivateDir(dir: string): VerifiedDir {
  try {
    fs.mkdirSync(dir, { mode: 0o700 });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    else if (code !== 'EEXIST') throw new SocketDirError(dir, `cannot be created (${code})`);
  }
  let fd: number;
  try {
    fd = fs.openSync(dir, openFlags);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // With O_DIRECTORY, Linux says ENOTDIR for a symlink too: tell them apart for the message.
    const link = fs.lstatSync(dir, { throwIfNoEntry: false })?.isSymbolicLink();
    const problem = link ? 'is a symbolic link' : code === 'ENOTDIR' ? 'is not a directory' : `cannot be opened (${code})`;
    throw new SocketDirError(dir, problem);
  }
  try {
    checkPrivate(dir, fs.fstatSync(fd));
  } catch (err) {
    fs.closeSync(fd);
    throw err;
  }
  return {
    entry: (base) => (viaProc ? `/proc/self/fd/${fd}/${base}` : path.join(dir, base)),
    close: () => fs.closeSync(fd),
  };
}

/** For a client: refuses to talk through a default directory someone else could have planted. */
export function checkPrivateDir(dir: string): boolean {
  const st = fs.lstatSync(dir, { throwIfNoEntry: false });
  if (!st) return false;
  checkPrivate(dir, st);
  return true;
}

function checkPrivate(dir: string, st: fs.Stats): void {
  const uid = os.userInfo().uid;
  if (st.isSymbolicLink()) throw new SocketDirError(dir, 'is a symbolic link');
  if (!st.isDirectory()) throw new SocketDirError(dir, 'is not a directory');
  if (st.uid !== uid) throw new SocketDirError(dir, `belongs to uid ${st.uid}, not to you (uid ${uid})`);
  if ((st.mode & 0o077) !== 0) throw new SocketDirError(dir, `is open to other users (mode ${(st.mode & 0o777).toString(8)})`);
}
