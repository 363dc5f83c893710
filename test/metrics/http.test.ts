// --metrics [host:]port: /metrics in Prometheus text, /healthz, /status, and a clear
// one-line failure when the port is taken.
import assert from 'node:assert/strict';
import net from 'node:net';
import { test } from 'node:test';
import { fixture, runCli, startCli, uniqueName, type CliProcess } from '../helpers/cli-process.js';
import { get } from '../helpers/http.js';
import { until, withTimeout } from '../helpers/wait.js';
import { parsePromText, requiredFamilies } from './prom-text.js';

async function metricsPort(cli: CliProcess): Promise<number> {
  const rec = await cli.waitFor((r) => r.event === 'metrics.listening', 'the metrics server to listen');
  assert.match(String(rec.metricsAddress), /^127\.0\.0\.1:\d+$/);
  return Number(String(rec.metricsAddress).split(':').pop());
}


test('/metrics, /healthz and /status while serving; /healthz says 503 while shutting down', async (t) => {
  const cli = startCli(t, [fixture('slow-request.js'), '-i', '2', '--metrics', '0', '--metrics-interval', '100', '--name', uniqueName('http'), '--log-format', 'json']);
  const port = await metricsPort(cli);
  const ready = await cli.waitForCount((r) => r.event === 'worker.ready', 2, 'both workers ready');
  // Until both workers have been sampled, a family may lack a slot.
  await until(async () => {
    const families = parsePromText((await get(port, '/metrics')).body);
    return requiredFamilies.every((n) => new Set(families.get(n)?.samples.map((s) => s.labels.slot)).size === 2);
  }, 'every required family to have both slots');

  const m = await get(port, '/metrics');
  assert.equal(m.status, 200);
  assert.match(String(m.headers['content-type']), /^text\/plain; version=0\.0\.4/);
  const families = parsePromText(m.body);
  for (const name of requiredFamilies) {
    // restarts_total also has a reason label: one series per slot and reason.
    assert.deepEqual([...new Set(families.get(name)!.samples.map((s) => s.labels.slot))], ['0', '1'], name);
  }
  assert.ok(families.get('clusterize_worker_resident_memory_bytes')!.samples.every((s) => s.value > 10e6));
  assert.equal(families.get('clusterize_workers')!.samples.find((s) => s.labels.state === 'ready')!.value, 2);

  const h = await get(port, '/healthz');
  assert.equal(h.status, 200);
  assert.deepEqual(JSON.parse(h.body), { status: 'ok', state: 'running', ready: 2, minReady: 1, instances: 2 });

  const s = JSON.parse((await get(port, '/status')).body) as { workers: { pid: number; state: string }[] };
  assert.deepEqual(s.workers.map((w) => w.pid).sort(), ready.map((r) => r.pid).sort());

  assert.equal((await get(port, '/nope')).status, 404);

  // A request in flight holds the stop open: meanwhile a load balancer must be told to go.
  const slow = get(await cli.port(), '/slow');
  await cli.waitForOutput((l) => l.startsWith('slow request started'), 'the slow request to arrive');
  cli.signal('SIGTERM');
  await cli.waitFor((r) => r.event === 'stop.start', 'the supervisor to start stopping');
  const down = await get(port, '/healthz');
  assert.equal(down.status, 503);
  assert.equal(JSON.parse(down.body).state, 'stopping');
  assert.equal((await slow).status, 200, 'the slow request still finished');
  assert.equal((await withTimeout(cli.exited, 10_000, 'the supervisor to exit')).code, 0);
  await assert.rejects(get(port, '/healthz'), /ECONNREFUSED/, 'the metrics server closed with the supervisor');
});

test('/healthz is 503 while no worker serves', async (t) => {
  const cli = startCli(t, [fixture('no-server.js'), '-i', '1', '--metrics', '127.0.0.1:0', '--name', uniqueName('http'), '--log-format', 'json']);
  const port = await metricsPort(cli);
  await cli.waitForOutput((l) => l.startsWith('running without a server'), 'the worker to run');
  const h = await get(port, '/healthz');
  assert.equal(h.status, 503);
  assert.deepEqual(JSON.parse(h.body), {
    status: 'unavailable',
    reason: '0 workers ready, fewer than min-ready (1)',
    state: 'starting',
    ready: 0,
    minReady: 1,
    instances: 1,
  });
  const workers = parsePromText((await get(port, '/metrics')).body).get('clusterize_workers')!;
  assert.equal(workers.samples.find((s) => s.labels.state === 'ready')!.value, 0);
});

test('--min-ready: /healthz is 503 until that many workers are ready', async (t) => {
  const cli = startCli(t, [fixture('hello.js'), '-i', '2', '--min-ready', '3', '--metrics', '0', '--name', uniqueName('http'), '--log-format', 'json']);
  const port = await metricsPort(cli);
  await cli.waitFor((r) => r.event === 'cluster.ready', 'both workers ready');
  const h = await get(port, '/healthz');
  assert.equal(h.status, 503);
  assert.deepEqual([JSON.parse(h.body).status, JSON.parse(h.body).ready, JSON.parse(h.body).minReady], ['unavailable', 2, 3]);
});

test('a busy metrics port: one clear line, exit 1, no worker started', async () => {
  const blocker = net.createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const port = (blocker.address() as net.AddressInfo).port;
  try {
    const r = await runCli([fixture('hello.js'), '--metrics', String(port), '--name', uniqueName('http'), '--log-format', 'json']);
    assert.equal(r.code, 1);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, `one line: ${r.stderr}`);
    assert.match(lines[0]!, new RegExp(`^clusterize: Cannot serve metrics on 127\\.0\\.0\\.1:${port}: .*EADDRINUSE.*; pick a free port with --metrics\\.$`));
    assert.doesNotMatch(r.stdout, /fork slot/);
  } finally {
    blocker.close();
  }
});
