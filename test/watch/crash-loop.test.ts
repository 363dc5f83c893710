// In watch mode a crash loop does not end the supervisor: it waits for the next save.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { startCli, uniqueName } from '../helpers/cli-process.js';
import { freePort, get } from '../helpers/http.js';
import { copyWatchApp } from './watch-app.js';

test('every worker crashing after a save: the supervisor waits, and the next good save brings the app back', async (t) => {
  const dir = copyWatchApp();
  // A fixed port: once no worker holds it, port 0 would become another one.
  const port = await freePort();
  const cli = startCli(
    t,
    ['app.js', '--watch', '-i', '1', '--max-restarts', '1', '--restart-delay', '10', '--min-uptime', '5000', '--name', uniqueName('loop'), '--log-format', 'json'],
    { cwd: dir, env: { PORT: String(port) } },
  );
  t.after(async () => {
    await cli.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  await cli.waitFor((r) => r.event === 'cluster.ready' && r.workers === 1, 'the worker ready');
  const write = (v: string) => fs.writeFileSync(path.join(dir, 'version.js'), v);

  // Listens, so the reload takes it, then dies: the old code is already gone.
  write("setTimeout(() => { throw new Error('late crash'); }, 300);\nexport const version = 'v2';\n");
  const waiting = await cli.waitFor((r) => (r.event === 'cluster.giveup' && r.waiting === true), 'the supervisor to wait for a change');
  assert.equal(waiting.lastError, 'Error: late crash');
  assert.equal(cli.proc.exitCode, null, 'the supervisor is still running');

  write("export const version = 'v3';\n");
  await cli.waitFor((r) => (r.event === 'watch.reload' && r.reason === undefined) && cli.records.indexOf(r) > cli.records.indexOf(waiting), 'the reload after the fix');
  assert.match((await get(port)).body, /^v3 /);
});
