// Messages an app forges in the internal namespaces change nothing in the primary: a
// fake node:cluster `listening` never makes a worker ready, and a metrics report out of
// the physical range (4242% CPU on this machine) is dropped.
import assert from 'node:assert/strict';
import os from 'node:os';
import { test } from 'node:test';
import { request } from '../../src/control/client.js';
import { socketPathFor } from '../../src/control/paths.js';
import { maxCpuPercent } from '../../src/ipc/protocol.js';
import type { SupervisorStatus } from '../../src/supervisor/status.js';
import { testEnv } from '../helpers/runtime-dir.js';
import { fixture, startCli, uniqueName } from '../helpers/cli-process.js';

test('a forged listening does not make a worker ready, and a 4242% CPU report is dropped', async (t) => {
  const name = uniqueName('spoof');
  const cli = startCli(t, [fixture('spoof-internal.js'), '-i', '1', '--name', name, '--log-format', 'json', '--log-level', 'debug']);
  const sent = await cli.waitForOutput((l) => l.startsWith('spoof-internal: listening'), 'the fixture to try its forged listening');
  assert.equal(sent, 'spoof-internal: listening refused CLUSTERIZE_ERR_IPC_RESERVED', 'the agent refuses it in the worker');
  await cli.waitForOutput((l) => l.startsWith('spoof-internal: wrote'), 'the forged report to be written');
  // The channel is ordered: once the forged report is dropped, anything sent before it has been seen.
  const dropped = await cli.waitFor((r) => r.event === 'ipc.malformed', 'the primary to drop the forged report');
  const s = (await request(socketPathFor(name, '', testEnv()), { cmd: 'status' }, { target: name })) as SupervisorStatus;
  const w = s.workers[0]!;
  assert.equal(dropped.pid, w.pid);
  assert.notEqual(w.state, 'ready', 'the worker listens on nothing');
  assert.deepEqual(s.listening, []);
  // The forged report's other readings are all 1: none of them may show.
  assert.notEqual(w.heapUsedBytes, 1);
  assert.notEqual(w.externalBytes, 1);
  assert.ok((w.cpuPercent ?? 0) <= maxCpuPercent(os.availableParallelism()), `cpu shown: ${w.cpuPercent}`);
  assert.equal(cli.records.filter((r) => r.event === 'worker.ready' || r.event === 'worker.listening').length, 0);
});
