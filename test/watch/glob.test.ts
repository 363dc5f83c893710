import assert from 'node:assert/strict';
import { test } from 'node:test';
import { globToRegExp } from '../../src/watch/glob.js';

const matches = (glob: string, p: string) => globToRegExp(glob).test(p);

test('* and ? stay inside one path segment', () => {
  assert.ok(matches('*.log', 'app.log'));
  assert.ok(!matches('*.log', 'logs/app.log'));
  assert.ok(matches('file?.js', 'file1.js'));
  assert.ok(!matches('file?.js', 'file/.js'));
  assert.ok(!matches('*.log', 'app.log.1'));
});

test('** spans any number of segments, none included', () => {
  assert.ok(matches('**/*.test.js', 'a.test.js'));
  assert.ok(matches('**/*.test.js', 'src/deep/a.test.js'));
  assert.ok(matches('src/**/gen.js', 'src/gen.js'));
  assert.ok(matches('src/**/gen.js', 'src/a/b/gen.js'));
  assert.ok(!matches('src/**/gen.js', 'lib/gen.js'));
  assert.ok(matches('**', 'any/thing'));
});

test('dir/** also matches the directory itself, so it can be pruned', () => {
  assert.ok(matches('tmp/**', 'tmp'));
  assert.ok(matches('tmp/**', 'tmp/a/b.js'));
  assert.ok(!matches('tmp/**', 'tmpfile.js'));
  assert.ok(matches('public/uploads/', 'public/uploads'), 'a trailing slash is dropped');
  assert.ok(matches('./data/*.json', 'data/db.json'), 'a leading ./ is dropped');
});

test('braces, classes and escaping', () => {
  assert.ok(matches('*.{js,json}', 'a.json'));
  assert.ok(matches('*.{js,json}', 'a.js'));
  assert.ok(!matches('*.{js,json}', 'a.ts'));
  assert.ok(matches('{a,b{1,2}}.js', 'b2.js'), 'nested braces');
  assert.ok(matches('v[0-9].js', 'v7.js'));
  assert.ok(!matches('v[!0-9].js', 'v7.js'));
  assert.ok(matches('v[!0-9].js', 'vx.js'));
  assert.ok(!matches('a.js', 'abjs'), 'a dot is a dot');
  assert.ok(matches('a+(b).js', 'a+(b).js'), 'regexp characters are literal');
  assert.ok(matches('x[.js', 'x[.js'), 'an unclosed class is literal');
  assert.ok(matches('x{.js', 'x{.js'), 'an unclosed brace is literal');
});
