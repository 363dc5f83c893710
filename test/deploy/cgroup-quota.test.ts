// -i max in a container limited to 1 CPU: one worker, not one per host CPU.
import assert from 'node:assert/strict';
import os from 'node:os';
import { test } from 'node:test';
import { makeCpuCgroup } from '../helpers/cgroup.js';
import { bin, fixture, startCli, uniqueName } from '../helpers/cli-process.js';
import { get } from '../helpers/http.js';

test('-i max in a cgroup with a quota of 1 CPU runs 1 worker, and the start-up record says why', async (t) => {
  const cg = makeCpuCgroup(t, 1);
  if ('skip' in cg) return t.skip(cg.skip);
  if (os.availableParallelism() < 2) console.log('# note: this machine has 1 CPU, so the quota changes nothing here');
  const cli = startCli(t, [fixture('hello.js'), '-i', 'max', '--log-format', 'json', '--name', uniqueName('cgroup')], {
    // The shell moves itself into the cgroup, then becomes the supervisor.
    command: ['sh', '-c', 'echo $$ > "$1" && shift && exec "$@"', 'sh', cg.procs, process.execPath, bin],
  });
  const start = await cli.waitFor((r) => r.event === 'cluster.start', 'the cluster.start record');
  assert.equal(start.instances, 1);
  assert.equal(start.cpuQuota, 1);
  assert.equal(start.cpuSource, cg.limitFile);
  assert.equal(start.cpus, os.availableParallelism());
  assert.match(start.msg, /cgroup quota 1 CPU of \d+/);
  await cli.waitFor((r) => r.event === 'cluster.ready', 'the one worker to be ready');
  const port = await cli.port();
  assert.equal((await get(port)).status, 200);
  assert.equal(cli.records.filter((r) => r.event === 'worker.fork').length, 1);
  cli.signal('SIGTERM');
  assert.deepEqual(await cli.exited, { code: 0, signal: null });
});
