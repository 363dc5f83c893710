// Turns the operating system's readings of a worker (pidusage: CPU time and age of the
// process, resident memory) into an OsSample. Pure.
//
// pidusage's own `cpu` field is computed from two reads taken back to back on the
// first call, so a new process reads 0% (PM2 shows exactly that). We compute CPU from
// deltas of `ctime` ourselves, and for a pid seen for the first time we use its
// lifetime average (CPU time / age), which is a real measurement, boot included.
import type { OsSample } from '../supervisor/status.js';

export interface ProcReading {
  /** User + system CPU time since the process started. */
  ctimeMs: number;
  /** Age of the process. */
  elapsedMs: number;
  rssBytes: number;
}

export interface Tracked {
  reading: ProcReading;
  sample: OsSample;
}

/** Younger than this, a lifetime average is a handful of clock ticks: say nothing yet. */
export const MIN_AGE_MS = 100;

export function nextOsSample(prev: Tracked | undefined, cur: ProcReading): OsSample {
  const base = { cpuSeconds: cur.ctimeMs / 1000, rssBytes: cur.rssBytes };
  // The same pid with less CPU or a younger age is another process (pid reuse).
  const same = prev !== undefined && cur.ctimeMs >= prev.reading.ctimeMs && cur.elapsedMs >= prev.reading.elapsedMs;
  if (!same) {
    return { ...base, cpuPercent: cur.elapsedMs >= MIN_AGE_MS ? (cur.ctimeMs / cur.elapsedMs) * 100 : null };
  }
  const wall = cur.elapsedMs - prev.reading.elapsedMs;
  // Two reads within one clock tick measure nothing new.
  if (wall <= 0) return { ...base, cpuPercent: prev.sample.cpuPercent };
  return { ...base, cpuPercent: ((cur.ctimeMs - prev.reading.ctimeMs) / wall) * 100 };
}
