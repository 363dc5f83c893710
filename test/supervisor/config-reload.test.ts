// Reload with new configuration: with --config every reload reads the file again, the
// new workers get what changed, a broken file aborts the reload before any worker is
// touched; `clusterize reload --env` changes variables without a file.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fixture, runCli, startCli, uniqueName } from '../helpers/cli-process.js';
import { get, startLoad } from '../helpers/http.js';
import { isAlive } from '../helpers/wait.js';
import { statusOf } from '../metrics/status-client.js';

const environOf = (pid: number) => fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');

test('--config: a reload takes on the new env (0 failed requests), names what needs a restart; a broken file changes nothing', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clusterize-reconf-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const name = uniqueName('reconf');
  const file = path.join(dir, 'clusterize.json');
  const write = (o: object) => fs.writeFileSync(file, JSON.stringify({ script: fixture('report-env.js'), instances: 2, name, 'kill-timeout': 3000, ...o }));
  write({ env: { GREETING: 'one' } });
  const cli = startCli(t, ['start', '--config', file, '--log-format', 'json']);
  await cli.waitFor((r) => r.event === 'cluster.ready', 'both workers ready');
  const port = await cli.port();
  const first = cli.workerPids();
  for (const pid of first) assert.ok(environOf(pid).includes('GREETING=one'));
  const load = startLoad(port, { t, keepAlive: true, concurrency: 4 });
  await load.next(50);

  write({ env: { GREETING: 'two' }, 'node-args': '--max-old-space-size=200', 'metrics-interval': 500, name: 'renamed' });
  const r = await runCli(['reload', '--name', name], { timeoutMs: 30_000 });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^new configuration \(generation 2\): nodeArgs, env$/m);
  assert.match(r.stdout, /^needs a restart to change: (name, metricsInterval|metricsInterval, name) \(kept as they were\)$/m);
  const conf = await cli.waitFor((rec) => rec.event === 'reload.config', 'the reload.config record');
  assert.deepEqual(conf.changed, ['nodeArgs', 'env']);
  assert.deepEqual((conf.needsRestart as string[]).sort(), ['metricsInterval', 'name']);
  assert.equal(conf.generation, 2);
  const second = cli.workerPids().filter((p) => !first.includes(p));
  assert.equal(second.length, 2);
  for (const pid of second) assert.ok(environOf(pid).includes('GREETING=two'), `worker ${pid} has the new value`);
  const seen = JSON.parse((await get(port)).body) as { pid: number; execArgv: string[] };
  assert.ok(second.includes(seen.pid));
  assert.ok(seen.execArgv.includes('--max-old-space-size=200'), `new node args: ${seen.execArgv.join(' ')}`);
  const s = await statusOf(name);
  assert.deepEqual(s.workers.map((w) => [w.pid, w.generation]).sort(), second.map((p) => [p, 2]).sort(), 'status shows generation 2 on every worker');
  await load.next(50);
  assert.deepEqual((await load.stop()).failures, [], 'no request failed');

  fs.writeFileSync(file, JSON.stringify({ script: fixture('report-env.js'), name, 'kill-timeout': 'soon' }));
  const broken = await runCli(['reload', '--name', name], { timeoutMs: 30_000 });
  assert.notEqual(broken.code, 0);
  assert.match(broken.stderr, /killTimeout \(--kill-timeout\)/);
  assert.match(broken.stderr, /soon/);
  assert.equal(cli.workerPids().length, 4, 'no worker was forked');
  for (const pid of second) assert.ok(isAlive(pid), `old worker ${pid} still serves`);
  assert.ok(second.includes((JSON.parse((await get(port)).body) as { pid: number }).pid));
  assert.ok(cli.records.some((rec) => rec.event === 'reload.config' && typeof rec.error === 'string'));
});

test('reload --env changes a variable without a file, for this and later reloads', async (t) => {
  const name = uniqueName('reenv');
  const cli = startCli(t, [fixture('report-env.js'), '-i', '1', '--env', 'GREETING=one', '--name', name, '--log-format', 'json']);
  await cli.waitFor((r) => r.event === 'cluster.ready', 'the worker ready');
  const port = await cli.port();

  const bad = await runCli(['reload', '--name', name, '--env', 'not a pair']);
  assert.equal(bad.code, 2, bad.stderr);
  const r = await runCli(['reload', '--name', name, '--env', 'GREETING=three', '--env', 'EXTRA=x'], { timeoutMs: 30_000 });
  assert.equal(r.code, 0, r.stderr);
  assert.equal((JSON.parse((await get(port)).body) as { greeting: string }).greeting, 'three');
  const plain = await runCli(['reload', '--name', name], { timeoutMs: 30_000 });
  assert.equal(plain.code, 0, plain.stderr);
  const reply = JSON.parse((await get(port)).body) as { greeting: string; pid: number };
  assert.equal(reply.greeting, 'three', 'kept for later reloads');
  assert.ok(environOf(reply.pid).includes('EXTRA=x'));
  assert.equal((await statusOf(name)).workers[0]!.generation, 2, 'the second reload changed nothing: same generation');
});
