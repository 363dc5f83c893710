import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseWorkerMessage, type WorkerMessage } from '../../src/ipc/protocol.js';
import { buildMetrics, cpuPercent, LOOP_SAMPLE_MS, loopDelay, loopDelayMs, startReporting } from '../../src/worker/report.js';
import { withTimeout } from '../helpers/wait.js';

const mem: NodeJS.MemoryUsage = { rss: 50e6, heapTotal: 8e6, heapUsed: 5e6, external: 1e6, arrayBuffers: 2e5 };

test('cpuPercent is CPU time over wall time, in percent of one core', () => {
  assert.equal(cpuPercent(500_000, 1000), 50);
  assert.equal(cpuPercent(2_000_000, 1000), 200); // two threads busy
  assert.equal(cpuPercent(0, 1000), 0);
  assert.equal(cpuPercent(1000, 0), 0);
  assert.equal(cpuPercent(-1, 1000), 0);
});

test('loop delay is what the histogram measures above its own resolution', () => {
  assert.equal(loopDelayMs(LOOP_SAMPLE_MS * 1e6, LOOP_SAMPLE_MS), 0);
  assert.ok(Math.abs(loopDelayMs(20.5e6, 20) - 0.5) < 1e-9);
  assert.equal(loopDelayMs(19e6, 20), 0);
  assert.equal(loopDelayMs(Number.NaN, 20), 0);
});

test('loop delay: ticks covering the interval read as measured', () => {
  const d = loopDelay({ count: 49, meanNs: 20.25e6, p99Ns: 21e6, wallMs: 1000 }, 20);
  assert.ok(Math.abs(d.meanMs - 0.25) < 1e-9 && Math.abs(d.p99Ms - 1) < 1e-9, JSON.stringify(d));
});

test('loop delay: a stall the histogram could not record (its reset forgets a tick) still counts', () => {
  // 40 ticks cover 804 of 1000 ms: about 176 ms went unseen beyond the normal tick.
  const d = loopDelay({ count: 40, meanNs: 20.1e6, p99Ns: 20.5e6, wallMs: 1000 }, 20);
  assert.ok(Math.abs(d.p99Ms - 176) < 1e-6, `p99 ${d.p99Ms}`);
  assert.ok(Math.abs(d.meanMs - (0.1 * 40 + 176) / 41) < 1e-6, `mean ${d.meanMs}`);
  // No tick at all in the interval: the whole of it was one stall.
  assert.deepEqual(loopDelay({ count: 0, meanNs: Number.NaN, p99Ns: 9.2e18, wallMs: 500 }, 20), { meanMs: 480, p99Ms: 480 });
});

test('buildMetrics: CPU from deltas, memory as read, and no NaN when the histogram is empty', () => {
  const m = buildMetrics(
    { cpu: { user: 1_000_000, system: 0 }, at: 1000 },
    { cpu: { user: 1_150_000, system: 50_000 }, at: 2000 },
    mem,
    { count: 0, meanNs: Number.NaN, p99Ns: 9.2e18, wallMs: 30 },
    12_345,
    77,
  );
  assert.deepEqual(m, {
    cpuPercent: 20,
    cpuTotalMicros: 1_200_000,
    rssBytes: 50e6,
    heapUsedBytes: 5e6,
    heapTotalBytes: 8e6,
    externalBytes: 1e6,
    arrayBuffersBytes: 2e5,
    eventLoopDelayMeanMs: 0,
    eventLoopDelayP99Ms: 0,
    uptimeMs: 12_345,
    requests: 77,
    connections: 0,
  });
  // What the agent builds is what the primary accepts.
  assert.notEqual(parseWorkerMessage({ cmd: 'NODE_CLUSTERIZE', v: 1, type: 'metrics', metrics: m }), null);
});

test('buildMetrics: a short interval never reads busier than every core, which the primary would drop', () => {
  // 2.1 s of CPU in 1 s of wall time on two cores: two clocks read a moment apart.
  const m = buildMetrics({ cpu: { user: 0, system: 0 }, at: 0 }, { cpu: { user: 2_100_000, system: 0 }, at: 1000 }, mem, { count: 0, meanNs: 0, p99Ns: 0, wallMs: 1000 }, 1000, 0, 0, 2);
  assert.equal(m.cpuPercent, 200);
  assert.notEqual(parseWorkerMessage({ cmd: 'NODE_CLUSTERIZE', v: 1, type: 'metrics', metrics: m }, 2), null);
});

function collect(intervalMs: number) {
  const reports: WorkerMessage[] = [];
  const waiters: (() => void)[] = [];
  const stop = startReporting((msg) => {
    reports.push(msg);
    waiters.splice(0).forEach((w) => w());
  }, intervalMs);
  const next = (what: string, match: (m: WorkerMessage) => boolean = () => true) =>
    withTimeout(
      new Promise<WorkerMessage>((resolve) => {
        const start = reports.length;
        const check = () => {
          const found = reports.slice(start).find(match);
          if (found) resolve(found);
          else waiters.push(check);
        };
        check();
      }),
      5000,
      what,
    );
  return { reports, stop, next };
}

test('startReporting sends valid reports: real numbers from the first one on', async (t) => {
  const r = collect(30);
  t.after(r.stop);
  const first = await r.next('a first report');
  const parsed = parseWorkerMessage(first);
  assert.ok(parsed && parsed.type === 'metrics', `a valid metrics message: ${JSON.stringify(first)}`);
  const m = parsed.metrics;
  // The first report covers the process start, which certainly used CPU: not a fake 0%.
  assert.ok(m.cpuPercent > 0, `first cpuPercent ${m.cpuPercent} > 0`);
  assert.ok(Math.abs(m.rssBytes - process.memoryUsage().rss) / m.rssBytes < 0.1, 'rss is this process');
  assert.ok(m.heapUsedBytes > 0 && m.heapUsedBytes <= m.heapTotalBytes);
  assert.ok(m.uptimeMs > 0 && m.uptimeMs <= process.uptime() * 1000);
  const second = await r.next('a second report');
  assert.ok(second.type === 'metrics' && second.metrics.cpuTotalMicros >= m.cpuTotalMicros);
});

test('a blocked event loop shows in the next reports, even when the report timer is due right after it', async (t) => {
  const r = collect(40);
  t.after(r.stop);
  await r.next('a first report');
  const end = Date.now() + 150;
  while (Date.now() < end);
  const slow = await r.next('a report with the 150 ms block', (m) => m.type === 'metrics' && m.metrics.eventLoopDelayP99Ms >= 100);
  assert.ok(slow.type === 'metrics' && slow.metrics.eventLoopDelayMeanMs > 0);
});
