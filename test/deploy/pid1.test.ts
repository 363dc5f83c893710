// As a container's first process: pid 1 of a new PID namespace. It warns once that
// orphans will not be reaped (and names the fix), serves, and stops cleanly on SIGTERM.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { test } from 'node:test';
import { bin, fixture, startCli, uniqueName } from '../helpers/cli-process.js';
import { get } from '../helpers/http.js';

const unshare = ['unshare', '--pid', '--fork', '--mount-proc', '--kill-child'];

function whyNot(): string | null {
  if (process.getuid?.() !== 0) return 'not running as root: cannot make a PID namespace';
  const probe = spawnSync(unshare[0]!, [...unshare.slice(1), 'true'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return `unshare cannot make a PID namespace here (${probe.error?.message ?? probe.stderr.trim()})`;
  return null;
}

test('as pid 1 of a PID namespace: one pid1.no-init warning naming the fix, then SIGTERM stops cleanly', async (t) => {
  const reason = whyNot();
  if (reason) {
    console.log(`# skipping: ${reason}`);
    return t.skip(reason);
  }
  const cli = startCli(t, [fixture('hello.js'), '-i', '2', '--log-format', 'json', '--name', uniqueName('pid1')], {
    command: [...unshare, process.execPath, bin],
    ownPidNamespace: true,
  });
  await cli.waitFor((r) => r.event === 'cluster.ready', 'both workers ready');
  const warnings = cli.records.filter((r) => r.event === 'pid1.no-init');
  assert.equal(warnings.length, 1);
  assert.equal(warnings[0]!.pid, 1);
  assert.match(String(warnings[0]!.fix), /docker run --init/);
  assert.equal((await get(await cli.port())).status, 200);

  // unshare waits for its child, the supervisor; signal the supervisor itself.
  const inner = Number(fs.readFileSync(`/proc/${cli.proc.pid}/task/${cli.proc.pid}/children`, 'utf8').trim().split(/\s+/)[0]);
  assert.ok(inner > 0, 'the supervisor runs under unshare');
  process.kill(inner, 'SIGTERM');
  assert.deepEqual(await cli.exited, { code: 0, signal: null });
  assert.equal(cli.records.filter((r) => r.event === 'stop.done').at(-1)?.code, 0);
  assert.equal(cli.records.filter((r) => r.event === 'worker.exit' && r.expected === true).length, 2);
});
