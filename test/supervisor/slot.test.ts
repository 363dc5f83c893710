import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ManagedWorker } from '../../src/supervisor/managed-worker.js';
import { idleSlotState, Slot } from '../../src/supervisor/slot.js';

// The seat's bookkeeping needs only worker identities.
const worker = (pid: number) => ({ pid }) as unknown as ManagedWorker;

test('a replacement takes the seat only when promoted, and the crash counter starts over', () => {
  const slot = new Slot(0);
  const a = worker(1);
  const b = worker(2);
  slot.seat(a, 'current');
  slot.crashes = 3;
  slot.gaveUp = true;
  slot.seat(b, 'incoming');
  assert.equal(slot.worker, a);
  assert.equal(slot.incoming, b);
  assert.deepEqual(slot.workers(), [a, b]);
  assert.equal(slot.promote(b), a);
  assert.equal(slot.worker, b);
  assert.equal(slot.incoming, null);
  assert.equal(slot.crashes, 0);
  assert.equal(slot.gaveUp, false);
});

test('vacate says which seat a worker had, and only empties that one', () => {
  const slot = new Slot(0);
  const a = worker(1);
  const b = worker(2);
  slot.seat(a, 'current');
  slot.seat(b, 'incoming');
  assert.equal(slot.vacate(b), 'incoming');
  assert.equal(slot.worker, a);
  assert.equal(slot.vacate(b), null);
  assert.equal(slot.vacate(a), 'current');
  assert.equal(slot.worker, null);
});

test('a pending restart is cancelled when a worker is seated, and shows as backoff while empty', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const slot = new Slot(0);
  let fired = 0;
  slot.scheduleRestart(100, () => fired++);
  assert.equal(idleSlotState(slot), 'backoff');
  slot.seat(worker(1), 'current');
  assert.equal(slot.restartPending, false);
  t.mock.timers.tick(200);
  assert.equal(fired, 0);
  slot.vacate(slot.worker!);
  slot.scheduleRestart(100, () => fired++);
  t.mock.timers.tick(100);
  assert.equal(fired, 1);
  assert.equal(idleSlotState(slot), 'empty');
  slot.gaveUp = true;
  assert.equal(idleSlotState(slot), 'gave-up');
});
