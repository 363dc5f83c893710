import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { createWatchFilter, type FsKind } from '../../src/watch/filter.js';

const root = path.resolve('/srv/app');
const at = (...p: string[]) => path.join(root, ...p);
const dir: FsKind = { isFile: () => false, isDirectory: () => true };
const file: FsKind = { isFile: () => true, isDirectory: () => false };

const make = (o: { ignore?: string[]; extensions?: string[]; ownFiles?: string[]; roots?: string[] } = {}) =>
  createWatchFilter({
    roots: o.roots ?? [root],
    cwd: root,
    ignore: o.ignore ?? [],
    extensions: o.extensions ?? ['.js', '.mjs', '.cjs', '.json'],
    ownFiles: o.ownFiles ?? [],
  });

test('node_modules, coverage, dot-folders and dot-files are pruned at any depth, before chokidar enters them', () => {
  const f = make();
  for (const p of [at('node_modules'), at('packages', 'x', 'node_modules'), at('.git'), at('.cache'), at('coverage')]) {
    assert.ok(f.ignores(p), `${p} without stats`);
    assert.ok(f.ignores(p, dir), `${p} as a directory`);
  }
  assert.ok(f.ignores(at('node_modules', 'dep', 'index.js'), file));
  assert.ok(!f.counts(at('node_modules', 'dep', 'index.js')));
  assert.ok(!f.counts(at('.#app.js')), "Emacs' lock file");
  assert.ok(!f.counts(at('.git', 'hooks', 'pre-commit.js')));
});

test('only code files count; directories are never pruned for their name looking like a file', () => {
  const f = make();
  assert.ok(f.counts(at('src', 'a.js')));
  assert.ok(f.counts(at('config.json')));
  assert.ok(f.counts(at('lib', 'x.CJS')), 'extensions compare case-insensitively');
  assert.ok(!f.counts(at('README.md')));
  assert.ok(!f.counts(at('app.js~')), 'editor backup');
  assert.ok(!f.counts(at('.app.js.swp')), 'vim swap file');
  assert.ok(!f.counts(at('server.log')));
  assert.ok(f.ignores(at('README.md'), file), 'not watched at all');
  assert.ok(!f.ignores(at('README.md')), 'without stats it may be a directory');
  assert.ok(!f.ignores(at('socket.io'), dir), 'a directory with a dot in its name');
  assert.ok(!f.ignores(at('src'), dir));
});

test('--watch-ext replaces the list', () => {
  const f = make({ extensions: ['.ts'] });
  assert.ok(f.counts(at('a.ts')));
  assert.ok(!f.counts(at('a.js')));
});

test('--ignore-watch: a name matches at any depth, a path from cwd, and a matched directory covers its files', () => {
  const f = make({ ignore: ['tmp', 'public/uploads/**', '*.generated.js', '/srv/app/var/**'] });
  assert.ok(f.ignores(at('tmp'), dir));
  assert.ok(!f.counts(at('a', 'tmp', 'x.js')));
  assert.ok(f.ignores(at('public', 'uploads'), dir));
  assert.ok(!f.counts(at('public', 'uploads', 'u.json')));
  assert.ok(f.counts(at('public', 'index.js')));
  assert.ok(f.counts(at('lib', 'public', 'uploads', 'u.json')), 'a path glob is anchored at cwd');
  assert.ok(!f.counts(at('src', 'api.generated.js')));
  assert.ok(!f.counts(at('var', 'cache.json')), 'an absolute glob');
  const defaults = make();
  assert.ok(defaults.counts(at('tmp', 'x.js')), 'the flag adds to the defaults, which do not include tmp');
});

test("the supervisor's own files never count", () => {
  const sock = at('run', 'app.sock');
  const f = make({ ownFiles: [sock], extensions: ['.sock', '.js'] });
  assert.ok(f.ignores(sock));
  assert.ok(!f.counts(sock));
  assert.ok(f.counts(at('run', 'x.js')));
});

test('names are judged below the watched root: an app inside a dot-folder or node_modules still works', () => {
  const inside = path.resolve('/home/me/.apps/node_modules/svc');
  const f = createWatchFilter({ roots: [inside], cwd: inside, ignore: [], extensions: ['.js'], ownFiles: [] });
  assert.ok(!f.ignores(inside, dir));
  assert.ok(f.counts(path.join(inside, 'index.js')));
  assert.ok(!f.counts(path.join(inside, 'node_modules', 'x.js')));
});

test('a file named on purpose counts whatever its extension; a dot-folder named on purpose is watched', () => {
  const env = at('.env');
  const secrets = at('config', '.secrets');
  const f = make({ roots: [root, env, secrets] });
  assert.ok(f.counts(env));
  assert.ok(!f.ignores(env, file));
  assert.ok(!f.counts(at('.env.local')));
  assert.ok(!f.ignores(secrets, dir));
  assert.ok(f.counts(path.join(secrets, 'keys.json')));
  assert.ok(!f.counts(path.join(secrets, '.git', 'x.json')), 'names below it still count');
});
