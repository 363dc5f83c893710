// Reads the cgroup files cpu-quota.ts understands. Any file that cannot be read (not
// Linux, no cgroup mounted, a controller not delegated) just means no quota from it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cpuBudget, cpuCgroupDirs, parseCfsQuota, parseCpuMax, tightestQuota, type CpuBudget, type CpuQuota } from './cpu-quota.js';

const read = (file: string): string | null => {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
};

export function readCpuQuota(): CpuQuota | null {
  const procCgroup = read('/proc/self/cgroup');
  const mountInfo = read('/proc/self/mountinfo');
  if (procCgroup === null || mountInfo === null) return null;
  const found: (CpuQuota | null)[] = [];
  for (const { version, dirs } of cpuCgroupDirs(procCgroup, mountInfo)) {
    for (const dir of dirs) {
      if (version === 2) {
        const source = path.join(dir, 'cpu.max');
        const text = read(source);
        const cpus = text === null ? null : parseCpuMax(text);
        found.push(cpus === null ? null : { cpus, source });
      } else {
        const source = path.join(dir, 'cpu.cfs_quota_us');
        const quota = read(source);
        const period = read(path.join(dir, 'cpu.cfs_period_us'));
        const cpus = quota === null || period === null ? null : parseCfsQuota(quota, period);
        found.push(cpus === null ? null : { cpus, source });
      }
    }
  }
  return tightestQuota(found);
}

/** What -i max means on this machine, in this container. */
export function readCpuBudget(): CpuBudget {
  return cpuBudget(os.availableParallelism(), readCpuQuota());
}
