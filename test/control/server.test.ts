// The control server in this process, with its limits turned down: idle clients are
// dropped, but never one waiting for a long answer, and the wait starts again after it.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { controlLimits, startControlServer } from '../../src/control/server.js';
import { silentLogger } from '../../src/logger.js';
import { withTimeout } from '../helpers/wait.js';

test('an idle client is dropped, one waiting for a slow answer is not, and after the answer the idle wait starts again', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clusterize-server-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const idleMs = controlLimits.idleMs;
  controlLimits.idleMs = 200;
  t.after(() => (controlLimits.idleMs = idleMs));
  const server = await startControlServer(
    path.join(dir, 'c.sock'),
    'c',
    {
      status: () => ({ pid: process.pid }),
      stop: () => null,
      reload: () => new Promise((resolve) => setTimeout(() => resolve({ slots: 1, durationMs: 600 }), 600)),
      scale: () => null,
    },
    silentLogger,
    { privateDir: false },
  );
  t.after(() => server.close());

  const idle = net.connect(server.path);
  const started = Date.now();
  await withTimeout(new Promise((r) => idle.once('close', r)), 5000, 'the idle client to be dropped');
  assert.ok(Date.now() - started >= 150, 'not before the idle time');

  const waiting = net.connect(server.path);
  let answer = '';
  waiting.on('data', (d: Buffer) => (answer += d));
  const closed = new Promise((r) => waiting.once('close', r));
  waiting.write('{"id":5,"cmd":"reload"}\n');
  await withTimeout(closed, 5000, 'the client to be dropped once answered and idle again');
  assert.equal((JSON.parse(answer) as { id: number; ok: boolean }).ok, true, 'the slow answer arrived first');
});
