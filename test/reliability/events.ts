// Record matchers and process readings shared by the reliability suite.
import fs from 'node:fs';
import type { LogRecord } from '../helpers/cli-process.js';

// TEMP until main's records carry `event` (issue #10): recognise the old wording.
const legacy: Record<string, RegExp> = {
  'cluster.ready': /^all \d+ workers ready/,
  'worker.fork': /^fork slot/,
  'worker.ready': /^slot \d+ ready in/,
  'worker.exit': /^slot \d+ worker \d+ (exited|died)/,
  'worker.giveup': /giving up$/,
};

export const isEvent = (name: string) => (r: LogRecord) => r.event === name || (r.event === undefined && !!legacy[name]?.test(r.msg));

/** Resident memory of a process, from the kernel. */
export function rssBytes(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m?.[1] ?? 0) * 1024;
}

export function openFds(pid: number): number {
  return fs.readdirSync(`/proc/${pid}/fd`).length;
}

export const MB = 1024 * 1024;
