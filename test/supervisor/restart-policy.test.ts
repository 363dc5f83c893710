import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decideRestart } from '../../src/supervisor/restart-policy.js';

const o = { minUptime: 1000, maxRestarts: 4, restartDelay: 100, maxRestartDelay: 500 };

test('a crash after min-uptime restarts at once and clears the crash count', () => {
  assert.deepEqual(decideRestart(3, 1000, o), { action: 'restart', delayMs: 0, crashes: 0 });
  assert.deepEqual(decideRestart(0, 60_000, o), { action: 'restart', delayMs: 0, crashes: 0 });
});

test('crashes within min-uptime back off exponentially up to the cap', () => {
  const delays: number[] = [];
  let crashes = 0;
  for (let i = 0; i < 4; i++) {
    const d = decideRestart(crashes, 10, o);
    assert.equal(d.action, 'restart');
    if (d.action === 'restart') delays.push(d.delayMs);
    crashes = d.crashes;
  }
  assert.deepEqual(delays, [100, 200, 400, 500]);
});

test('after max-restarts restarts in a row, the next unstable crash gives up', () => {
  assert.deepEqual(decideRestart(4, 10, o), { action: 'give-up', crashes: 5 });
  assert.deepEqual(decideRestart(0, 10, { ...o, maxRestarts: 0 }), { action: 'give-up', crashes: 1 });
});
