// GET /events and the token, in-process against a stand-in for the supervisor's
// status and events: snapshot then deltas, the cap on clients, cleanup when a client
// goes, heartbeats, no server timeout cutting a quiet stream, and --metrics-token on
// every endpoint. (The real cluster is driven in dashboard-browser.test.ts.)
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { test, type TestContext } from 'node:test';
import { startDashboard } from '../../src/dashboard/attach.js';
import { SseHub } from '../../src/dashboard/sse.js';
import { startMetricsServer } from '../../src/metrics/http-server.js';
import type { SupervisorEvents } from '../../src/supervisor/events.js';
import { silentLogger } from '../../src/logger.js';
import { get } from '../helpers/http.js';
import { until, withTimeout } from '../helpers/wait.js';
import { row, status } from '../metrics/status-fixture.js';
import { openStream } from './sse-client.js';

class FakeSupervisor extends EventEmitter<SupervisorEvents> {
  workers = [row({ slot: 0 }), row({ slot: 1 })];
  status() {
    return status(this.workers);
  }
}

async function serve(t: TestContext, o: { token?: string; maxClients?: number; heartbeatMs?: number } = {}) {
  const sup = new FakeSupervisor();
  const dashboard = startDashboard(sup, 'web', { history: { stepMs: 50 }, sse: { maxClients: o.maxClients ?? 4, heartbeatMs: o.heartbeatMs ?? 15_000 } });
  const server = await startMetricsServer({ host: '127.0.0.1', port: 0 }, () => sup.status(), silentLogger, 1, { token: o.token ?? null, routes: dashboard.routes });
  t.after(async () => {
    dashboard.close();
    await server.close();
  });
  return { sup, dashboard, port: server.port };
}

test('GET /events: a snapshot, then each lifecycle event at once and a tick every step', async (t) => {
  const { sup, port } = await serve(t);
  const s = await openStream(port, '/events');
  t.after(() => s.close());
  assert.equal(s.status, 200);
  const snap = (await s.next('snapshot', 'the snapshot')).data as { status: { name: string }; timeline: unknown[] };
  assert.equal(s.frames[0]!.event, 'snapshot', 'the snapshot comes first');
  assert.equal(snap.status.name, 'web');

  sup.emit('exit', { slot: 1, id: 2, pid: 1001, code: null, signal: 'SIGKILL', uptimeMs: 10, expected: false });
  const frame = await s.next('timeline', 'the exit record', { ms: 1000 });
  const rec = frame.data as Record<string, unknown>;
  assert.deepEqual([rec.event, rec.slot, rec.pid, rec.signal, rec.expected], ['worker.exit', 1, 1001, 'SIGKILL', false]);

  const tick = (await s.next('tick', 'a tick after the exit', { ms: 1000, after: s.frames.indexOf(frame) + 1 })).data as { points: { slot: number }[]; reasons: Record<string, { reason: string }> };
  assert.deepEqual(tick.points.map((p) => p.slot), [0, 1]);
  assert.equal(tick.reasons[1]!.reason, 'SIGKILL');
});

test('at most maxClients streams; one that leaves frees its place and leaves nothing behind', async (t) => {
  const { sup, dashboard, port } = await serve(t, { maxClients: 2 });
  const listeners = () => sup.eventNames().reduce((n, e) => n + sup.listenerCount(e), 0);
  const subscribed = listeners();
  const a = await openStream(port, '/events');
  const b = await openStream(port, '/events');
  t.after(() => [a, b].forEach((s) => s.close()));
  await Promise.all([a.next('snapshot', 'a snapshot'), b.next('snapshot', 'b snapshot')]);
  const full = await openStream(port, '/events');
  t.after(() => full.close());
  assert.equal(full.status, 503);
  await withTimeout(full.ended, 2000, 'the refusal to end');
  assert.match(JSON.parse(full.text).error, /too many dashboard clients \(at most 2\)/);
  assert.equal(listeners(), subscribed, 'clients add no supervisor listeners');

  a.close();
  await until(() => dashboard.hub.size === 1, 'the hub to drop the client that left', 2000);
  const c = await openStream(port, '/events');
  t.after(() => c.close());
  assert.equal(c.status, 200);
  b.close();
  c.close();
  await until(() => dashboard.hub.size === 0, 'the hub to drop every client', 2000);
});

test('a quiet stream gets heartbeat comments and outlives the server timeout', async (t) => {
  const hub = new SseHub({ heartbeatMs: 300 });
  const server = http.createServer((req, res) => void hub.open(req, res, { event: 'snapshot', data: {} }));
  // What a connection-limits setting would do to every socket, shorter than the
  // heartbeat: the stream must not care.
  server.setTimeout(100);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    hub.close();
    server.close();
  });
  const s = await openStream((server.address() as AddressInfo).port, '/');
  let closed = false;
  void s.closed.then(() => (closed = true));
  await until(() => s.comments >= 2 || closed, 'two heartbeat comments', 3000);
  assert.equal(closed, false, 'still open after 600 ms with a 100 ms server timeout');
  assert.equal(s.comments, 2);
  s.close();
});

test('--metrics-token: every endpoint answers 401 without it, and takes it as a bearer token or ?token=', async (t) => {
  const token = 'correct-horse-battery-staple';
  const { port } = await serve(t, { token });
  for (const path of ['/', '/events', '/metrics', '/status', '/healthz', '/assets/uplot.js', '/nope']) {
    const r = await get(port, path);
    assert.equal(r.status, 401, path);
    assert.equal(r.headers['www-authenticate'], 'Bearer realm="clusterize"');
    assert.equal((await get(port, `${path}?token=wrong-horse-battery-staple`)).status, 401, `${path} with a wrong token`);
  }
  const withHeader = await new Promise<number>((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: '/status', headers: { authorization: `Bearer ${token}` }, agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode!);
    }).on('error', reject);
  });
  assert.equal(withHeader, 200);
  assert.equal((await get(port, `/healthz?token=${token}`)).status, 200);
  const stream = await openStream(port, `/events?token=${token}`);
  t.after(() => stream.close());
  assert.equal(stream.status, 200);

  // The page carries the token on to what it loads itself.
  const page = await get(port, `/?token=${token}`);
  assert.equal(page.status, 200);
  assert.match(page.body, new RegExp(`src="assets/dashboard\\.js\\?token=${token}"`));
  assert.equal(page.headers['referrer-policy'], 'no-referrer');
  assert.equal((await get(port, `/assets/dashboard.js?token=${token}`)).status, 200);
});

test('the page and every file it loads are served from the package, with the cluster name in the title', async (t) => {
  const { port } = await serve(t);
  const page = await get(port, '/');
  assert.match(page.body, /<title>web · clusterize<\/title>/);
  const assets = [...page.body.matchAll(/(?:src|href)="(assets\/[^"]+)"/g)].map((m) => m[1]!);
  assert.deepEqual(assets.sort(), ['assets/dashboard.css', 'assets/dashboard.js', 'assets/uplot.css', 'assets/uplot.js']);
  for (const a of assets) {
    const r = await get(port, `/${a}`);
    assert.equal(r.status, 200, a);
    assert.match(String(r.headers['content-type']), a.endsWith('.js') ? /^text\/javascript/ : /^text\/css/);
    assert.ok(r.body.length > 500, `${a} has content`);
  }
});

test('closing the dashboard removes every listener it put on the supervisor', () => {
  const sup = new FakeSupervisor();
  const count = () => sup.eventNames().reduce((n, e) => n + sup.listenerCount(e), 0);
  const dashboard = startDashboard(sup, 'web');
  assert.ok(count() >= 14, `it listens to the lifecycle events (${count()})`);
  dashboard.close();
  assert.equal(count(), 0);
});
