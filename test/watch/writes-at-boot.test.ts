// An app that writes a watched file as it starts reloads itself in a loop; watch mode
// says which file and what to do, and --ignore-watch ends the loop.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { fixture, startCli, uniqueName } from '../helpers/cli-process.js';
import { get } from '../helpers/http.js';
import { isReloadLine } from './watch-app.js';

async function start(t: TestContext, extra: string[]) {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'clusterize-watch-')));
  fs.cpSync(fixture('watch-writes-at-boot'), dir, { recursive: true });
  const cli = startCli(t, ['app.js', '--watch', '-i', '1', ...extra, '--name', uniqueName('loop'), '--log-format', 'json'], { cwd: dir });
  t.after(async () => {
    await cli.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  await cli.waitFor((r) => r.event === 'watch.ready', 'the watcher to be ready');
  await cli.waitFor((r) => r.event === 'cluster.ready' && r.workers === 1, 'the worker to be ready');
  return { dir, cli, port: await cli.port() };
}

test('a file the app writes at boot: the loop is named, once, with the flag that ends it', async (t) => {
  const { dir, cli, port } = await start(t, []);
  fs.writeFileSync(path.join(dir, 'app.js'), fs.readFileSync(path.join(dir, 'app.js')));
  const warning = await cli.waitFor((r) => r.event === 'watch.loop', 'the loop warning');
  assert.equal(
    warning.msg,
    'state.json changed while the new workers started, 3 reloads in a row: if the app writes it, add --ignore-watch state.json to end the loop',
  );
  await cli.waitForCount(isReloadLine, 6, 'the loop to go on');
  assert.equal(cli.records.filter((r) => r.event === 'watch.loop').length, 1, 'said once');
  assert.match((await get(port)).body, /^up \d+/, 'the app answers all along');
});

test('with the suggested --ignore-watch, a change reloads once', async (t) => {
  const { dir, cli } = await start(t, ['--ignore-watch', 'state.json']);
  fs.writeFileSync(path.join(dir, 'app.js'), fs.readFileSync(path.join(dir, 'app.js')));
  await cli.waitForCount(isReloadLine, 1, 'the reload for app.js');
  // bound the wait for a second, unwanted reload with one we ask for
  fs.writeFileSync(path.join(dir, 'marker.js'), '');
  const [, second] = await cli.waitForCount(isReloadLine, 2, 'the reload for marker.js');
  assert.match(second!.msg, /^marker\.js changed/);
});
