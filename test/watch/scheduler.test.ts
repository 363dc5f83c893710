// The debounce and the coalescing with a clock the test moves by hand: no real waiting.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createScheduler, type ChangeBatch, type Clock } from '../../src/watch/scheduler.js';

function fakeClock() {
  let now = 0;
  let seq = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const clock: Clock = {
    now: () => now,
    setTimeout: (fn, ms) => {
      timers.set(++seq, { at: now + ms, fn });
      return seq;
    },
    clearTimeout: (h) => void timers.delete(h as number),
  };
  /** Moves time forward, firing the timers that fall due, in order. */
  const advance = (ms: number) => {
    const end = now + ms;
    for (;;) {
      const next = [...timers.entries()].sort((a, b) => a[1].at - b[1].at)[0];
      if (!next || next[1].at > end) break;
      timers.delete(next[0]);
      now = next[1].at;
      next[1].fn();
    }
    now = end;
  };
  return { clock, advance, pending: () => timers.size };
}

/** A reload the test finishes by hand. */
function reloads() {
  const runs: { batch: ChangeBatch; finish: (ok?: boolean) => Promise<void> }[] = [];
  const reload = (batch: ChangeBatch) =>
    new Promise<void>((resolve, reject) => {
      runs.push({
        batch,
        finish: async (ok = true) => {
          if (ok) resolve();
          else reject(new Error('reload failed'));
          // let the scheduler's continuation run
          for (let i = 0; i < 5; i++) await Promise.resolve();
        },
      });
    });
  return { runs, reload };
}

test('a burst of changes closer together than the delay gives one reload, delay after the last change', () => {
  const { clock, advance } = fakeClock();
  const { runs, reload } = reloads();
  const s = createScheduler({ delayMs: 100, clock, reload });
  for (let i = 0; i < 20; i++) {
    s.change(`/app/f${i % 5}.js`);
    advance(30);
  }
  assert.equal(runs.length, 0, 'nothing while changes keep coming');
  assert.equal(s.state, 'settling');
  advance(69);
  assert.equal(runs.length, 0);
  advance(1);
  assert.equal(runs.length, 1);
  assert.deepEqual(runs[0]!.batch.files, ['/app/f0.js', '/app/f1.js', '/app/f2.js', '/app/f3.js', '/app/f4.js']);
  assert.equal(runs[0]!.batch.events, 20);
  assert.equal(runs[0]!.batch.firstAt, 0);
  assert.equal(runs[0]!.batch.lastAt, 570);
  assert.equal(s.state, 'reloading');
});

test('changes apart by more than the delay give one reload each', async () => {
  const { clock, advance } = fakeClock();
  const { runs, reload } = reloads();
  const s = createScheduler({ delayMs: 100, clock, reload });
  s.change('/app/a.js');
  advance(100);
  await runs[0]!.finish();
  assert.equal(s.state, 'quiet');
  s.change('/app/a.js');
  advance(100);
  assert.equal(runs.length, 2);
});

test('a burst during a reload gives exactly one more reload, after it, with every file of the burst', async () => {
  const { clock, advance } = fakeClock();
  const { runs, reload } = reloads();
  const s = createScheduler({ delayMs: 100, clock, reload });
  s.change('/app/a.js');
  advance(100);
  assert.equal(runs.length, 1);
  for (let i = 0; i < 10; i++) {
    s.change(`/app/b${i}.js`);
    advance(10);
  }
  assert.equal(s.state, 'reloading-settling');
  advance(500);
  assert.equal(s.state, 'reloading-due');
  assert.equal(runs.length, 1, 'never two reloads at once');
  await runs[0]!.finish();
  assert.equal(runs.length, 2, 'the next one starts as soon as the first ends');
  assert.equal(runs[1]!.batch.files.length, 10);
  await runs[1]!.finish();
  advance(1000);
  assert.equal(runs.length, 2, 'and no third');
  assert.equal(s.state, 'quiet');
});

test('a reload that ends while a burst is still settling waits for the burst to settle', async () => {
  const { clock, advance } = fakeClock();
  const { runs, reload } = reloads();
  const s = createScheduler({ delayMs: 100, clock, reload });
  s.change('/app/a.js');
  advance(100);
  s.change('/app/b.js');
  advance(50);
  await runs[0]!.finish();
  assert.equal(s.state, 'settling');
  assert.equal(runs.length, 1);
  s.change('/app/c.js');
  advance(99);
  assert.equal(runs.length, 1);
  advance(1);
  assert.equal(runs.length, 2);
  assert.deepEqual(runs[1]!.batch.files, ['/app/b.js', '/app/c.js']);
});

test('a failed reload does not stop the next one', async () => {
  const { clock, advance } = fakeClock();
  const { runs, reload } = reloads();
  const s = createScheduler({ delayMs: 100, clock, reload });
  s.change('/app/a.js');
  advance(100);
  await runs[0]!.finish(false);
  assert.equal(s.state, 'quiet');
  s.change('/app/a.js');
  advance(100);
  assert.equal(runs.length, 2);
});

test('a reload callback that throws is treated as a failed reload', () => {
  const { clock, advance } = fakeClock();
  const s = createScheduler({
    delayMs: 100,
    clock,
    reload: () => {
      throw new Error('sync');
    },
  });
  s.change('/app/a.js');
  assert.doesNotThrow(() => advance(100));
});

test('close cancels the pending reload and ignores later changes', async () => {
  const { clock, advance, pending } = fakeClock();
  const { runs, reload } = reloads();
  const s = createScheduler({ delayMs: 100, clock, reload });
  s.change('/app/a.js');
  advance(100);
  s.change('/app/b.js');
  s.close();
  assert.equal(pending(), 0, 'no timer left behind');
  s.change('/app/c.js');
  await runs[0]!.finish();
  advance(1000);
  assert.equal(runs.length, 1);
  assert.equal(s.state, 'closed');
});
