// Saving a file brings the new code in by a rolling reload: the app never stops answering.
import assert from 'node:assert/strict';
import http from 'node:http';
import path from 'node:path';
import { test } from 'node:test';
import { get, startLoad } from '../helpers/http.js';
import { startWatchApp, waitForVersion } from './watch-app.js';

test('an edit is served within seconds, with zero failed requests, and one line says what changed', async (t) => {
  const app = await startWatchApp(t, ['-i', '2']);
  const keepAlive = startLoad(app.port, { t, keepAlive: true });
  const fresh = startLoad(app.port, { t, keepAlive: false, concurrency: 2 });
  await keepAlive.next(20);
  const before = app.cli.workerPids();

  app.setVersion('v2');
  await waitForVersion(keepAlive, 'v2');
  const line = await app.waitForReload(1, 'the reload line');
  const [k, f] = await Promise.all([keepAlive.stop(), fresh.stop()]);

  assert.deepEqual(k.failures, [], 'keep-alive clients saw no failure');
  assert.deepEqual(f.failures, [], 'new connections saw no failure');
  assert.match(line.msg, /^version\.js changed: reloaded in \d+ ms$/);
  assert.deepEqual(line.files, [path.join(app.dir, 'version.js')]);
  const replacements = app.cli.workerPids().filter((p) => !before.includes(p));
  assert.equal(replacements.length, 2, 'each slot got one new worker');
  for (let i = 0; i < 4; i++) {
    const r = await get(app.port);
    assert.match(r.body, /^v2 \d+/);
    assert.ok(replacements.includes(Number(r.body.split(' ')[1])), 'served by a new worker');
  }
  assert.equal(app.reloads().length, 1, 'one save, one reload');
});

test('the line comes when the new code takes over, not when an idle keep-alive connection lets the old worker go', async (t) => {
  const app = await startWatchApp(t, ['-i', '1']);
  // What a browser tab leaves behind: the old worker drains it only at its keep-alive timeout.
  const browser = new http.Agent({ keepAlive: true, maxSockets: 1 });
  t.after(() => browser.destroy());
  await get(app.port, '/', { agent: browser });
  app.setVersion('v2');
  const line = await app.waitForReload(1, 'the reload line');
  assert.equal(app.cli.records.filter((r) => r.event === 'reload.done').length, 0, 'the old worker is still draining');
  assert.ok(app.cli.records.indexOf(line) > app.cli.records.findIndex((r) => (r.event === 'reload.slot' && r.slot === 0)));
  assert.match((await get(app.port)).body, /^v2 /);
});
