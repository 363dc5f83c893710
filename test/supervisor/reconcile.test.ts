import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planReconcile, type SlotFacts } from '../../src/supervisor/reconcile.js';

const slot = (index: number, o: Partial<SlotFacts> = {}): SlotFacts => ({
  index,
  hasWorker: true,
  hasIncoming: false,
  restartPending: false,
  gaveUp: false,
  ...o,
});

test('start: every wanted slot that does not exist yet is forked, in order', () => {
  assert.deepEqual(planReconcile([], 3, true), [
    { do: 'fork', slot: 0 },
    { do: 'fork', slot: 1 },
    { do: 'fork', slot: 2 },
  ]);
});

test('a full house needs nothing', () => {
  assert.deepEqual(planReconcile([slot(0), slot(1)], 2, true), []);
});

test('an empty seat is refilled, unless it waits out a backoff, gave up, or a replacement is on its way', () => {
  assert.deepEqual(planReconcile([slot(0, { hasWorker: false }), slot(1)], 2, true), [{ do: 'fork', slot: 0 }]);
  assert.deepEqual(planReconcile([slot(0, { hasWorker: false, restartPending: true })], 1, true), []);
  assert.deepEqual(planReconcile([slot(0, { hasWorker: false, gaveUp: true })], 1, true), []);
  assert.deepEqual(planReconcile([slot(0, { hasWorker: false, hasIncoming: true })], 1, true), []);
});

test('scaling down drops the highest slots; scaling up adds after the last', () => {
  assert.deepEqual(planReconcile([slot(0), slot(1), slot(2)], 1, true), [
    { do: 'drop', slot: 1 },
    { do: 'drop', slot: 2 },
  ]);
  assert.deepEqual(planReconcile([slot(0)], 2, true), [{ do: 'fork', slot: 1 }]);
});

test('a dropped slot is dropped even while it backs off or gave up', () => {
  assert.deepEqual(planReconcile([slot(0), slot(1, { hasWorker: false, restartPending: true })], 1, true), [{ do: 'drop', slot: 1 }]);
});

test('nothing is forked once the supervisor stops', () => {
  assert.deepEqual(planReconcile([slot(0, { hasWorker: false })], 2, false), []);
});
