// The lines watch mode prints, one per reload. Pure.
import path from 'node:path';

/** "src/a.js", "src/a.js and 1 other file", "src/a.js and 19 other files". */
export function describeFiles(files: readonly string[], cwd: string): string {
  const first = files[0] === undefined ? 'a file' : shortPath(files[0], cwd);
  const others = files.length - 1;
  return others <= 0 ? first : `${first} and ${others} other file${others === 1 ? '' : 's'}`;
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

/** Why a replacement worker did not take over, from what the supervisor reported of it. */
export function whyFailed(exit: { code: number | null; signal: string | null; lastError?: string } | null, listenTimeoutMs: number): string {
  if (exit === null) return `the new worker was not ready within listen-timeout (${listenTimeoutMs} ms)`;
  if (exit.lastError) return exit.lastError;
  return `the new worker exited (${exit.signal ?? `code ${exit.code}`}) before it was ready`;
}

function shortPath(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  return rel && !rel.startsWith('..' + path.sep) && rel !== '..' && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : file;
}
