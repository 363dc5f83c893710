// --max-memory-restart: a leaking worker is replaced new-before-old, like a reload, and
// not one request fails, with one worker only and under keep-alive and new-connection load.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture, startCli, uniqueName } from '../helpers/cli-process.js';
import { freePort, startLoad } from '../helpers/http.js';

const LIMIT = 100 * 1024 * 1024;

test('a leaking worker is replaced gracefully once its RSS stays above the limit, with zero failed requests', async (t) => {
  const port = await freePort();
  const cli = startCli(
    t,
    [fixture('leak-memory.js'), '-i', '1', '--max-memory-restart', '100M', '--metrics-interval', '200', '--kill-timeout', '1500', '--name', uniqueName('mem'), '--log-format', 'json'],
    { env: { PORT: String(port), LEAK_MB_PER_S: '40' } },
  );
  const first = await cli.waitFor((r) => (r.event === 'worker.ready' && r.slot === 0), 'the first worker ready');
  const keepAlive = startLoad(port, { t, keepAlive: true, concurrency: 2 });
  const fresh = startLoad(port, { t, keepAlive: false, concurrency: 2 });
  // If the test fails half-way, the loops must not spin on against a dead port.
  t.after(() => Promise.all([keepAlive.stop(), fresh.stop()]));

  const over = await cli.waitFor((r) => (r.event === 'memory.limit' && r.newPid === undefined && r.err === undefined), 'the memory limit to trip');
  assert.equal(over.pid, first.pid);
  assert.equal(over.limitBytes, LIMIT);
  assert.ok((over.rssBytes as number) > LIMIT, `rss ${over.rssBytes} is above the limit`);
  assert.equal(cli.records.filter((r) => (r.event === 'worker.ready' && r.slot === 0) && r.pid === first.pid).length, 1);

  const replaced = await cli.waitFor((r) => (r.event === 'memory.limit' && typeof r.newPid === 'number'), 'the replacement');
  assert.notEqual(replaced.newPid, first.pid);
  // New before old: the replacement was ready before the old worker was asked to leave.
  const readyAt = cli.records.findIndex((r) => (r.event === 'worker.ready' && r.slot === 0) && r.pid === replaced.newPid);
  const retireAt = cli.records.findIndex((r) => (r.event === 'worker.retire' && r.slot === 0 && r.reason === 'memory') && r.pid === first.pid);
  assert.ok(readyAt >= 0 && retireAt > readyAt, `ready (${readyAt}) before retire (${retireAt})`);
  const exit = await cli.waitFor((r) => r.event === 'worker.exit' && r.pid === first.pid, 'the old worker to exit');
  assert.equal(exit.expected, true);
  assert.equal(exit.code, 0, 'it drained and left on its own');

  // A little load on the new worker alone, then count.
  await Promise.all([keepAlive.next(20), fresh.next(20)]);
  const reports = [await keepAlive.stop(), await fresh.stop()];
  for (const r of reports) {
    assert.deepEqual(r.failures, [], 'no request failed');
    const bodies = [...r.bodies.keys()];
    assert.ok(bodies.includes(`ok ${first.pid}\n`) && bodies.includes(`ok ${replaced.newPid}\n`), `served by both: ${bodies}`);
  }
});
