import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLoopDetector, type ReloadWindow } from '../../src/watch/loop-detector.js';
import type { ChangeBatch } from '../../src/watch/scheduler.js';

const batch = (files: string[], firstAt: number, lastAt = firstAt): ChangeBatch => ({ files, events: files.length, firstAt, lastAt });
const win = (startedAt: number, servingAt: number): ReloadWindow => ({ startedAt, servingAt });

test('changes made while the previous reload started its workers, three times in a row, are reported once', () => {
  const d = createLoopDetector({ threshold: 3, graceMs: 500 });
  assert.equal(d.check(batch(['/a/state.json'], 0), null), null, 'the first change is the user');
  assert.equal(d.check(batch(['/a/state.json'], 1100), win(1000, 1200)), null);
  assert.equal(d.check(batch(['/a/state.json'], 2150), win(2000, 2200)), null);
  assert.deepEqual(d.check(batch(['/a/state.json'], 3600), win(3000, 3200)), ['/a/state.json'], 'within the grace after takeover');
  assert.equal(d.check(batch(['/a/state.json'], 4100), win(4000, 4200)), null, 'said once');
});

test('a change outside the window, or after a failed reload, breaks the streak', () => {
  const d = createLoopDetector({ threshold: 3, graceMs: 500 });
  d.check(batch(['/a/x.json'], 1100), win(1000, 1200));
  d.check(batch(['/a/x.json'], 2100), win(2000, 2200));
  assert.equal(d.check(batch(['/a/x.json'], 3900), win(3000, 3200)), null, 'later than the grace: the user saved again');
  d.check(batch(['/a/x.json'], 4100), win(4000, 4200));
  d.check(batch(['/a/x.json'], 5100), win(5000, 5200));
  assert.equal(d.check(batch(['/a/x.json'], 6100), null), null, 'the reload before failed');
  assert.equal(d.check(batch(['/a/x.json'], 900, 1100), win(1000, 1200)), null, 'a batch that began before the reload');
});
