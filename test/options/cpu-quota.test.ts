// The cgroup files as they look on real machines: a cgroup v2 host under systemd, a
// Kubernetes pod, Docker with cgroup v1 and v2, and this kind of hybrid host.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  cpuBudget,
  cpuCgroupDirs,
  describeBudget,
  parseCfsQuota,
  parseCpuMax,
  parseMountInfo,
  parseProcCgroup,
  tightestQuota,
} from '../../src/options/cpu-quota.js';

const v2Mount = '35 24 0:30 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:9 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot\n';
const hostMounts = [
  '22 1 259:2 / / rw,relatime shared:1 - ext4 /dev/nvme0n1p2 rw',
  '24 22 0:22 / /sys rw,nosuid,nodev,noexec,relatime shared:7 - sysfs sysfs rw',
  v2Mount,
].join('\n');

const v1DockerCgroup = [
  '12:pids:/docker/3f1c9a',
  '6:cpu,cpuacct:/docker/3f1c9a',
  '5:cpuset:/docker/3f1c9a',
  '4:memory:/docker/3f1c9a',
  '1:name=systemd:/docker/3f1c9a',
  '0::/system.slice/containerd.service',
].join('\n');
const v1DockerMounts = [
  '700 699 0:64 / /sys/fs/cgroup ro,nosuid,nodev,noexec,relatime - tmpfs tmpfs rw,mode=755',
  '706 700 0:30 /docker/3f1c9a /sys/fs/cgroup/cpu,cpuacct ro,nosuid,nodev,noexec,relatime master:12 - cgroup cgroup rw,cpu,cpuacct',
  '707 700 0:31 /docker/3f1c9a /sys/fs/cgroup/cpuset ro,nosuid,nodev,noexec,relatime master:13 - cgroup cgroup rw,cpuset',
  '712 700 0:36 /docker/3f1c9a /sys/fs/cgroup/systemd ro,nosuid,nodev,noexec,relatime master:9 - cgroup cgroup rw,xattr,name=systemd',
].join('\n');

test('/proc/self/cgroup: v1 controllers and the v2 line', () => {
  const m = parseProcCgroup(v1DockerCgroup);
  assert.deepEqual(m[1], { hierarchy: 6, controllers: ['cpu', 'cpuacct'], path: '/docker/3f1c9a' });
  assert.deepEqual(m.at(-1), { hierarchy: 0, controllers: [], path: '/system.slice/containerd.service' });
  assert.equal(m.length, 6);
});

test('mountinfo: only cgroup mounts, with their root, version and controllers; \\040 is a space', () => {
  assert.deepEqual(parseMountInfo(hostMounts), [{ version: 2, mountPoint: '/sys/fs/cgroup', root: '/', controllers: [] }]);
  const v1 = parseMountInfo(v1DockerMounts);
  assert.deepEqual(v1[0], { version: 1, mountPoint: '/sys/fs/cgroup/cpu,cpuacct', root: '/docker/3f1c9a', controllers: ['cpu', 'cpuacct'] });
  assert.deepEqual(v1[2]!.controllers, ['xattr']);
  const spaced = parseMountInfo('40 31 0:38 / /mnt/my\\040cgroups rw - cgroup2 none rw');
  assert.equal(spaced[0]!.mountPoint, '/mnt/my cgroups');
});

test('cgroup v2 on a host: the Kubernetes container cgroup, then every parent up to the mount point', () => {
  const cg = '0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod7c1e.slice/cri-containerd-91ab.scope\n';
  assert.deepEqual(cpuCgroupDirs(cg, hostMounts), [
    {
      version: 2,
      dirs: [
        '/sys/fs/cgroup/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod7c1e.slice/cri-containerd-91ab.scope',
        '/sys/fs/cgroup/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod7c1e.slice',
        '/sys/fs/cgroup/kubepods.slice/kubepods-burstable.slice',
        '/sys/fs/cgroup/kubepods.slice',
        '/sys/fs/cgroup',
      ],
    },
  ]);
});

test('cgroup v2 in a container with its own cgroup namespace: the mount point is its cgroup', () => {
  assert.deepEqual(cpuCgroupDirs('0::/\n', v2Mount), [{ version: 2, dirs: ['/sys/fs/cgroup'] }]);
});

test('cgroup v1 in Docker: the container cgroup is mounted as the root of the cpu hierarchy', () => {
  assert.deepEqual(cpuCgroupDirs(v1DockerCgroup, v1DockerMounts), [{ version: 1, dirs: ['/sys/fs/cgroup/cpu,cpuacct'] }]);
});

test('cgroup v1 with a path outside the mounted root: only the mount point is visible', () => {
  const mounts = '706 700 0:30 /docker/other /sys/fs/cgroup/cpu rw - cgroup cgroup rw,cpu';
  assert.deepEqual(cpuCgroupDirs('3:cpu:/docker/3f1c9a', mounts), [{ version: 1, dirs: ['/sys/fs/cgroup/cpu'] }]);
});

test('a hybrid host (v1 cpu, v2 unified without controllers): both are candidates, nested paths walk up', () => {
  const cg = '9:name=systemd:/\n1:cpu:/ci/job-7\n0::/\n';
  const mounts = [
    '32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu',
    '40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd',
    '41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw',
  ].join('\n');
  assert.deepEqual(cpuCgroupDirs(cg, mounts), [
    { version: 1, dirs: ['/sys/fs/cgroup/cpu/ci/job-7', '/sys/fs/cgroup/cpu/ci', '/sys/fs/cgroup/cpu'] },
    { version: 2, dirs: ['/sys/fs/cgroup/unified'] },
  ]);
});

test('cpu.max and cfs quota: fractions, "max" and -1 mean no limit, garbage means no limit', () => {
  assert.equal(parseCpuMax('150000 100000\n'), 1.5);
  assert.equal(parseCpuMax('50000 100000'), 0.5);
  assert.equal(parseCpuMax('max 100000\n'), null);
  assert.equal(parseCpuMax(''), null);
  assert.equal(parseCfsQuota('200000\n', '100000\n'), 2);
  assert.equal(parseCfsQuota('-1\n', '100000\n'), null);
  assert.equal(parseCfsQuota('100000', '0'), null);
});

test('the tightest quota wins, wherever it is in the hierarchy', () => {
  const q = tightestQuota([null, { cpus: 4, source: '/a/b/cpu.max' }, { cpus: 1.5, source: '/a/cpu.max' }, null]);
  assert.deepEqual(q, { cpus: 1.5, source: '/a/cpu.max' });
  assert.equal(tightestQuota([null, null]), null);
});

test('-i max: the quota rounded up, never more than the CPUs there are, at least 1', () => {
  assert.equal(cpuBudget(64, { cpus: 1.5, source: 'x' }).cpus, 2);
  assert.equal(cpuBudget(64, { cpus: 0.25, source: 'x' }).cpus, 1);
  assert.equal(cpuBudget(2, { cpus: 8, source: 'x' }).cpus, 2);
  assert.equal(cpuBudget(2, { cpus: 1, source: 'x' }).cpus, 1);
  assert.deepEqual(cpuBudget(8, null), { cpus: 8, available: 8, quota: null, source: null });
});

test('the start-up line says what was found', () => {
  assert.equal(describeBudget(cpuBudget(64, { cpus: 1.5, source: 'x' })), 'cgroup quota 1.5 CPUs of 64');
  assert.equal(describeBudget(cpuBudget(2, { cpus: 1, source: 'x' })), 'cgroup quota 1 CPU of 2');
  assert.equal(describeBudget(cpuBudget(4, null)), '4 CPUs');
});
