// Where a supervisor's control socket lives. The default directory is private to the
// user (mode 0700), so no one else can reach the socket or plant one in its place.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SocketDirError } from '../errors.js';

export function defaultSocketDir(env: NodeJS.ProcessEnv = process.env, uid = os.userInfo().uid): string {
  // $XDG_RUNTIME_DIR is already per-user and 0700 (systemd makes it so).
  if (env.XDG_RUNTIME_DIR) return path.join(env.XDG_RUNTIME_DIR, 'clusterize');
  return path.join(os.tmpdir(), `clusterize-${uid}`);
}

export function socketPathFor(name: string, socket: string, env: NodeJS.ProcessEnv = process.env): string {
  return socket ? path.resolve(socket) : path.join(defaultSocketDir(env), `${name}.sock`);
}

/** Creates the default directory if needed and refuses one that others could write. */
export function ensurePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = fs.statSync(dir);
  const uid = os.userInfo().uid;
  if (!st.isDirectory()) throw new SocketDirError(dir, 'is not a directory');
  if (st.uid !== uid) throw new SocketDirError(dir, `belongs to uid ${st.uid}, not to you (uid ${uid})`);
  if ((st.mode & 0o077) !== 0) throw new SocketDirError(dir, `is open to other users (mode ${(st.mode & 0o777).toString(8)})`);
}
