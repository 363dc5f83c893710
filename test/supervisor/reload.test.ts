// Rolling reload under load: no failed request, new code everywhere afterwards, old
// workers gone; a broken new version changes nothing but the reload's result.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { fixture, runCli, startCli, uniqueName, type CliProcess } from '../helpers/cli-process.js';
import { get, startLoad } from '../helpers/http.js';
import { isAlive, withTimeout } from '../helpers/wait.js';
import { statusOf } from '../metrics/status-client.js';

interface App {
  cli: CliProcess;
  name: string;
  port: number;
  setVersion(v: string): void;
}

async function startApp(t: TestContext, extra: string[] = [], instances = 2, version = 'v1'): Promise<App> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clusterize-reload-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const versionFile = path.join(dir, 'VERSION');
  fs.writeFileSync(versionFile, version);
  const name = uniqueName('reload');
  const cli = startCli(
    t,
    [fixture('versioned-app.js'), '-i', String(instances), '--name', name, '--kill-timeout', '3000', '--log-format', 'json', ...extra],
    { env: { VERSION_FILE: versionFile } },
  );
  await cli.waitFor((r) => r.event === 'cluster.ready', 'all workers ready');
  return { cli, name, port: await cli.port(), setVersion: (v) => fs.writeFileSync(versionFile, v) };
}

const versionOf = (body: string) => body.split(' ')[0];

for (const balance of ['os', 'rr'] as const) {
  for (const keepAlive of [true, false]) {
    test(`--balance ${balance}, ${keepAlive ? 'keep-alive clients' : 'a new connection per request'}: zero failed requests, new code after, old workers gone`, async (t) => {
      const app = await startApp(t, ['--balance', balance]);
      const oldPids = app.cli.workerPids();
      const load = startLoad(app.port, { t, keepAlive, concurrency: 8 });
      await load.next(200);
      app.setVersion('v2');
      const r = await runCli(['reload', '--name', app.name], { timeoutMs: 30_000 });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`^reloaded 2 workers of '${app.name}' in \\d+ ms`));
      // The old workers are gone when reload returns: every later response is new code.
      const afterReload = load.report.timeline.length;
      await load.next(200);
      const report = await load.stop();
      assert.deepEqual(report.failures, [], 'no request failed');
      const after = report.timeline.slice(afterReload);
      assert.ok(after.length >= 200);
      assert.deepEqual([...new Set(after.map((e) => versionOf(e.body)))], ['v2'], 'only new code answers after the reload');
      for (const pid of oldPids) assert.ok(!isAlive(pid), `old worker ${pid} is gone`);
      const status = JSON.parse((await runCli(['status', '--json', '--name', app.name])).stdout) as { workers: { state: string }[] };
      assert.deepEqual(status.workers.map((w) => w.state), ['ready', 'ready'], 'two workers, both serving');
    });
  }
}

for (const [broken, extra, expected] of [
  ['crash', [], /Reload aborted at slot 0: the new worker exited \(code 1\): Error: version crash cannot start/],
  ['hang', ['--listen-timeout', '1500'], /Reload aborted at slot 0: the new worker was not ready within listen-timeout \(1500 ms\)/],
] as const) {
  test(`a new version that ${broken === 'crash' ? 'crashes at boot' : 'never listens'}: zero failed requests, old code keeps serving, reload reported failed`, async (t) => {
    const app = await startApp(t, [...extra]);
    const oldPids = app.cli.workerPids();
    const load = startLoad(app.port, { t, keepAlive: true, concurrency: 4 });
    await load.next(100);
    app.setVersion(broken);
    const r = await runCli(['reload', '--name', app.name], { timeoutMs: 30_000 });
    assert.equal(r.code, 1);
    assert.equal(r.stderr.trim().split('\n').length, 1);
    assert.match(r.stderr, expected);
    assert.match(r.stderr, /The old workers keep serving the old code/);
    await load.next(100);
    const report = await load.stop();
    assert.deepEqual(report.failures, []);
    assert.deepEqual([...report.bodies.keys()].map(versionOf).filter((v, i, a) => a.indexOf(v) === i), ['v1']);
    for (const pid of oldPids) assert.ok(isAlive(pid), `old worker ${pid} still serves`);
    // One attempt, no restart loop: exactly one replacement was forked and nothing was restarted.
    assert.equal(app.cli.workerPids().length, 3);
    assert.equal(app.cli.records.filter((r) => r.event === 'worker.restart').length, 0);
    const failed = app.cli.records.filter((r) => r.event === 'reload.abort');
    assert.equal(failed.length, 1, 'the failure is logged once');

    // The next good version reloads normally.
    app.setVersion('v3');
    const again = await runCli(['reload', '--name', app.name], { timeoutMs: 30_000 });
    assert.equal(again.code, 0, again.stderr);
    assert.equal(versionOf((await get(app.port)).body), 'v3');
  });
}

test('a slow request in flight on an old worker when the reload starts completes with 200', async (t) => {
  const app = await startApp(t, [], 1);
  const slow = get(app.port, '/slow');
  await app.cli.waitForOutput((l) => l.startsWith('slow request started'), 'the slow request to reach the old worker');
  app.setVersion('v2');
  const reload = runCli(['reload', '--name', app.name], { timeoutMs: 30_000 });
  const reply = await slow;
  assert.equal(reply.status, 200);
  assert.match(reply.body, /^slow v1 /);
  assert.equal((await reload).code, 0);
  assert.equal(versionOf((await get(app.port)).body), 'v2');
});

test('SIGHUP reloads; reloads asked for during one are folded into one more', async (t) => {
  const app = await startApp(t);
  app.setVersion('v2');
  app.cli.signal('SIGHUP');
  await app.cli.waitFor((r) => (r.event === 'reload.start' && r.trigger === 'SIGHUP'), 'the first reload to start');
  app.cli.signal('SIGHUP');
  app.cli.signal('SIGHUP');
  app.cli.signal('SIGHUP');
  await app.cli.waitForCount((r) => r.event === 'reload.done', 2, 'two reloads to finish');
  // Run a third, explicit one and wait for it: if more had been queued, they would show up before it.
  const r = await runCli(['reload', '--name', app.name], { timeoutMs: 30_000 });
  assert.equal(r.code, 0);
  assert.equal(app.cli.records.filter((r) => r.event === 'reload.start').length, 3);
  assert.equal(app.cli.records.filter((r) => r.event === 'reload.queued').length, 1);
  // 2 initial workers + 2 per reload, and exactly 2 alive.
  assert.equal(app.cli.workerPids().length, 8);
  assert.equal(app.cli.workerPids().filter(isAlive).length, 2);
});

test('--wait-ready: the old worker serves until the new one says ready', async (t) => {
  const app = await startApp(t, ['--wait-ready'], 1, 'ready-after-0');
  app.setVersion('ready-after-400');
  const r = await runCli(['reload', '--name', app.name], { timeoutMs: 30_000 });
  assert.equal(r.code, 0, r.stderr);
  const replaced = app.cli.records.find((r) => (r.event === 'reload.slot' && r.slot === 0));
  assert.ok(replaced);
  assert.ok((replaced.durationMs as number) >= 400, `waited for 'ready' (${replaced.durationMs} ms)`);
  assert.equal(versionOf((await get(app.port)).body), 'ready-after-400');
});

test('a stop during a reload stops cleanly, with no worker left', async (t) => {
  const app = await startApp(t, ['--listen-timeout', '20000']);
  app.setVersion('hang');
  const reload = runCli(['reload', '--name', app.name], { timeoutMs: 30_000 });
  await app.cli.waitFor((r) => (r.event === 'worker.fork' && r.slot === 0) && !app.cli.workerPids().slice(0, 2).includes(r.pid!), 'the replacement fork');
  app.cli.signal('SIGTERM');
  const { code } = await withTimeout(app.cli.exited, 15_000, 'the supervisor to stop during the reload');
  assert.equal(code, 0);
  const r = await reload;
  assert.notEqual(r.code, 0);
  for (const pid of app.cli.workerPids()) assert.ok(!isAlive(pid), `worker ${pid} is gone`);
});

test('an aborted reload removes its never-ready worker at once, not after kill-timeout', async (t) => {
  const app = await startApp(t, ['--listen-timeout', '1000']);
  app.setVersion('hang');
  const r = await runCli(['reload', '--name', app.name], { timeoutMs: 30_000 });
  assert.equal(r.code, 1);
  const abort = await app.cli.waitFor((rec) => rec.event === 'reload.abort', 'the abort record');
  const stuck = app.cli.workerPids().at(-1)!;
  const exit = await app.cli.waitFor((rec) => rec.event === 'worker.exit' && rec.pid === stuck, 'the never-ready worker to exit', 5000);
  const gone = Number(exit.time) - Number(abort.time);
  assert.ok(gone < 1000, `gone ${gone} ms after the abort, kill-timeout is 3000 ms`);
  const s = await statusOf(app.name);
  assert.equal(s.workers.length, 2, 'back to two workers');
});
