// Record matchers and process readings shared by the reliability suite.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { LogRecord } from '../helpers/cli-process.js';

export const isEvent = (name: string) => (r: LogRecord) => r.event === name;

/** Resident memory of a process, from the kernel. */
export function rssBytes(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m?.[1] ?? 0) * 1024;
}

export function openFds(pid: number): number {
  return fs.readdirSync(`/proc/${pid}/fd`).length;
}

export const MB = 1024 * 1024;

/** Signals one worker; refuses pids <= 0, which would reach a whole group or every process we own. */
export function signalWorker(pid: number | undefined, signal: NodeJS.Signals): void {
  assert.ok(typeof pid === 'number' && pid > 0, `a worker pid, not ${pid}`);
  process.kill(pid, signal);
}
