import assert from 'node:assert/strict';
import { test } from 'node:test';
import { healthOf } from '../../src/metrics/health.js';
import { row, status } from './status-fixture.js';

test('healthy while at least one worker serves', () => {
  const h = healthOf(status([row({ slot: 0 }), row({ slot: 1, state: 'backoff', pid: null })]));
  assert.deepEqual(h, { httpStatus: 200, body: { status: 'ok', state: 'running', ready: 1, instances: 2 } });
});

test('unavailable when no worker serves', () => {
  const h = healthOf(status([row({ slot: 0, state: 'starting' }), row({ slot: 1, state: 'gave-up', pid: null })]));
  assert.equal(h.httpStatus, 503);
  assert.equal(h.body.ready, 0);
});

test('unavailable while shutting down, even with workers still serving', () => {
  for (const state of ['stopping', 'stopped'] as const) {
    const h = healthOf(status([row({ slot: 0 })], { state }));
    assert.deepEqual([h.httpStatus, h.body.status], [503, 'unavailable'], state);
  }
  assert.equal(healthOf(status([row({ slot: 0 })], { state: 'reloading' })).httpStatus, 200);
});
