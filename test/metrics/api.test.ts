// supervise() in this process: the 'metrics' event fires per report, handle.status()
// carries the same numbers, and what an app sends, malformed or its own, never
// confuses the primary.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { supervise } from '../../src/index.js';
import type { WorkerMetrics } from '../../src/ipc/protocol.js';
import { captureLogger, type Captured } from '../helpers/capture-logger.js';
import { fixture } from '../helpers/cli-process.js';
import { withTimeout } from '../helpers/wait.js';
import { vmRss } from './status-client.js';


test('metrics events, status(), malformed messages dropped and the app\'s own delivered untouched', async (t) => {
  const entries: Captured[] = [];
  const sup = supervise({
    script: fixture('send-garbage.js'),
    instances: 1,
    metricsInterval: 100,
    socket: false,
    handleSignals: false,
    env: { PORT: '0' },
    logger: captureLogger(entries),
  });
  t.after(() => sup.stop());

  const own: unknown[] = [];
  const ownDone = new Promise<void>((resolve) =>
    sup.on('message', ({ message }) => {
      own.push(message);
      if (own.length === 4) resolve();
    }),
  );
  const reports: { pid: number; metrics: WorkerMetrics }[] = [];
  let onReport = () => {};
  sup.on('metrics', ({ pid, metrics }) => {
    reports.push({ pid, metrics });
    onReport();
  });
  const reportsAfter = (n: number) =>
    withTimeout(
      new Promise<void>((resolve) => {
        const target = reports.length + n;
        onReport = () => reports.length >= target && resolve();
      }),
      5000,
      `${n} more metrics reports`,
    );

  // The operating system's first look at a new worker is a real number (or nothing
  // yet for a process too young to average), never the 0% PM2 shows.
  const firstOsLooks: (number | null)[] = [];
  sup.once('fork', ({ pid }) => {
    const look = setInterval(() => {
      const os = sup.osSample(pid);
      if (os) {
        firstOsLooks.push(os.cpuPercent);
        clearInterval(look);
      }
    }, 5);
    t.after(() => clearInterval(look));
  });

  await withTimeout(sup.ready, 10_000, 'the worker to be ready');
  await withTimeout(ownDone, 5000, "the app's own 4 messages");

  // The app's messages arrive as sent, in order, even those that look like ours.
  assert.deepEqual(own.slice(1), [{ cmd: 'clusterize', v: 1, type: 'pong', seq: 1 }, 'ready?', [1, 'two']]);
  assert.deepEqual(Object.keys(own[0] as object), ['type', 'metrics']);
  // Everything tagged as ours but malformed was dropped, one debug line each, sent
  // before the app's own messages on the same ordered channel.
  const dropped = entries.filter((e) => e.event === 'ipc.malformed');
  assert.equal(dropped.length, 15);
  assert.ok(dropped.every((e) => e.level === 'debug'));
  assert.deepEqual(entries.filter((e) => e.level === 'error' || e.level === 'fatal'), []);

  // Reports keep coming after the garbage; none of it was taken for a report.
  await reportsAfter(3);
  assert.equal(firstOsLooks.length, 1, 'the sampler has looked at the worker');
  assert.notEqual(firstOsLooks[0], 0, 'first OS sample');
  assert.ok(reports[0]!.metrics.cpuPercent > 0, `first report ${reports[0]!.metrics.cpuPercent}% covers the boot`);
  const pid = sup.workers()[0]!.pid;
  assert.ok(reports.every((r) => r.pid === pid && r.metrics.uptimeMs > 1 && r.metrics.rssBytes > 1e6), 'only real reports');
  const ups = reports.map((r) => r.metrics.uptimeMs);
  assert.deepEqual([...ups].sort((a, b) => a - b), ups, 'one event per report, in order');

  // status() has the last report's numbers (memory and loop delay come from the worker).
  const last = reports.at(-1)!.metrics;
  const row = sup.status().workers[0]!;
  assert.equal(row.pid, pid);
  assert.equal(row.heapUsedBytes, last.heapUsedBytes);
  assert.equal(row.eventLoopDelayMs, last.eventLoopDelayMeanMs);
  assert.equal(typeof row.cpuPercent, 'number');

  // The worker's own RSS agrees with the kernel's.
  const kernel = await vmRss(pid);
  assert.ok(Math.abs(last.rssBytes - kernel) / kernel < 0.1, `reported ${last.rssBytes} within 10% of VmRSS ${kernel}`);
  await sup.stop();
});
