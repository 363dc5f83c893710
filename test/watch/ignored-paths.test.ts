// Writes that cannot change the running code reload nothing: node_modules, dot-folders,
// logs, --ignore-watch paths, files that are not code. A watched marker written after
// them bounds the wait: its reload must name the marker alone.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { startWatchApp } from './watch-app.js';

test('node_modules, .git, logs, --ignore-watch paths and non-code files cause no reload', async (t) => {
  const app = await startWatchApp(t, ['-i', '1', '--ignore-watch', 'tmp', 'data/**']);
  const pids = app.cli.workerPids();

  app.write('node_modules/dep/index.js', 'module.exports = 2;\n');
  app.write('node_modules/dep/package.json', '{}');
  app.write('.git/hooks/x.js', '');
  app.write('server.log', 'a line\n');
  app.write('tmp/cache.js', '');
  app.write('lib/tmp/cache.json', '{}');
  app.write('data/db.json', '{}');
  app.write('notes.md', '# notes\n');
  app.write('marker.js', '// 1\n');
  const first = await app.waitForReload(1, 'the reload caused by marker.js');
  assert.deepEqual(first.files, [path.join(app.dir, 'marker.js')], 'no ignored write took part in the reload');
  assert.equal(app.cli.workerPids().length, pids.length + 1, 'one new worker, for the marker');

  // Anything the ignored writes set off has arrived by the time a second marker's
  // reload is logged: there must be no reload in between.
  app.write('node_modules/dep/index.js', 'module.exports = 3;\n');
  app.write('marker2.js', '// 2\n');
  const second = await app.waitForReload(2, 'the reload caused by marker2.js');
  assert.deepEqual(second.files, [path.join(app.dir, 'marker2.js')]);
  assert.equal(app.reloads().length, 2);
});
