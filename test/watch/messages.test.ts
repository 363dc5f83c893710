import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { describeFiles, failedLine, loopLine, reloadedLine, triggerFor, watchErrorLine, whyFailed } from '../../src/watch/messages.js';

const cwd = path.resolve('/srv/app');
const f = (...p: string[]) => path.join(cwd, ...p);

test('files are named from cwd, the first one and how many others', () => {
  assert.equal(describeFiles([f('src', 'a.js')], cwd), 'src/a.js');
  assert.equal(describeFiles([f('a.js'), f('b.js')], cwd), 'a.js and 1 other file');
  assert.equal(describeFiles([f('a.js'), f('b.js'), f('c.js')], cwd), 'a.js and 2 other files');
  assert.equal(describeFiles([path.resolve('/etc/x.json')], cwd), path.resolve('/etc/x.json'), 'outside cwd: absolute');
  assert.equal(triggerFor([f('a.js')], cwd), 'watch: a.js');
});

test('one line per reload, and one per failure that says the old code still serves', () => {
  assert.equal(reloadedLine([f('a.js')], cwd, 312), 'a.js changed: reloaded in 312 ms');
  assert.equal(
    failedLine([f('a.js')], cwd, "SyntaxError: Unexpected token ';'"),
    "reload after change to a.js failed: SyntaxError: Unexpected token ';' — still serving the previous code",
  );
});

test("why a reload failed: the new worker's error, its exit, or the listen timeout", () => {
  assert.equal(whyFailed({ code: 1, signal: null, lastError: 'Error: boom' }, 100), 'Error: boom');
  assert.equal(whyFailed({ code: 3, signal: null }, 100), 'the new worker exited (code 3) before it was ready');
  assert.equal(whyFailed({ code: null, signal: 'SIGKILL' }, 100), 'the new worker exited (SIGKILL) before it was ready');
  assert.equal(whyFailed(null, 8000), 'the new worker was not ready within listen-timeout (8000 ms)');
});

test('the loop warning names the files and the flag that ends the loop', () => {
  assert.equal(
    loopLine([f('data', 'db.json'), f('cache.json')], cwd, 3),
    'data/db.json and 1 other file changed while the new workers started, 3 reloads in a row: if the app writes them, add --ignore-watch data/db.json cache.json to end the loop',
  );
});

test('running out of watchers says which limit to raise, or how to watch less', () => {
  const err = (code: string, message: string) => Object.assign(new Error(message), { code });
  assert.match(watchErrorLine(err('ENOSPC', 'ENOSPC: System limit for number of file watchers reached')), /fs\.inotify\.max_user_watches.*--ignore-watch$/);
  assert.match(watchErrorLine(err('EMFILE', 'EMFILE: too many open files')), /ulimit -n/);
  assert.equal(watchErrorLine(err('EACCES', 'EACCES: permission denied')), 'watch: EACCES: permission denied');
});
