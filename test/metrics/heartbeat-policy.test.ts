import assert from 'node:assert/strict';
import { test } from 'node:test';
import { heartbeatTiming, judgeHeartbeat } from '../../src/metrics/heartbeat-policy.js';
import type { WorkerState } from '../../src/supervisor/worker-state.js';

test('timing: ping at half the timeout, look four times per timeout, within bounds', () => {
  assert.deepEqual(heartbeatTiming(30_000), { timeoutMs: 30_000, pingAfterMs: 15_000, checkEveryMs: 5000 });
  assert.deepEqual(heartbeatTiming(1000), { timeoutMs: 1000, pingAfterMs: 500, checkEveryMs: 250 });
  assert.equal(heartbeatTiming(40).checkEveryMs, 25);
});

test('a serving worker: quiet is fine, longer asks, silence past the timeout kills', () => {
  const t = heartbeatTiming(1000);
  assert.equal(judgeHeartbeat('ready', 0, t), 'none');
  assert.equal(judgeHeartbeat('ready', 499, t), 'none');
  assert.equal(judgeHeartbeat('ready', 500, t), 'ping');
  assert.equal(judgeHeartbeat('ready', 999, t), 'ping');
  assert.equal(judgeHeartbeat('ready', 1000, t), 'kill');
});

test('workers that are not serving are never judged', () => {
  const t = heartbeatTiming(1000);
  for (const state of ['starting', 'online', 'draining', 'exited'] as WorkerState[]) {
    assert.equal(judgeHeartbeat(state, 10 ** 9, t), 'none', state);
  }
});

test('a timeout of 0 is off', () => {
  assert.equal(judgeHeartbeat('ready', 10 ** 9, heartbeatTiming(0)), 'none');
});
