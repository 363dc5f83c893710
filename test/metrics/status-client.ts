// Reads a running supervisor's status over its real control socket, the way
// `clusterize status --json` does, without starting a process per look.
import { request } from '../../src/control/client.js';
import { findTarget } from '../../src/control/target.js';
import type { SupervisorStatus, WorkerStatus } from '../../src/supervisor/status.js';
import { testEnv } from '../helpers/runtime-dir.js';
import { until } from '../helpers/wait.js';

export async function statusOf(name: string): Promise<SupervisorStatus> {
  const t = await findTarget({ name }, testEnv());
  return request(t.socket, { cmd: 'status' }, { target: t.label }) as Promise<SupervisorStatus>;
}

/** Polls the status until check passes on it; fails with the last status seen. */
export async function waitForStatus(name: string, check: (s: SupervisorStatus) => boolean, what: string, ms = 10_000): Promise<SupervisorStatus> {
  let last = null as SupervisorStatus | null;
  try {
    await until(async () => check((last = await statusOf(name))), what, ms);
  } catch (err) {
    throw new Error(`${(err as Error).message}; last status: ${JSON.stringify(last?.workers)}`);
  }
  return last!;
}

export const slot = (s: SupervisorStatus, n: number): WorkerStatus | undefined => s.workers.find((w) => w.slot === n && w.state === 'ready');

/** VmRSS from /proc/<pid>/status, in bytes: the kernel's own number. */
export async function vmRss(pid: number): Promise<number> {
  const fs = await import('node:fs/promises');
  const m = /^VmRSS:\s+(\d+) kB$/m.exec(await fs.readFile(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no VmRSS for ${pid}`);
  return Number(m[1]) * 1024;
}
