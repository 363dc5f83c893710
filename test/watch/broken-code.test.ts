// A save that breaks the app (a syntax error, a throw at boot) leaves the old workers
// serving, says so once, and the next good save reloads normally.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startLoad } from '../helpers/http.js';
import { isFailedLine, startWatchApp, waitForVersion } from './watch-app.js';

test('a syntax error or a crash at boot keeps the old code up; fixing it reloads', async (t) => {
  const app = await startWatchApp(t, ['-i', '2']);
  const load = startLoad(app.port, { t, keepAlive: true });
  await load.next(10);
  const forks = () => app.cli.workerPids().length;

  app.write('version.js', 'export const version = ;\n');
  const syntax = await app.cli.waitFor(isFailedLine, 'the failed-reload line for the syntax error');
  assert.match(syntax.msg, /^reload after change to version\.js failed: SyntaxError: Unexpected token/);
  assert.equal(forks(), 3, 'one replacement was tried, and not restarted in a loop');

  app.write('version.js', "throw new Error('boom at boot');\nexport const version = 'never';\n");
  const [, crash] = await app.cli.waitForCount(isFailedLine, 2, 'the failed-reload line for the crash at boot');
  assert.equal(crash!.msg, 'reload after change to version.js failed: Error: boom at boot — still serving the previous code');
  await load.next(10);
  const versions = new Set([...load.report.bodies.keys()].map((b) => b.split(' ')[0]));
  assert.deepEqual([...versions], ['v1'], 'only the old code answered');

  app.setVersion('v3');
  await app.waitForReload(1, 'the reload after the fix');
  await waitForVersion(load, 'v3');
  const report = await load.stop();
  assert.deepEqual(report.failures, [], 'no request failed, broken saves included');
  assert.equal(app.cli.records.filter(isFailedLine).length, 2, 'each broken save is reported once');
  assert.equal(app.cli.stderr.filter((l) => l.startsWith('SyntaxError:')).length, 1, "the new worker's error was printed once");
});
