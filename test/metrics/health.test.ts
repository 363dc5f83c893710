import assert from 'node:assert/strict';
import { test } from 'node:test';
import { healthOf } from '../../src/metrics/health.js';
import { row, status } from './status-fixture.js';

test('healthy while at least one worker serves', () => {
  const h = healthOf(status([row({ slot: 0 }), row({ slot: 1, state: 'backoff', pid: null })]));
  assert.deepEqual(h, { httpStatus: 200, body: { status: 'ok', state: 'running', ready: 1, minReady: 1, instances: 2 } });
});

test('unavailable when no worker serves, and the body says so', () => {
  const h = healthOf(status([row({ slot: 0, state: 'starting' }), row({ slot: 1, state: 'gave-up', pid: null })]));
  assert.equal(h.httpStatus, 503);
  assert.equal(h.body.status, 'unavailable');
  assert.equal(h.body.ready, 0);
  assert.match(h.body.reason!, /0 workers ready, fewer than min-ready \(1\)/);
});

test('min-ready: healthy only with that many ready workers', () => {
  const two = status([row({ slot: 0 }), row({ slot: 1 }), row({ slot: 2, state: 'starting' })]);
  assert.equal(healthOf(two, 2).httpStatus, 200);
  const h = healthOf(two, 3);
  assert.deepEqual([h.httpStatus, h.body.status, h.body.minReady], [503, 'unavailable', 3]);
});

test('draining: 503 at once, with every worker still serving', () => {
  const h = healthOf(status([row({ slot: 0 }), row({ slot: 1 })], { state: 'draining' }));
  assert.deepEqual([h.httpStatus, h.body.status, h.body.ready], [503, 'draining', 2]);
  assert.match(h.body.reason!, /draining/);
});

test('unavailable while shutting down, even with workers still serving', () => {
  for (const state of ['stopping', 'stopped'] as const) {
    const h = healthOf(status([row({ slot: 0 })], { state }));
    assert.deepEqual([h.httpStatus, h.body.status], [503, 'stopping'], state);
  }
  assert.equal(healthOf(status([row({ slot: 0 })], { state: 'reloading' })).httpStatus, 200);
});
