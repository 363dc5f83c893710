// supervise({ watch }) does what --watch does, in this process.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { InvalidOptionError, supervise, type Supervisor } from '../../src/index.js';
import { captureLogger, type Captured } from '../helpers/capture-logger.js';
import { get } from '../helpers/http.js';
import { until, withTimeout } from '../helpers/wait.js';
import { copyWatchApp } from './watch-app.js';


async function run(t: TestContext, watch: true | string[]) {
  const dir = copyWatchApp();
  const records: Captured[] = [];
  const sup = supervise({
    script: path.join(dir, 'app.js'),
    cwd: dir,
    instances: 1,
    watch,
    socket: false,
    handleSignals: false,
    env: { PORT: '0' },
    logger: captureLogger(records),
  });
  t.after(async () => {
    await sup.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const [listening] = await once(sup, 'listening');
  await withTimeout(sup.ready, 10_000, 'the worker to be ready');
  await until(() => records.some((r) => r.event === 'watch.ready'), 'the watcher to be ready', 10_000);
  return { dir, sup, records, port: listening.port as number };
}

const reloaded = (sup: Supervisor) => withTimeout(once(sup, 'reload'), 10_000, 'a reload');

test('watch: true reloads on a change in the script directory', async (t) => {
  const { dir, sup, records, port } = await run(t, true);
  const done = reloaded(sup);
  fs.writeFileSync(path.join(dir, 'version.js'), "export const version = 'v2';\n");
  await done;
  assert.match((await get(port)).body, /^v2 /);
  await until(() => records.some((r) => (r.event === 'watch.reload' && r.reason === undefined)), 'the reload line');
});

test('watch: [paths] watches those paths only, relative to cwd', async (t) => {
  const { dir, sup, records, port } = await run(t, ['lib']);
  assert.deepEqual(records.find((r) => r.event === 'watch.ready')!.watch, [path.join(dir, 'lib')]);
  const done = reloaded(sup);
  fs.writeFileSync(path.join(dir, 'version.js'), "export const version = 'v2';\n");
  fs.writeFileSync(path.join(dir, 'lib', 'util.js'), "export const greeting = 'hi';\n");
  await done;
  const line = records.find((r) => (r.event === 'watch.reload' && r.reason === undefined))!;
  assert.deepEqual(line.files, [path.join(dir, 'lib', 'util.js')], 'version.js is outside the watched path');
  assert.match((await get(port)).body, /^v2 \d+ hi\n$/, 'the reload loads all the new code');
});

test('a watch path that does not exist stops the start with an error naming it', async () => {
  const dir = copyWatchApp();
  try {
    const sup = supervise({ script: path.join(dir, 'app.js'), cwd: dir, instances: 1, watch: ['srcc'], socket: false, handleSignals: false });
    await assert.rejects(sup.finished, (err: Error) => {
      assert.ok(err instanceof InvalidOptionError);
      assert.match(err.message, /^Invalid watch \(--watch\): got '.*srcc'; use a file or directory that exists/);
      return true;
    });
    assert.equal(sup.workers().length, 0, 'nothing was forked');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
