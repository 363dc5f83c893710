// The dashboard's memory in the primary: bounded by construction however much goes in,
// newest kept, and the judgements (which worker a slot's line follows, a slot's last
// reason) made right. Pure: no processes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import v8 from 'node:v8';
import vm from 'node:vm';
import { History, pointsOf } from '../../src/dashboard/history.js';
import { Ring } from '../../src/dashboard/ring.js';
import { SeriesHistory } from '../../src/dashboard/series.js';
import { MAX_TEXT, toTimelineEntry } from '../../src/dashboard/timeline.js';
import { row, status } from '../metrics/status-fixture.js';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const heapUsed = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

const exit = (slot: number, pid: number, t: number) =>
  toTimelineEntry('exit', { slot, id: pid, pid, code: null, signal: 'SIGKILL', uptimeMs: t, expected: false })!;

test('a ring keeps the newest capacity items, oldest first', () => {
  const r = new Ring<number>(3);
  assert.deepEqual(r.toArray(), []);
  for (let i = 1; i <= 5; i++) r.push(i);
  assert.equal(r.size, 3);
  assert.deepEqual(r.toArray(), [3, 4, 5]);
});

test('10,000 events and ticks in: sizes stay at capacity, memory stays flat, the snapshot shows the newest', () => {
  const h = new History({ windowMs: 60_000, stepMs: 1000, timelineSize: 200 });
  const feed = (from: number, n: number) => {
    for (let i = from; i < from + n; i++) {
      h.addEvent(exit(i % 2, 10_000 + i, i), i);
      h.addTick(status([row({ slot: 0, pid: 10_000 + i, rssBytes: i }), row({ slot: 1 })]), i * 1000);
    }
  };
  feed(0, 10_000);
  const before = heapUsed();
  feed(10_000, 10_000);
  const after = heapUsed();
  assert.deepEqual(h.sizes, { points: 60, events: 200 });
  // 10,000 more of each would hold ~2 MB if anything grew; bounded, only noise moves.
  assert.ok(after - before < 200_000, `heap grew by ${after - before} bytes over 10,000 more events`);

  const s = h.snapshot(status([row({ slot: 0 }), row({ slot: 1 })]));
  assert.equal(s.timeline.length, 200);
  assert.equal(s.timeline.at(-1)!.pid, 10_000 + 19_999, 'the newest event is last');
  assert.equal(s.timeline[0]!.pid, 10_000 + 19_800, 'the oldest kept is 200 back');
  assert.equal(s.timeline.at(-1)!.seq, 20_000);
  assert.equal(s.series.t.length, 60);
  assert.equal(s.series.t.at(-1), 19_999_000);
  assert.equal(s.series.slots[0]!.rssBytes.at(-1), 19_999);
  assert.equal(s.series.slots[0]!.pid.at(-1), 10_000 + 19_999);
});

test('a slot scaled away is forgotten once its last point leaves the window', () => {
  const series = new SeriesHistory(3);
  const point = (slot: number) => ({ slot, pid: 100 + slot, cpuPercent: 1, rssBytes: 2, eventLoopDelayP99Ms: 3 });
  series.record(1, [point(0), point(1)]);
  series.record(2, [point(0)]);
  assert.deepEqual(series.snapshot().slots.map((s) => s.slot), [0, 1]);
  assert.deepEqual(series.snapshot().slots[1]!.cpuPercent, [1, null]);
  series.record(3, [point(0)]);
  series.record(4, [point(0)]);
  assert.deepEqual(series.snapshot().slots.map((s) => s.slot), [0], 'slot 1 has no point left in [2, 4]');
  assert.deepEqual(series.snapshot().t, [2, 3, 4]);
});

test("during a replacement a slot's line follows the serving worker, then the new one", () => {
  const old = row({ slot: 0, id: 1, pid: 101 });
  const starting = row({ slot: 0, id: 3, pid: 103, state: 'starting' });
  assert.equal(pointsOf([old, starting])[0]!.pid, 101);
  assert.equal(pointsOf([old, { ...starting, state: 'ready' }])[0]!.pid, 103);
  assert.equal(pointsOf([{ ...old, state: 'draining' }, { ...starting, state: 'ready' }])[0]!.pid, 103);
  assert.deepEqual(pointsOf([row({ slot: 1, pid: null, state: 'backoff', cpuPercent: null })]), [
    { slot: 1, pid: null, cpuPercent: null, rssBytes: 50 * 1024 * 1024, eventLoopDelayP99Ms: 1.5 },
  ]);
});

test("a slot's last reason: a crash says how, a heartbeat kill stays the heartbeat's, expected exits say nothing", () => {
  const h = new History();
  h.addEvent(toTimelineEntry('exit', { slot: 0, id: 1, pid: 101, code: 1, signal: null, uptimeMs: 5, expected: false, lastError: 'Error: boom' })!, 1);
  assert.equal(h.reasons()[0]!.reason, 'exit code 1: Error: boom');
  h.addEvent(toTimelineEntry('heartbeat-miss', { slot: 0, id: 2, pid: 102, silentMs: 3000, timeoutMs: 3000 })!, 2);
  h.addEvent(exit(0, 102, 3), 3);
  assert.deepEqual(h.reasons()[0], { pid: 102, t: 2, reason: 'heartbeat timeout' });
  h.addEvent(toTimelineEntry('exit', { slot: 1, id: 4, pid: 104, code: 0, signal: null, uptimeMs: 5, expected: true })!, 4);
  assert.equal(h.reasons()[1], undefined);
  h.addEvent(toTimelineEntry('retire', { slot: 1, id: 4, pid: 104, reason: 'memory' })!, 5);
  assert.equal(h.reasons()[1]!.reason, 'memory limit');
  h.addEvent(toTimelineEntry('scale', { from: 2, to: 1 })!, 6);
  assert.deepEqual(Object.keys(h.reasons()), ['0'], 'a slot scaled away has no reason left');
});

test('supervisor events become records named like the log events; the rest are not on the timeline', () => {
  assert.deepEqual(toTimelineEntry('reload-slot', { slot: 1, durationMs: 80, oldPid: 10, newPid: 11 }), {
    event: 'reload.slot',
    slot: 1,
    pid: 11,
    oldPid: 10,
    durationMs: 80,
  });
  assert.equal(toTimelineEntry('reload-failed', { slot: 0, reason: 'x' })!.event, 'reload.abort');
  assert.equal(toTimelineEntry('reload', { slots: 2, durationMs: 1, drainedMs: 2 })!.event, 'reload.done');
  assert.equal(toTimelineEntry('give-up', { slot: 0, crashes: 16 })!.event, 'worker.giveup');
  assert.equal(toTimelineEntry('retire', { slot: 0, id: 1, pid: 1, reason: 'reload' }), null);
  assert.equal(toTimelineEntry('metrics', {} as never), null);
});

test('text a worker printed is clipped: one record stays small however long the error line', () => {
  const long = `Error: ${'x'.repeat(100_000)}`;
  const r = toTimelineEntry('exit', { slot: 0, id: 1, pid: 1, code: 1, signal: null, uptimeMs: 1, expected: false, lastError: long })!;
  assert.equal((r.lastError as string).length, MAX_TEXT);
  assert.ok((r.lastError as string).startsWith('Error: xxx'));
  assert.equal((toTimelineEntry('give-up', { slot: 0, crashes: 3, lastError: long })!.lastError as string).length, MAX_TEXT);
  assert.equal((toTimelineEntry('reload-failed', { slot: 0, reason: long })!.reason as string).length, MAX_TEXT);
});
