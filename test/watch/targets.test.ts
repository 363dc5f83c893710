import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { codeExtensions, jsExtensions, splitNodeOptions, tsExtensions, watchTargets } from '../../src/watch/targets.js';

const cwd = path.resolve('/srv/app');
const base = { watch: [], cwd, entry: path.join(cwd, 'src', 'server.js'), watchExt: [], nodeArgs: [] };

test("--watch without paths watches the entry file's directory", () => {
  assert.deepEqual(watchTargets(base).roots, [path.join(cwd, 'src')]);
});

test('paths are resolved from cwd; chokidar gets each place once, the filter every path named', () => {
  const t = watchTargets({ ...base, watch: ['lib', 'lib/sub', './lib', '/etc/app', 'lib-extra', '.env'] });
  assert.deepEqual(t.roots, [path.join(cwd, 'lib'), path.join(cwd, 'lib', 'sub'), path.resolve('/etc/app'), path.join(cwd, 'lib-extra'), path.join(cwd, '.env')]);
  assert.deepEqual(t.watchPaths, [path.join(cwd, 'lib'), path.resolve('/etc/app'), path.join(cwd, 'lib-extra'), path.join(cwd, '.env')]);
  const nested = watchTargets({ ...base, watch: ['.', '.env', 'config/.secrets'] });
  assert.deepEqual(nested.watchPaths, [cwd], '.env and config/.secrets are inside .');
  assert.deepEqual(nested.roots, [cwd, path.join(cwd, '.env'), path.join(cwd, 'config', '.secrets')], 'but the filter lets them through');
});

test('JavaScript and JSON count by default; TypeScript only when the app can run it', () => {
  assert.deepEqual(codeExtensions(base), [...jsExtensions]);
  const ts = [...jsExtensions, ...tsExtensions];
  assert.deepEqual(codeExtensions({ ...base, entry: path.join(cwd, 'server.ts') }), ts);
  assert.deepEqual(codeExtensions({ ...base, entry: path.join(cwd, 'server.mts') }), ts);
  for (const args of [['--import', 'tsx'], ['--import=tsx'], ['-r', 'ts-node/register'], ['--loader', 'ts-node/esm'], ['--experimental-strip-types']]) {
    assert.deepEqual(codeExtensions({ ...base, nodeArgs: args }), ts, args.join(' '));
  }
  assert.deepEqual(codeExtensions({ ...base, nodeArgs: ['--max-old-space-size=512', '--inspect'] }), [...jsExtensions]);
});

test('--watch-ext wins over the automatic choice', () => {
  assert.deepEqual(codeExtensions({ ...base, entry: 'x.ts', watchExt: ['.js', '.hbs', '.js'] }), ['.js', '.hbs']);
});

test('NODE_OPTIONS is split into flags', () => {
  assert.deepEqual(splitNodeOptions('  --import tsx  --inspect '), ['--import', 'tsx', '--inspect']);
  assert.deepEqual(splitNodeOptions(undefined), []);
});
