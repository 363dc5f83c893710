// The heartbeat's verdict is announced as the supervisor's heartbeat-miss event, before
// the kill, so the dashboard's timeline can say why the worker died. Fake host: pure.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { silentLogger } from '../../src/logger.js';
import { startHeartbeat } from '../../src/metrics/heartbeat.js';
import type { WorkerView } from '../../src/supervisor/managed-worker.js';
import { until } from '../helpers/wait.js';

test('a silent serving worker: heartbeat-miss with its slot and pid, then the kill', async (t) => {
  const silent: WorkerView = { slot: 1, id: 7, pid: 4242, generation: 1, state: 'ready', forkedAt: 0, readyAt: Date.now() - 10_000, heardAt: null, metrics: null, uptimeMs: 10_000, exitInfo: null };
  const calls: unknown[][] = [];
  const stop = startHeartbeat(
    {
      workers: () => [silent],
      ping: () => {},
      killWorker: (pid) => void calls.push(['kill', pid]),
      emit: (event, payload) => calls.push([event, payload]),
    },
    100,
    silentLogger,
  );
  t.after(stop);
  await until(() => calls.length >= 2, 'the heartbeat to judge the silent worker', 2000);
  assert.equal(calls[0]![0], 'heartbeat-miss');
  const payload = calls[0]![1] as { slot: number; id: number; pid: number; silentMs: number; timeoutMs: number };
  assert.deepEqual([payload.slot, payload.id, payload.pid, payload.timeoutMs], [1, 7, 4242, 100]);
  assert.ok(payload.silentMs >= 10_000);
  assert.deepEqual(calls[1], ['kill', 4242]);
});
