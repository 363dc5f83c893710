// clusterize <script>: the app runs unchanged in N workers that share its port.
import assert from 'node:assert/strict';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fixture, root, startCli, uniqueName } from '../helpers/cli-process.js';
import { get } from '../helpers/http.js';

const json = ['--log-format', 'json'];

test('-i 2: two workers, one port, and round-robin reaches both', async (t) => {
  const cli = startCli(t, [fixture('hello.js'), '-i', '2', '--balance', 'rr', '--name', uniqueName(), ...json]);
  const listening = await cli.waitForCount((r) => typeof r.port === 'number', 2, 'both workers listening');
  assert.equal(listening[0]!.port, listening[1]!.port, 'one shared port');
  assert.notEqual(listening[0]!.pid, listening[1]!.pid);
  await cli.waitFor((r) => r.event === 'cluster.ready' && r.workers === 2, 'all ready');
  const port = listening[0]!.port as number;
  const slots = new Set<string>();
  for (let i = 0; i < 4; i++) slots.add(/slot (\d)/.exec((await get(port)).body)![1]!);
  assert.deepEqual([...slots].sort(), ['0', '1']);
});

test('-i max forks one worker per CPU', async (t) => {
  const cli = startCli(t, [fixture('hello.js'), '-i', 'max', '--name', uniqueName(), ...json]);
  const n = os.availableParallelism();
  await cli.waitFor((r) => r.event === 'cluster.ready' && r.workers === n, `all ${n} workers ready`);
  assert.equal(cli.workerPids().length, n);
});

for (const [file, expect] of [
  ['hello.cjs', /^hello from cjs worker/],
  ['esm-app.mjs', /^esm \d+/],
  ['cjs-package/app.js', /^cjs-package \d+/],
  ['hello.js', /^hello from worker/],
] as const) {
  test(`runs ${file} unchanged`, async (t) => {
    const cli = startCli(t, [fixture(file), '-i', '1', '--name', uniqueName(), ...json]);
    const r = await get(await cli.port());
    assert.equal(r.status, 200);
    assert.match(r.body, expect);
  });
}

test('script args after --, slot and worker id, --env, --cwd and --node-args reach the worker', async (t) => {
  const cli = startCli(t, [
    fixture('report-env.js'),
    '-i', '1',
    '--name', uniqueName(),
    '--env', 'GREETING=hi there',
    '--cwd', path.join(root, 'fixtures'),
    '--node-args', '--max-old-space-size=200',
    ...json,
    '--', '--port', '8080', 'extra',
  ]);
  const forked = await cli.waitFor((r) => (r.event === 'worker.fork' && r.slot === 0), 'fork of slot 0');
  const seen = JSON.parse((await get(await cli.port())).body) as Record<string, unknown>;
  assert.deepEqual(seen.argv, ['--port', '8080', 'extra']);
  assert.equal(seen.slot, '0');
  assert.equal(seen.workerId, String(forked.id));
  assert.equal(seen.greeting, 'hi there');
  assert.equal(seen.cwd, path.join(root, 'fixtures'));
  assert.ok((seen.execArgv as string[]).includes('--max-old-space-size=200'));
});

test('pretty output prefixes worker lines with the slot; JSON mode passes them through as they are', async (t) => {
  const name = uniqueName('pretty');
  const pretty = startCli(t, [fixture('hello.js'), '-i', '1', '--name', name, '--log-format', 'pretty']);
  await pretty.waitForOutput((l) => l.startsWith(`${name}:0 | listening on `), 'a prefixed worker line');
  const plain = startCli(t, [fixture('hello.js'), '-i', '1', '--name', uniqueName(), ...json]);
  await plain.waitForOutput((l) => /^listening on \d+$/.test(l), 'the worker line as printed');
});
