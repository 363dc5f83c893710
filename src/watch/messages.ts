// What watch mode prints. Pure.
import path from 'node:path';
import type { FailedWorkerExit } from '../errors.js';
import { plural } from '../text.js';

/** "src/a.js", "src/a.js and 1 other file", "src/a.js and 19 other files". */
export function describeFiles(files: readonly string[], cwd: string): string {
  const first = files[0] === undefined ? 'a file' : shortPath(files[0], cwd);
  const others = files.length - 1;
  return others <= 0 ? first : `${first} and ${plural(others, 'other file')}`;
}

export function triggerFor(files: readonly string[], cwd: string): string {
  return `watch: ${describeFiles(files, cwd)}`;
}

export function reloadedLine(files: readonly string[], cwd: string, durationMs: number): string {
  return `${describeFiles(files, cwd)} changed: reloaded in ${durationMs} ms`;
}

export function failedLine(files: readonly string[], cwd: string, why: string): string {
  return `reload after change to ${describeFiles(files, cwd)} failed: ${why} — still serving the previous code`;
}

export function loopLine(files: readonly string[], cwd: string, reloads: number): string {
  const names = files.map((f) => shortPath(f, cwd));
  return (
    `${describeFiles(files, cwd)} changed while the new workers started, ${reloads} reloads in a row: ` +
    `if the app writes ${files.length === 1 ? 'it' : 'them'}, add --ignore-watch ${names.join(' ')} to end the loop`
  );
}

/** Why a replacement worker did not take over, from what the supervisor reported of it. */
export function whyFailed(exit: FailedWorkerExit | null, listenTimeoutMs: number): string {
  if (exit === null) return `the new worker was not ready within listen-timeout (${listenTimeoutMs} ms)`;
  if (exit.lastError) return exit.lastError;
  return `the new worker exited (${exit.signal ?? `code ${exit.code}`}) before it was ready`;
}

function shortPath(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  return rel && !rel.startsWith('..' + path.sep) && rel !== '..' && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : file;
}

/** chokidar's errors, with what to do about the ones a big project runs into. */
export function watchErrorLine(err: Error & { code?: string }): string {
  if (err.code === 'ENOSPC') {
    return `watch: ${err.message}; the system allows no more file watchers: raise fs.inotify.max_user_watches (sysctl), or watch less with --watch <dir> and --ignore-watch`;
  }
  if (err.code === 'EMFILE') {
    return `watch: ${err.message}; too many open files: raise the limit (ulimit -n), or watch less with --watch <dir> and --ignore-watch`;
  }
  return `watch: ${err.message}`;
}
