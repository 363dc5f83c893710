// The commands that talk to a running supervisor: status, stop, reload, scale.
import { request } from '../../control/client.js';
import { findTarget } from '../../control/target.js';
import { parseEnv, parseInstances } from '../../options/values.js';
import type { SupervisorStatus } from '../../supervisor/status.js';
import type { ReloadResult } from '../../supervisor/events.js';
import { formatStatus } from '../format-status.js';
import { watchStatus } from './monit.js';
import type { Io } from '../io.js';
import { readCpuBudget } from '../../options/read-cpu-quota.js';
import { plural } from '../../text.js';

type Argv = Record<string, unknown> & { name?: string; socket?: string };

export async function status(argv: Argv, io: Io): Promise<number> {
  if (argv.watch) return watchStatus(argv, io);
  const t = await findTarget(argv);
  const s = (await request(t.socket, { cmd: 'status' }, { target: t.label })) as SupervisorStatus;
  io.out(argv.json ? JSON.stringify(s) : formatStatus(s));
  return 0;
}

export async function stop(argv: Argv, io: Io): Promise<number> {
  const t = await findTarget(argv);
  await request(t.socket, { cmd: 'stop' }, { target: t.label, waitForClose: true });
  io.out(`stopped ${t.label}`);
  return 0;
}

export async function reload(argv: Argv, io: Io): Promise<number> {
  const t = await findTarget(argv);
  // Checked here too, so a typo is a usage error (exit 2) before the supervisor is asked.
  const env = argv.env === undefined ? undefined : parseEnv('env', argv.env);
  const r = (await request(t.socket, env ? { cmd: 'reload', env } : { cmd: 'reload' }, { target: t.label })) as ReloadResult;
  io.out(`reloaded ${plural(r.slots, 'worker')} of ${t.label} in ${r.durationMs} ms`);
  if (r.config?.changed.length) io.out(`new configuration (generation ${r.config.generation}): ${r.config.changed.join(', ')}`);
  if (r.config?.needsRestart.length) io.out(`needs a restart to change: ${r.config.needsRestart.join(', ')} (kept as they were)`);
  return 0;
}

export async function scale(argv: Argv, io: Io): Promise<number> {
  // 'max' means here what it means to `clusterize -i max`: the CPU quota counts.
  const instances = parseInstances('instances', argv.instances, readCpuBudget().cpus);
  const t = await findTarget(argv);
  await request(t.socket, { cmd: 'scale', instances }, { target: t.label });
  io.out(`scaled ${t.label} to ${plural(instances, 'worker')}`);
  return 0;
}
