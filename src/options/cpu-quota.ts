// How many CPUs this process may really use: a container limited to 2 CPUs on a
// 64-core host sees 64 in os.availableParallelism(), and only its cgroup's CPU quota
// tells the truth. Pure: every function takes the files' contents as strings; the
// reading is in read-cpu-quota.ts.
import { plural } from '../text.js';

export interface CgroupMembership {
  /** 0 for cgroup v2; the hierarchy id of a v1 line. */
  hierarchy: number;
  /** v1 controllers of this hierarchy ('cpu', 'cpuacct'); empty for v2. */
  controllers: string[];
  /** The cgroup's path inside its hierarchy, like /docker/abc or /kubepods.slice/pod.slice/c. */
  path: string;
}

/** /proc/self/cgroup: one "id:controllers:path" line per hierarchy. */
export function parseProcCgroup(text: string): CgroupMembership[] {
  const out: CgroupMembership[] = [];
  for (const line of text.split('\n')) {
    const m = /^(\d+):([^:]*):(.*)$/.exec(line.trim());
    if (!m) continue;
    out.push({ hierarchy: Number(m[1]), controllers: m[2] ? m[2].split(',') : [], path: m[3]! });
  }
  return out;
}

export interface CgroupMount {
  version: 1 | 2;
  /** Where the hierarchy is mounted, like /sys/fs/cgroup or /sys/fs/cgroup/cpu,cpuacct. */
  mountPoint: string;
  /** Which cgroup of the hierarchy is seen at mountPoint: / on a host, the container's own cgroup inside many containers. */
  root: string;
  /** v1 controllers mounted there; empty for v2. */
  controllers: string[];
}

// mountinfo escapes space, tab, newline and backslash in paths as \ooo.
const unescape = (s: string) => s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));

/** The cgroup mounts of /proc/self/mountinfo (proc(5): fields, optional fields, '-', type, source, super options). */
export function parseMountInfo(text: string): CgroupMount[] {
  const out: CgroupMount[] = [];
  for (const line of text.split('\n')) {
    const fields = line.trim().split(' ');
    const dash = fields.indexOf('-');
    if (dash < 6) continue;
    const type = fields[dash + 1];
    if (type !== 'cgroup' && type !== 'cgroup2') continue;
    const superOptions = (fields[dash + 3] ?? '').split(',');
    out.push({
      version: type === 'cgroup2' ? 2 : 1,
      mountPoint: unescape(fields[4]!),
      root: unescape(fields[3]!),
      controllers: type === 'cgroup2' ? [] : superOptions.filter((o) => o !== 'rw' && o !== 'ro' && !o.includes('=')),
    });
  }
  return out;
}

export interface CpuDirs {
  version: 1 | 2;
  /** The process's own cgroup directory first, then each parent up to the mount point. */
  dirs: string[];
}

/**
 * The directories whose CPU limit applies to this process. A limit set on any
 * ancestor applies too (Kubernetes puts it on the container's cgroup, systemd may put
 * one on a slice above), so every level up to the mount point is a candidate.
 */
export function cpuCgroupDirs(procCgroup: string, mountInfo: string): CpuDirs[] {
  const members = parseProcCgroup(procCgroup);
  const out: CpuDirs[] = [];
  for (const mount of parseMountInfo(mountInfo)) {
    const member =
      mount.version === 2
        ? members.find((m) => m.hierarchy === 0 && m.controllers.length === 0)
        : mount.controllers.includes('cpu')
          ? members.find((m) => m.controllers.includes('cpu'))
          : undefined;
    if (!member) continue;
    out.push({ version: mount.version, dirs: walkUp(mount, member.path) });
  }
  return out;
}

function walkUp(mount: CgroupMount, cgroupPath: string): string[] {
  const root = mount.root === '/' ? '' : mount.root.replace(/\/$/, '');
  // Seen from inside a cgroup namespace (or with the container's cgroup mounted as the
  // root), the path may not lie under the mount's root: the mount point is then the
  // process's own cgroup, as far as this process can see.
  const inside = root === '' || cgroupPath === root || cgroupPath.startsWith(root + '/') ? cgroupPath.slice(root.length) : '';
  const parts = inside.split('/').filter((p) => p !== '' && p !== '.' && p !== '..');
  const base = mount.mountPoint.replace(/\/$/, '');
  const dirs: string[] = [];
  for (let n = parts.length; n >= 0; n--) dirs.push([base, ...parts.slice(0, n)].join('/') || '/');
  return dirs;
}

/** cgroup v2 cpu.max: "max 100000" (no limit) or "150000 100000" (1.5 CPUs). */
export function parseCpuMax(text: string): number | null {
  const [quota, period] = text.trim().split(/\s+/);
  if (quota === undefined || quota === 'max') return null;
  return ratio(Number(quota), Number(period ?? 100000));
}

/** cgroup v1 cpu.cfs_quota_us and cpu.cfs_period_us: a quota of -1 is no limit. */
export function parseCfsQuota(quotaText: string, periodText: string): number | null {
  return ratio(Number(quotaText.trim()), Number(periodText.trim()));
}

function ratio(quota: number, period: number): number | null {
  if (!Number.isFinite(quota) || !Number.isFinite(period) || quota <= 0 || period <= 0) return null;
  return quota / period;
}

export interface CpuQuota {
  /** CPUs' worth of time per period, like 1.5. */
  cpus: number;
  /** The file that set it. */
  source: string;
}

/** The smallest of the quotas found, or null when nothing limits the CPU. */
export function tightestQuota(found: (CpuQuota | null)[]): CpuQuota | null {
  let best: CpuQuota | null = null;
  for (const q of found) if (q && (best === null || q.cpus < best.cpus)) best = q;
  return best;
}

export interface CpuBudget {
  /** What -i max means here: the quota rounded up, no more than the CPUs there are, at least 1. */
  cpus: number;
  /** os.availableParallelism(): the CPUs the process could be scheduled on. */
  available: number;
  /** The cgroup quota in CPUs, or null when there is none. */
  quota: number | null;
  /** Which file the quota came from, or null. */
  source: string | null;
}

export function cpuBudget(available: number, quota: CpuQuota | null): CpuBudget {
  const limit = quota === null ? available : Math.min(available, Math.ceil(quota.cpus));
  return { cpus: Math.max(1, limit), available, quota: quota?.cpus ?? null, source: quota?.source ?? null };
}

/** The start-up line's explanation, like "cgroup quota 1.5 CPUs of 64". */
export function describeBudget(b: CpuBudget): string {
  if (b.quota === null) return plural(b.available, 'CPU');
  const q = Number(b.quota.toFixed(2));
  return `cgroup quota ${plural(q, 'CPU')} of ${b.available}`;
}
