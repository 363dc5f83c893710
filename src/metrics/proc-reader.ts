// Reads CPU time, age and resident memory of processes from the operating system.
// On Linux straight from /proc, opening and closing each file per read: pidusage keeps
// a descriptor of /proc/<pid>/stat per pid it has seen, dead ones included until they
// expire, which grew the primary's descriptors without bound in a crash loop. Other
// platforms use pidusage, which runs `ps` there and keeps no descriptor; it is loaded
// only there, since a CommonJS package costs the primary's start-up and memory.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { statFields } from '../os/proc-stat.js';
import type { ProcReading } from './os-sample.js';

let units: { tick: number; page: number } | null = null;

function getconf(name: string, fallback: number): number {
  try {
    const n = Number(execFileSync('getconf', [name], { encoding: 'utf8' }).trim());
    return n > 0 ? n : fallback;
  } catch {
    return fallback;
  }
}

/** Pure: a /proc/<pid>/stat line and the system uptime (s) into a reading. */
export function parseProcStat(stat: string, uptimeSeconds: number, tick: number, page: number): ProcReading {
  const f = statFields(stat);
  const ticks = Number(f[11]) + Number(f[12]);
  return {
    ctimeMs: (ticks * 1000) / tick,
    elapsedMs: Math.max(0, uptimeSeconds * 1000 - (Number(f[19]) * 1000) / tick),
    rssBytes: Number(f[21]) * page,
  };
}

// Synchronous on purpose: a /proc file is generated in memory and read in microseconds,
// while the promise API goes through the thread pool and a FileHandle per read, and
// that churn, at every sampling interval, grew the primary's RSS (measured).
async function readLinux(pids: number[]): Promise<Map<number, ProcReading>> {
  units ??= { tick: getconf('CLK_TCK', 100), page: getconf('PAGESIZE', 4096) };
  const { tick, page } = units;
  const uptime = Number(fs.readFileSync('/proc/uptime', 'latin1').split(' ')[0]);
  const out = new Map<number, ProcReading>();
  for (const pid of pids) {
    try {
      out.set(pid, parseProcStat(fs.readFileSync(`/proc/${pid}/stat`, 'latin1'), uptime, tick, page));
    } catch {
      // Died since it was listed: no reading.
    }
  }
  return out;
}

async function readWithPidusage(pids: number[]): Promise<Map<number, ProcReading>> {
  // pidusage rewrites the array it is given, and rejects all when one pid just died.
  const { default: pidusage } = await import('pidusage');
  const stats = await pidusage([...pids]);
  const out = new Map<number, ProcReading>();
  for (const pid of pids) {
    const st = stats[pid];
    if (st) out.set(pid, { ctimeMs: st.ctime, elapsedMs: st.elapsed, rssBytes: st.memory });
  }
  return out;
}

export function readProcesses(pids: number[]): Promise<Map<number, ProcReading>> {
  return process.platform === 'linux' ? readLinux(pids) : readWithPidusage(pids);
}
