// Log records are an interface: every record the supervisor writes names its event
// from the closed set in src/log-events.ts, and README documents every name.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { logEvents } from '../src/log-events.js';
import { fixture, root, runCli, startCli, uniqueName } from './helpers/cli-process.js';
import { freePort, get } from './helpers/http.js';
import { withTimeout } from './helpers/wait.js';

test('README lists every log event, and no event it lists is unknown', () => {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Log events'));
  const listed = [...section.matchAll(/^\| `([\w.-]+)` \|/gm)].map((m) => m[1]);
  assert.deepEqual([...listed].sort(), Object.keys(logEvents).sort());
});

test('start, crash, reload, scale, stop: every record has a known event', async (t) => {
  const name = uniqueName();
  const cli = startCli(t, [fixture('crash-on-request.js'), '-i', '2', '--name', name, '--log-format', 'json', '--log-level', 'trace'], {
    env: { PORT: String(await freePort()) },
  });
  await cli.waitFor((r) => r.event === 'cluster.ready', 'all ready');
  const port = await cli.port();
  await get(port, '/crash').catch(() => {});
  await cli.waitFor((r) => r.event === 'worker.restart', 'the restart after the crash');
  await cli.waitForCount((r) => r.event === 'worker.ready', 3, 'the replacement ready');
  assert.equal((await runCli(['reload', '--name', name])).code, 0);
  assert.equal((await runCli(['scale', '3', '--name', name])).code, 0);
  cli.signal('SIGTERM');
  assert.equal((await withTimeout(cli.exited, 10_000, 'the supervisor to stop')).code, 0);

  const unknown = cli.records.filter((r) => !Object.hasOwn(logEvents, r.event));
  assert.deepEqual(unknown.map((r) => r.msg), [], 'records without a known event');
  const seen = new Set(cli.records.map((r) => r.event));
  for (const e of ['cluster.start', 'worker.fork', 'worker.exit', 'worker.restart', 'reload.start', 'reload.slot', 'reload.done', 'scale', 'signal', 'stop.start', 'stop.done']) {
    assert.ok(seen.has(e), `a ${e} record`);
  }
});
