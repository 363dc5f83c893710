// A cgroup with a CPU quota, made for one test and removed after it: cgroup v1's cpu
// hierarchy where the cpu controller is mounted there (hybrid hosts), else cgroup v2
// with +cpu delegated to the new child. Needs root and a writable cgroup file system;
// otherwise the test skips with the reason.
import fs from 'node:fs';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { parseMountInfo } from '../../src/options/cpu-quota.js';
import { until } from './wait.js';

export interface QuotaCgroup {
  /** Write a pid here to move that process into the cgroup. */
  procs: string;
  /** The file whose value the supervisor should report. */
  limitFile: string;
}

export function makeCpuCgroup(t: TestContext, cpus: number): QuotaCgroup | { skip: string } {
  if (process.getuid?.() !== 0) return skipped('not running as root: cannot create a cgroup');
  const mounts = parseMountInfo(fs.readFileSync('/proc/self/mountinfo', 'utf8'));
  const v1 = mounts.find((m) => m.version === 1 && m.controllers.includes('cpu'));
  const v2 = mounts.find((m) => m.version === 2);
  const name = `clusterize-test-${process.pid}-${Date.now()}`;
  let made: QuotaCgroup;
  try {
    if (v1) {
      const dir = path.join(v1.mountPoint, name);
      fs.mkdirSync(dir);
      cleanUp(t, dir);
      fs.writeFileSync(path.join(dir, 'cpu.cfs_period_us'), '100000');
      fs.writeFileSync(path.join(dir, 'cpu.cfs_quota_us'), String(cpus * 100000));
      made = { procs: path.join(dir, 'cgroup.procs'), limitFile: path.join(dir, 'cpu.cfs_quota_us') };
    } else if (v2) {
      if (!fs.readFileSync(path.join(v2.mountPoint, 'cgroup.controllers'), 'utf8').split(/\s+/).includes('cpu')) {
        return skipped('the cgroup v2 root does not offer the cpu controller');
      }
      fs.writeFileSync(path.join(v2.mountPoint, 'cgroup.subtree_control'), '+cpu');
      const dir = path.join(v2.mountPoint, name);
      fs.mkdirSync(dir);
      cleanUp(t, dir);
      fs.writeFileSync(path.join(dir, 'cpu.max'), `${cpus * 100000} 100000`);
      made = { procs: path.join(dir, 'cgroup.procs'), limitFile: path.join(dir, 'cpu.max') };
    } else {
      return skipped('no cgroup file system is mounted');
    }
  } catch (err) {
    return skipped(`cannot create a cgroup with a CPU quota here (${(err as Error).message})`);
  }
  return made;
}

function skipped(reason: string): { skip: string } {
  console.log(`# skipping: ${reason}`);
  return { skip: reason };
}

// Processes still inside (a failed test's, not yet killed: t.after runs in order) are
// moved to the parent first, since only an empty cgroup can be removed.
function cleanUp(t: TestContext, dir: string): void {
  t.after(async () => {
    const procs = path.join(dir, 'cgroup.procs');
    const parent = path.join(path.dirname(dir), 'cgroup.procs');
    await until(() => {
      for (const pid of fs.readFileSync(procs, 'utf8').split('\n').filter(Boolean)) {
        try {
          fs.writeFileSync(parent, pid);
        } catch {
          // it exited meanwhile
        }
      }
      return fs.readFileSync(procs, 'utf8').trim() === '';
    }, `cgroup ${dir} to be empty`, 10_000);
    fs.rmdirSync(dir);
  });
}
