import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MIN_AGE_MS, nextOsSample, type ProcReading, type Tracked } from '../../src/metrics/os-sample.js';

const track = (prev: Tracked | undefined, reading: ProcReading): Tracked => ({ reading, sample: nextOsSample(prev, reading) });

test('a pid seen for the first time reads its lifetime average, not 0%', () => {
  const s = nextOsSample(undefined, { ctimeMs: 300, elapsedMs: 1000, rssBytes: 5e7 });
  assert.deepEqual(s, { cpuPercent: 30, cpuSeconds: 0.3, rssBytes: 5e7 });
});

test('a process too young to average says nothing rather than 0%', () => {
  const s = nextOsSample(undefined, { ctimeMs: 0, elapsedMs: MIN_AGE_MS - 10, rssBytes: 1 });
  assert.equal(s.cpuPercent, null);
  assert.equal(nextOsSample(undefined, { ctimeMs: 50, elapsedMs: MIN_AGE_MS, rssBytes: 1 }).cpuPercent, 50);
});

test('later samples are deltas: busy reads high, idle reads 0', () => {
  const a = track(undefined, { ctimeMs: 300, elapsedMs: 1000, rssBytes: 1 });
  const busy = track(a, { ctimeMs: 1250, elapsedMs: 2000, rssBytes: 1 });
  assert.equal(busy.sample.cpuPercent, 95);
  const idle = track(busy, { ctimeMs: 1250, elapsedMs: 3000, rssBytes: 1 });
  assert.equal(idle.sample.cpuPercent, 0);
  assert.equal(idle.sample.cpuSeconds, 1.25);
});

test('two reads within one clock tick keep the previous reading', () => {
  const a = track(track(undefined, { ctimeMs: 100, elapsedMs: 1000, rssBytes: 1 }), { ctimeMs: 600, elapsedMs: 2000, rssBytes: 1 });
  assert.equal(nextOsSample(a, { ctimeMs: 600, elapsedMs: 2000, rssBytes: 2 }).cpuPercent, 50);
});

test('a reused pid (less CPU or younger than before) starts over', () => {
  const old = track(undefined, { ctimeMs: 5000, elapsedMs: 60_000, rssBytes: 1 });
  assert.equal(nextOsSample(old, { ctimeMs: 100, elapsedMs: 1000, rssBytes: 1 }).cpuPercent, 10);
  assert.equal(nextOsSample(old, { ctimeMs: 5000, elapsedMs: 10_000, rssBytes: 1 }).cpuPercent, 50);
});
