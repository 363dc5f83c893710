// Drain before stop (--drain-delay): /healthz says 503 `draining` at once, status and
// Prometheus show it, the workers keep serving for the delay, then the graceful stop; a
// second signal skips the wait.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture, runCli, startCli, uniqueName, type CliProcess } from '../helpers/cli-process.js';
import { get, startLoad } from '../helpers/http.js';
import { withTimeout } from '../helpers/wait.js';
import { statusOf } from '../metrics/status-client.js';

const json = ['--log-format', 'json'];

async function started(cli: CliProcess): Promise<{ port: number; metrics: number }> {
  const rec = await cli.waitFor((r) => typeof r.metricsAddress === 'string', 'the metrics server to listen');
  await cli.waitFor((r) => r.event === 'cluster.ready', 'all workers ready');
  return { port: await cli.port(), metrics: Number(String(rec.metricsAddress).split(':').pop()) };
}

test('SIGTERM with --drain-delay: 503 draining at once, the workers serve through the delay, then a clean stop', async (t) => {
  const name = uniqueName('drain');
  const cli = startCli(t, [fixture('hello.js'), '-i', '2', '--drain-delay', '1500', '--metrics', '127.0.0.1:0', '--name', name, ...json]);
  const { port, metrics } = await started(cli);
  assert.equal((await get(metrics, '/healthz')).status, 200);
  const load = startLoad(port, { keepAlive: true, concurrency: 2, t });
  await load.next(10);

  cli.signal('SIGTERM');
  const drain = await cli.waitFor((r) => r.event === 'stop.drain', 'the drain to begin');
  assert.deepEqual([drain.reason, drain.drainDelayMs], ['SIGTERM', 1500]);
  const health = await get(metrics, '/healthz');
  assert.equal(health.status, 503);
  const body = JSON.parse(health.body) as { status: string; ready: number };
  assert.deepEqual([body.status, body.ready], ['draining', 2]);
  assert.equal((JSON.parse((await get(metrics, '/status')).body) as { state: string }).state, 'draining');
  assert.match((await get(metrics, '/metrics')).body, /^clusterize_draining 1$/m);
  // Over the control socket from here: a `clusterize status` process could take longer
  // to start on a loaded machine than the drain lasts.
  assert.equal((await statusOf(name)).state, 'draining');

  const stopStart = await cli.waitFor((r) => r.event === 'stop.start', 'the graceful stop after the drain');
  assert.ok((stopStart.time as number) - (drain.time as number) >= 1500, 'the workers got the whole drain delay');
  const retired = cli.records.filter((r) => r.event === 'worker.retire');
  assert.ok(retired.every((r) => (r.time as number) >= (stopStart.time as number)), 'no worker retired during the drain');
  const servedDuringDrain = load.report.timeline.filter((x) => x.at > (drain.time as number) + 1000).length;
  assert.ok(servedDuringDrain > 0, 'requests were still answered late in the drain');
  assert.deepEqual(await withTimeout(cli.exited, 15_000, 'the supervisor to exit'), { code: 0, signal: null });
  const report = await load.stop();
  // Only once the workers had stopped accepting may requests fail.
  assert.deepEqual(report.failures.filter((f) => f.at < (stopStart.time as number)), []);
});

test('a second SIGTERM during the drain skips the rest of it', async (t) => {
  const cli = startCli(t, [fixture('hello.js'), '-i', '1', '--drain-delay', '60s', '--name', uniqueName('drain'), ...json]);
  await cli.waitFor((r) => r.event === 'cluster.ready', 'the worker ready');
  cli.signal('SIGTERM');
  await cli.waitFor((r) => r.event === 'stop.drain', 'the drain to begin');
  cli.signal('SIGTERM');
  await cli.waitFor((r) => r.event === 'signal' && r.action === 'skip-drain', 'the second signal to skip the drain');
  assert.deepEqual(await withTimeout(cli.exited, 15_000, 'the supervisor to exit long before the 60 s drain'), { code: 0, signal: null });
  assert.equal(cli.records.filter((r) => r.event === 'worker.exit' && r.expected === true).length, 1, 'a graceful exit, not a kill');
  assert.equal(cli.records.filter((r) => r.event === 'worker.fork').length, 1, 'no worker was restarted');
});

test('clusterize stop drains too; without --drain-delay the stop starts at once', async (t) => {
  const name = uniqueName('drain');
  const cli = startCli(t, [fixture('hello.js'), '-i', '1', '--drain-delay', '300', '--name', name, ...json]);
  await cli.waitFor((r) => r.event === 'cluster.ready', 'the worker ready');
  const stopped = await runCli(['stop', '--name', name]);
  assert.equal(stopped.code, 0, stopped.stderr);
  const drain = cli.records.find((r) => r.event === 'stop.drain');
  assert.equal(drain?.reason, 'clusterize stop');

  const plain = startCli(t, [fixture('hello.js'), '-i', '1', '--name', uniqueName('drain'), ...json]);
  await plain.waitFor((r) => r.event === 'cluster.ready', 'the worker ready');
  plain.signal('SIGTERM');
  await withTimeout(plain.exited, 15_000, 'the supervisor to exit');
  assert.equal(plain.records.filter((r) => r.event === 'stop.drain').length, 0);
});
