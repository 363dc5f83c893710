// Nothing a worker started outlives it: a graceful stop and a kill-timeout SIGKILL
// reach the worker's own children, and a primary killed outright takes its workers
// (even one whose event loop never yields) with it within 2 s.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture, startCli, uniqueName } from '../helpers/cli-process.js';
import { isAlive, until, withTimeout } from '../helpers/wait.js';
import { isEvent } from './events.js';

const pidsFrom = (line: string) => line.split(' ').slice(1).map(Number);

test('after a graceful stop, neither the worker nor the process it spawned is alive', async (t) => {
  const cli = startCli(t, [fixture('spawn-child.js'), '-i', '1', '--log-format', 'json', '--name', uniqueName('tree')]);
  const [worker, child] = pidsFrom(await cli.waitForOutput((l) => l.startsWith('spawn-child '), 'the worker to report its child'));
  assert.ok(isAlive(child!));
  cli.signal('SIGTERM');
  const { code } = await withTimeout(cli.exited, 15_000, 'the supervisor to stop');
  assert.equal(code, 0);
  await until(() => !isAlive(worker!) && !isAlive(child!), 'the worker and its child to be gone', 3000);
});

test('a worker SIGKILLed at kill-timeout takes its child with it', async (t) => {
  const cli = startCli(t, [fixture('spawn-child.js'), '-i', '1', '--kill-timeout', '500', '--log-format', 'json', '--name', uniqueName('tree')], {
    env: { SPAWN_CHILD_THEN: 'busy' },
  });
  const [worker, child] = pidsFrom(await cli.waitForOutput((l) => l.startsWith('spawn-child '), 'the worker to report its child'));
  await cli.waitFor(isEvent('cluster.ready'), 'the worker ready');
  cli.signal('SIGTERM');
  await withTimeout(cli.exited, 15_000, 'the supervisor to stop');
  await until(() => !isAlive(worker!) && !isAlive(child!), 'the worker and its child to be gone', 3000);
});

test('primary SIGKILLed with a worker stuck in a busy loop: every worker is gone within 2 s', async (t) => {
  const cli = startCli(t, [fixture('busy-loop.js'), '-i', '2', '--log-format', 'json', '--name', uniqueName('tree')]);
  const spinning = () => cli.output.filter((l) => l.startsWith('busy-loop ')).map((l) => pidsFrom(l)[0]!);
  await until(() => spinning().length === 2, 'both workers to say they spin from now on', 15_000);
  const workers = spinning();
  const killedAt = Date.now();
  cli.signal('SIGKILL');
  await until(() => workers.every((p) => !isAlive(p)), 'every worker to be gone after the primary died', 5000);
  const tookMs = Date.now() - killedAt;
  assert.ok(tookMs < 2000, `workers outlived the primary by ${tookMs} ms`);
});
