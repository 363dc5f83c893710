import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DrainDelay } from '../../src/supervisor/drain-delay.js';

test('skip() ends a running drain synchronously, once; with none running it says false', () => {
  const d = new DrainDelay();
  assert.equal(d.skip(), false);
  let ended = 0;
  d.start(60_000, () => ended++);
  assert.equal(d.active, true);
  assert.equal(d.skip(), true);
  assert.equal(ended, 1, 'the stop starts before skip() returns');
  assert.equal(d.active, false);
  assert.equal(d.skip(), false);
  assert.equal(ended, 1);
});

test('without a skip, the drain ends after its delay', async () => {
  const d = new DrainDelay();
  const ended = new Promise<void>((resolve) => d.start(20, resolve));
  await ended;
  assert.equal(d.active, false);
});
