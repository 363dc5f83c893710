// Numbers past their ceiling, end to end: refused before anything starts, and a running
// supervisor refuses a scale past it with the same message, changing nothing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { request } from '../../src/control/client.js';
import { socketPathFor } from '../../src/control/paths.js';
import { testEnv } from '../helpers/runtime-dir.js';
import { fixture, runCli, startCli, uniqueName } from '../helpers/cli-process.js';
import { withTimeout } from '../helpers/wait.js';

const instancesMessage = (got: string) =>
  `Invalid instances (--instances): got ${got}; use a whole number of workers from 1 to 1024, 'max' (one per CPU, `;

test('--kill-timeout 600h is refused in one line with exit 2 (never a 25 ms timer)', async () => {
  const r = await runCli([fixture('hello.js'), '--kill-timeout', '600h', '--name', uniqueName('kt'), '--log-format', 'json']);
  assert.equal(r.code, 2);
  assert.equal(r.stderr, "clusterize: Invalid killTimeout (--kill-timeout): got '600h'; use a duration from 0 to 24h (86400000 ms), like 5000 or 5s.\n");
  assert.equal(r.stdout, '', 'nothing started');
});

test('scale 100000: the CLI refuses it, so does the running supervisor, with the same message, and nothing changes', async (t) => {
  const name = uniqueName('scale');
  const cli = startCli(t, [fixture('hello.js'), '-i', '1', '--name', name, '--log-format', 'json']);
  await cli.waitFor((r) => typeof r.msg === 'string' && r.msg.startsWith('all 1 worker'), 'the worker ready');
  const r = await runCli(['scale', '100000', '--name', name]);
  assert.equal(r.code, 2);
  assert.ok(r.stderr.startsWith(`clusterize: ${instancesMessage("'100000'")}`), r.stderr);
  // Past the CLI, straight to the socket: the supervisor checks for itself.
  const scaled = request(socketPathFor(name, '', testEnv()), { cmd: 'scale', instances: 100_000 }, { target: name });
  await assert.rejects(withTimeout(scaled, 5000, 'the supervisor to refuse scale 100000'), (err: Error) => {
    assert.ok(err.message.startsWith(instancesMessage('100000')), err.message);
    return true;
  });
  const s = (await request(socketPathFor(name, '', testEnv()), { cmd: 'status' }, { target: name })) as { instances: number; workers: unknown[] };
  assert.equal(s.instances, 1);
  assert.equal(s.workers.length, 1);
  assert.equal(cli.workerPids().length, 1, 'no worker forked');
});
