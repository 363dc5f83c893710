// The workforce in process, with real node:cluster workers: every fork goes through the
// one reconcile step, so a killed worker comes back in its own slot, a slot that is
// scaled away is never refilled, and a stop forks nothing more.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { test } from 'node:test';
import { supervise } from '../../src/index.js';
import type { WorkerRef } from '../../src/index.js';
import { fixture } from '../helpers/cli-process.js';
import { withTimeout } from '../helpers/wait.js';

test('crash restarts and scaling go through one reconcile step: forks land in the right slots', async (t) => {
  const sup = supervise({ script: fixture('hello.js'), instances: 2, socket: false, handleSignals: false, env: { PORT: '0' } });
  t.after(() => sup.kill());
  const forks: WorkerRef[] = [];
  sup.on('fork', (w) => forks.push(w));
  await withTimeout(sup.ready, 10_000, 'both workers ready');

  // A crash of slot 1's worker refills slot 1, and only it.
  const victim = sup.workers().find((w) => w.slot === 1)!;
  const restarted = once(sup, 'restart');
  process.kill(victim.pid, 'SIGKILL');
  const [restart] = (await withTimeout(restarted, 5000, 'the restart of slot 1')) as [{ slot: number }];
  assert.equal(restart.slot, 1);
  await withTimeout(once(sup, 'ready'), 5000, 'the replacement ready');
  assert.deepEqual(forks.map((f) => f.slot), [0, 1, 1]);

  // Growing adds slots after the last; shrinking drops the highest, without restarts.
  await withTimeout(sup.scale(4), 10_000, 'scale to 4');
  assert.deepEqual(forks.map((f) => f.slot), [0, 1, 1, 2, 3]);
  let restarts = 0;
  sup.on('restart', () => restarts++);
  await withTimeout(sup.scale(1), 10_000, 'scale to 1');
  assert.deepEqual(sup.workers().map((w) => w.slot), [0]);
  assert.deepEqual(sup.status().workers.map((w) => [w.slot, w.state]), [[0, 'ready']]);
  assert.equal(restarts, 0, 'workers scaled away are not crashes');

  // After stop, a dying worker is not replaced.
  await withTimeout(sup.stop(), 10_000, 'the stop');
  assert.equal(forks.length, 5);
  assert.equal(restarts, 0);
});
