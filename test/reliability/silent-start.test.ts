// A worker that never becomes ready is announced, and one that exits 0 at once is a
// crash loop like any other.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture, runCli, startCli, uniqueName } from '../helpers/cli-process.js';
import { withTimeout } from '../helpers/wait.js';
import { isEvent } from './events.js';

for (const [flags, waitingFor] of [[[], 'listening'], [['--wait-ready'], 'ready message']] as const) {
  test(`a worker not ready within listen-timeout is announced (waiting for ${waitingFor}), and status says it is not ready`, async (t) => {
    const name = uniqueName('slow');
    const cli = startCli(t, [fixture('no-server.js'), '-i', '1', '--listen-timeout', '300', ...flags, '--log-format', 'json', '--name', name]);
    const warn = await cli.waitFor(isEvent('worker.slow-start'), 'the slow-start warning');
    assert.equal(warn.waitingFor, waitingFor);
    assert.equal(warn.slot, 0);
    assert.equal(warn.level, 40);
    const status = JSON.parse((await runCli(['status', '--name', name, '--json'])).stdout) as { workers: { state: string }[] };
    assert.notEqual(status.workers[0]!.state, 'ready');
  });
}

test('a worker that exits 0 at once is a crash loop: backoff, then give-up and exit 1', async (t) => {
  const cli = startCli(t, [fixture('exit-at-once.js'), '-i', '1', '--restart-delay', '10', '--max-restarts', '3', '--log-format', 'json', '--name', uniqueName('zero')]);
  const { code } = await withTimeout(cli.exited, 15_000, 'the supervisor to give up');
  assert.equal(code, 1);
  assert.deepEqual(cli.records.filter(isEvent('worker.restart')).map((r) => r.crashes), [1, 2, 3]);
  assert.equal(cli.records.filter(isEvent('worker.giveup')).length, 1);
});
