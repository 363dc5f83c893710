// Stop: requests in flight finish, stragglers are killed at kill-timeout, a second
// signal kills at once, and workers never outlive the primary.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture, runCli, startCli, uniqueName } from '../helpers/cli-process.js';
import { get } from '../helpers/http.js';
import { isAlive, until, withTimeout } from '../helpers/wait.js';

const json = ['--log-format', 'json'];

test('Ctrl-C (SIGINT to the whole process group): the request in flight completes, exit 0, no worker left', async (t) => {
  const cli = startCli(t, [fixture('slow-request.js'), '-i', '2', '--name', uniqueName(), ...json], { env: { SLOW_MS: '1000' } });
  await cli.waitFor((r) => r.event === 'cluster.ready' && r.workers === 2, 'all ready');
  const port = await cli.port();
  const slow = get(port, '/slow');
  await cli.waitForOutput((l) => l.startsWith('slow request started'), 'the slow request to reach a worker');
  cli.signal('SIGINT', true); // as a terminal does: every process of the group gets it
  const reply = await slow;
  assert.equal(reply.status, 200);
  assert.match(reply.body, /^slow done by \d+/);
  const { code } = await withTimeout(cli.exited, 10_000, 'the supervisor to exit');
  assert.equal(code, 0);
  assert.equal(cli.records.filter((r) => r.event === 'stop.start').length, 1);
  for (const pid of cli.workerPids()) assert.ok(!isAlive(pid), `worker ${pid} is gone`);
  await assert.rejects(get(port, '/'), /ECONNREFUSED/);
});

test('SIGTERM: a worker that will not finish is SIGKILLed at kill-timeout, and the supervisor still exits 0', async (t) => {
  const cli = startCli(t, [fixture('ignore-sigterm.js'), '-i', '1', '--kill-timeout', '600', '--name', uniqueName(), ...json]);
  const port = await cli.port();
  const hanging = get(port, '/').catch((e: Error) => e);
  await cli.waitForOutput((l) => l.startsWith('hanging request'), 'the request to hang');
  cli.signal('SIGTERM');
  const { code } = await withTimeout(cli.exited, 10_000, 'the supervisor to exit');
  assert.equal(code, 0);
  const killed = cli.records.find((r) => r.event === 'worker.kill');
  assert.ok(killed, 'the SIGKILL is logged');
  const exit = cli.records.find((r) => r.event === 'worker.exit' && r.signal === 'SIGKILL');
  assert.ok(exit, 'the worker died of SIGKILL');
  assert.ok((await hanging) instanceof Error, 'the never-ending request was cut');
});

test('a second SIGINT kills every worker at once', async (t) => {
  const cli = startCli(t, [fixture('ignore-sigterm.js'), '-i', '2', '--kill-timeout', '60000', '--name', uniqueName(), ...json]);
  const port = await cli.port();
  void get(port, '/').catch(() => {});
  await cli.waitForOutput((l) => l.startsWith('hanging request'), 'the request to hang');
  cli.signal('SIGINT');
  await cli.waitFor((r) => r.event === 'stop.start', 'the graceful stop to begin');
  cli.signal('SIGINT');
  const { code } = await withTimeout(cli.exited, 10_000, 'the supervisor to exit on the second SIGINT (kill-timeout is 60 s)');
  assert.equal(code, 130);
  assert.ok(cli.records.some((r) => r.event === 'stop.force' && r.signal === 'SIGINT'));
  for (const pid of cli.workerPids()) assert.ok(!isAlive(pid), `worker ${pid} is gone`);
});

test('workers never outlive the primary: SIGKILL it and every worker exits', async (t) => {
  const cli = startCli(t, [fixture('hello.js'), '-i', '2', '--name', uniqueName(), ...json]);
  await cli.waitFor((r) => r.event === 'cluster.ready' && r.workers === 2, 'all ready');
  const pids = cli.workerPids();
  cli.signal('SIGKILL'); // the primary only, not the group
  await cli.exited;
  await until(() => pids.every((p) => !isAlive(p)), `workers ${pids.join(', ')} to exit after the primary died`, 3000);
});

test('clusterize stop returns once the supervisor has exited', async (t) => {
  const name = uniqueName();
  const cli = startCli(t, [fixture('slow-request.js'), '-i', '1', '--name', name, ...json], { env: { SLOW_MS: '800' } });
  const port = await cli.port();
  const slow = get(port, '/slow');
  await cli.waitForOutput((l) => l.startsWith('slow request started'), 'the slow request to reach a worker');
  const r = await runCli(['stop', '--name', name]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim(), `stopped '${name}'`);
  assert.equal((await slow).status, 200);
  const { code } = await withTimeout(cli.exited, 5000, 'the supervisor to be gone');
  assert.equal(code, 0);
  assert.ok(!isAlive(cli.workerPids()[0]!));
});
