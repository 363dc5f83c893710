import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { resolveOptions } from '../../src/options/resolve.js';

const ctx = { cpus: 4, cwd: '/srv' };

test('defaults: one worker per CPU, the documented timings, name from the script', () => {
  const o = resolveOptions({ script: 'app.mjs' }, ctx);
  assert.equal(o.instances, 4);
  assert.equal(o.script, '/srv/app.mjs');
  assert.equal(o.name, 'app');
  assert.equal(o.killTimeout, 5000);
  assert.equal(o.minUptime, 1000);
  assert.equal(o.maxRestarts, 16);
  assert.equal(o.restartDelay, 100);
  assert.equal(o.maxRestartDelay, 15000);
  assert.equal(o.listenTimeout, 10000);
  assert.equal(o.reloadParallel, 1);
  assert.equal(o.balance, 'auto');
  assert.equal(o.socket, '');
});

test('the script resolves against --cwd', () => {
  const o = resolveOptions({ script: 'app.js', cwd: 'sub' }, ctx);
  assert.equal(o.cwd, path.resolve('/srv/sub'));
  assert.equal(o.script, path.resolve('/srv/sub/app.js'));
});

test('an unknown option is refused with a suggestion', () => {
  assert.throws(() => resolveOptions({ script: 'a.js', killTimout: 5 } as never, ctx), /Unknown option 'killTimout'; did you mean 'killTimeout' \(--kill-timeout\)\?/);
});

test('no script and no worker function is a usage error', () => {
  assert.throws(() => resolveOptions({}, ctx), (e: Error & { exitCode: number }) => e.exitCode === 2 && /No script given/.test(e.message));
});

test('a worker function replaces the script', () => {
  const o = resolveOptions({ worker: () => {}, instances: 2 }, ctx);
  assert.equal(o.script, null);
  assert.equal(o.name, 'app');
  assert.throws(() => resolveOptions({ worker: 'nope' as never }, ctx), /Invalid worker/);
});

test('the backoff cap may not be below the first delay', () => {
  assert.throws(() => resolveOptions({ script: 'a.js', restartDelay: 500, maxRestartDelay: 100 }, ctx), /--max-restart-delay/);
});

test('a name must be usable as a file name', () => {
  assert.throws(() => resolveOptions({ script: 'a.js', name: '../etc' }, ctx), /Invalid name \(--name\)/);
});

test('metricsToken: a long visible-ASCII secret, never echoed back, and only with metrics on', () => {
  const token = '0123456789abcdef';
  assert.equal(resolveOptions({ script: 'a.js', metrics: 9100, metricsToken: token }, ctx).metricsToken, token);
  assert.equal(resolveOptions({ script: 'a.js', metrics: 9100 }, ctx).metricsToken, null);
  for (const bad of ['short-secret', 'has a space in it, sadly', 'tab\tinside-the-token-x']) {
    assert.throws(
      () => resolveOptions({ script: 'a.js', metrics: 9100, metricsToken: bad }, ctx),
      (e: Error & { exitCode: number }) =>
        e.exitCode === 2 && /^Invalid metricsToken \(--metrics-token\): got '<\d+ characters>'; use at least 16 visible ASCII/.test(e.message) && !e.message.includes(bad),
    );
  }
  assert.throws(() => resolveOptions({ script: 'a.js', metricsToken: token }, ctx), /metricsToken \(--metrics-token\) protects the metrics server, which is off/);
});
