import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canMove, isLive } from '../../src/supervisor/worker-state.js';

test('the lifecycle only goes forward', () => {
  assert.ok(canMove('starting', 'online'));
  assert.ok(canMove('online', 'ready'));
  assert.ok(canMove('ready', 'draining'));
  assert.ok(canMove('draining', 'exited'));
  assert.ok(canMove('starting', 'exited'), 'a crash at boot');
  assert.ok(!canMove('ready', 'online'));
  assert.ok(!canMove('draining', 'ready'), 'a draining worker never serves again');
  assert.ok(!canMove('exited', 'starting'), 'a replacement is a new worker');
});

test('live means serving or about to', () => {
  assert.deepEqual(
    (['starting', 'online', 'ready', 'draining', 'exited'] as const).filter(isLive),
    ['starting', 'online', 'ready'],
  );
});
