// supervise() from a program: the same supervisor, with typed events and a handle.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { supervise } from '../src/index.js';
import type { SupervisorEvents } from '../src/index.js';
import { main } from '../src/cli/main.js';
import { fixture, uniqueName } from './helpers/cli-process.js';
import { get } from './helpers/http.js';
import { isAlive, withTimeout } from './helpers/wait.js';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { testEnv } from './helpers/runtime-dir.js';

test('supervise({ script }): events in order, status(), scale() and stop()', async () => {
  const sup = supervise({
    script: fixture('hello.js'),
    instances: 2,
    socket: false,
    handleSignals: false,
    env: { PORT: '0' },
  });
  const seen: (keyof SupervisorEvents)[] = [];
  for (const e of ['fork', 'online', 'listening', 'ready', 'all-ready', 'exit', 'stopping', 'stop'] as const) {
    sup.on(e, () => seen.push(e));
  }
  const ports: number[] = [];
  sup.on('listening', (w) => ports.push(w.port!));
  try {
    await withTimeout(sup.ready, 10_000, 'every worker ready');
    assert.equal(seen.filter((e) => e === 'fork').length, 2, 'listeners attached after supervise() returned saw the forks');
    assert.equal(seen.filter((e) => e === 'all-ready').length, 1);
    assert.equal(ports[0], ports[1]);
    assert.match((await get(ports[0]!)).body, /^hello from worker/);

    const s = sup.status();
    assert.equal(s.instances, 2);
    assert.deepEqual(s.workers.map((w) => w.state), ['ready', 'ready']);

    await sup.scale(3);
    assert.equal(sup.status().workers.filter((w) => w.state === 'ready').length, 3);
    await sup.scale(2);
    assert.equal(sup.status().workers.length, 2);
  } finally {
    await withTimeout(sup.stop(), 10_000, 'stop');
  }
  await sup.finished;
  assert.equal(seen.filter((e) => e === 'exit').length, 3);
  assert.equal(seen.at(-1), 'stop', 'stop is the last event');
  assert.equal(seen.filter((e) => e === 'stopping').length, 1);
  for (const w of sup.status().workers) assert.ok(w.pid === null || !isAlive(w.pid));
  await sup.stop(); // again: harmless
});

test('supervise() validates options like the CLI, with the same message', async () => {
  let apiMessage = '';
  try {
    supervise({ script: fixture('hello.js'), instances: 'abc' });
  } catch (err) {
    apiMessage = (err as Error).message;
  }
  const errs: string[] = [];
  await main([fixture('hello.js'), '-i', 'abc'], { out: () => {}, err: (t) => errs.push(t) });
  assert.ok(apiMessage.length > 0);
  assert.equal(errs[0], `clusterize: ${apiMessage}`);
  assert.throws(() => supervise({ script: 'missing.js' }), { code: 'CLUSTERIZE_ERR_SCRIPT_NOT_FOUND' });
  assert.throws(() => supervise({ script: fixture('hello.js'), killTimeout: -5 }), { code: 'CLUSTERIZE_ERR_INVALID_OPTION' });
});

test('supervise({ worker }): one entrypoint is primary and worker, like throng', async (t) => {
  const name = uniqueName();
  const proc = spawn(process.execPath, [fixture('single-entry.js')], {
    env: testEnv({ PORT: '0', CLUSTER_NAME: name }),
    detached: true,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  t.after(() => {
    try {
      process.kill(-proc.pid!, 'SIGKILL');
    } catch {
      // gone
    }
  });
  const events: { event: string; port?: number }[] = [];
  let resolveReady!: () => void;
  const ready = new Promise<void>((r) => (resolveReady = r));
  let buf = '';
  proc.stdout!.on('data', (d: Buffer) => {
    buf += d;
    const lines = buf.split('\n');
    buf = lines.pop()!;
    for (const l of lines) {
      if (!l.startsWith('{"event"')) continue;
      events.push(JSON.parse(l));
      if (events.at(-1)!.event === 'all-ready') resolveReady();
    }
  });
  await withTimeout(ready, 10_000, 'both workers of the single entrypoint ready');
  const port = events.find((e) => e.event === 'listening')!.port!;
  assert.match((await get(port)).body, /^single-entry worker \d+/);
  process.kill(proc.pid!, 'SIGTERM');
  const [code] = await withTimeout(once(proc, 'exit'), 10_000, 'the entrypoint to exit after SIGTERM');
  assert.equal(code, 0);
  assert.equal(events.at(-1)!.event, 'stopped');
});

test('handle.reload() resolves when done and rejects with a coded error when aborted', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clusterize-api-reload-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const versionFile = path.join(dir, 'VERSION');
  fs.writeFileSync(versionFile, 'v1');
  const sup = supervise({
    script: fixture('versioned-app.js'),
    instances: 2,
    socket: false,
    handleSignals: false,
    env: { PORT: '0', VERSION_FILE: versionFile },
  });
  t.after(() => sup.stop());
  let port = 0;
  sup.on('listening', (w) => (port = w.port!));
  const failures: { slot: number; reason: string }[] = [];
  sup.on('reload-failed', (f) => failures.push(f));
  await withTimeout(sup.ready, 10_000, 'every worker ready');

  fs.writeFileSync(versionFile, 'v2');
  const result = await withTimeout(sup.reload(), 20_000, 'the reload');
  assert.equal(result.slots, 2);
  assert.match((await get(port)).body, /^v2 /);

  fs.writeFileSync(versionFile, 'crash');
  await assert.rejects(withTimeout(sup.reload(), 20_000, 'the failing reload'), {
    code: 'CLUSTERIZE_ERR_RELOAD_FAILED',
    slot: 0,
  });
  assert.equal(failures.length, 1);
  assert.match((await get(port)).body, /^v2 /);
  assert.deepEqual(sup.status().workers.map((w) => w.state), ['ready', 'ready']);
});
