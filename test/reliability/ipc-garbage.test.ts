// Whatever one worker writes on its IPC channel, the primary lives and the other
// worker is never touched; the bad one is replaced, with the reason in the log.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture, startCli, uniqueName, type CliProcess } from '../helpers/cli-process.js';
import { get } from '../helpers/http.js';
import { signalWorker, isEvent } from './events.js';

async function twoWorkers(t: Parameters<typeof startCli>[0], script: string, env: Record<string, string> = {}) {
  const cli = startCli(t, [fixture(script), '-i', '2', '--log-format', 'json', '--name', uniqueName('ipc')], { env });
  await cli.waitFor(isEvent('cluster.ready'), 'both workers ready');
  const forks = cli.records.filter(isEvent('worker.fork'));
  const pidOf = (slot: number) => forks.find((r) => r.slot === slot)!.pid!;
  return { cli, bad: pidOf(0), good: pidOf(1) };
}

async function assertReplacedAlone(cli: CliProcess, bad: number, good: number) {
  const malformed = await cli.waitFor((r) => isEvent('ipc.refused')(r) && r.pid === bad, 'an ipc.refused record for the bad worker');
  assert.equal(typeof malformed.reason, 'string');
  await cli.waitFor((r) => isEvent('worker.ready')(r) && r.slot === 0 && r.pid !== bad, 'slot 0 serving again with a new worker');
  assert.equal(cli.proc.exitCode, null, 'the primary is alive');
  assert.deepEqual(cli.records.filter((r) => isEvent('worker.exit')(r) && r.pid === good), [], 'the other worker never exited');
  assert.equal(cli.records.filter((r) => isEvent('worker.fork')(r) && r.slot === 1).length, 1, 'slot 1 was never forked again');
  assert.match((await get(await cli.port(), '/')).body, /^ok /);
  assert.ok(!cli.stderr.some((l) => /^\s+at /.test(l)), `no stack trace on stderr: ${cli.stderr.join('\n')}`);
}

for (const mode of ['garbage', 'handle-ack', 'huge']) {
  test(`raw bytes on a worker's IPC descriptor (${mode}): the primary lives, that worker is replaced, the other untouched`, async (t) => {
    const { cli, bad, good } = await twoWorkers(t, 'raw-ipc-bytes.js', { RAW_IPC: mode });
    signalWorker(bad, 'SIGUSR2');
    await assertReplacedAlone(cli, bad, good);
  });
}

test('process.send of a NODE_ message is refused in the worker, which keeps running', async (t) => {
  const { cli, bad } = await twoWorkers(t, 'send-node-internal.js');
  signalWorker(bad, 'SIGUSR2');
  await cli.waitForOutput((l) => l.startsWith('send-node-internal:'), 'the fixture to say what process.send did');
  assert.ok(cli.output.includes('send-node-internal: refused CLUSTERIZE_ERR_IPC_RESERVED'), cli.output.join('\n'));
  assert.deepEqual(cli.records.filter(isEvent('worker.exit')), []);
  assert.equal(cli.proc.exitCode, null);
});
