// What the kernel says about a process: CPU time, resident memory, children. Linux
// only (/proc); everything returns null for a process that is gone.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** Fields of /proc/<pid>/stat after the command name (which may hold spaces and parens). */
function statFields(pid) {
  try {
    const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return s.slice(s.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** User + system CPU seconds used so far. */
export function cpuSeconds(pid) {
  const f = statFields(pid);
  // After the name: state(0) ppid(1) ... utime(11) stime(12)
  return f ? (Number(f[11]) + Number(f[12])) / CLK_TCK : null;
}

/**
 * CPU seconds of this process's children that have exited and been waited for. Read
 * around one load-generator run (the only child that ends meanwhile), the difference
 * is what the load generator used.
 */
export function reapedChildrenCpuSeconds() {
  const f = statFields('self');
  // cutime(13) cstime(14)
  return f ? (Number(f[13]) + Number(f[14])) / CLK_TCK : null;
}

export function rssBytes(pid) {
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** Direct children (this kernel has no /proc/<pid>/task/<tid>/children, so scan). */
export function childrenOf(pid) {
  const out = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const f = statFields(name);
    if (f && Number(f[1]) === pid) out.push(Number(name));
  }
  return out.sort((a, b) => a - b);
}

/** Measures CPU use of some pids between start() and stop(), in percent of one core. */
export function cpuMeter(pids) {
  const t0 = performance.now();
  const before = pids.map(cpuSeconds);
  return () => {
    const secs = (performance.now() - t0) / 1000;
    return pids.map((pid, i) => {
      const now = cpuSeconds(pid);
      return now === null || before[i] === null ? null : ((now - before[i]) / secs) * 100;
    });
  };
}

/** CPU seconds the whole machine has spent busy (all cores, anything but idle and iowait). */
export function machineBusySeconds() {
  try {
    const v = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal (guest time is already in user)
    return (v[0] + v[1] + v[2] + v[5] + v[6] + v[7]) / CLK_TCK;
  } catch {
    return null;
  }
}
