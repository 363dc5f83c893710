import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidOptionError } from '../../src/errors.js';
import {
  parseDuration,
  parseEnv,
  parseHostPort,
  parseInstances,
  parsePeriod,
  parseSize,
  parseStringList,
  parseWholeNumber,
  splitWords,
  MAX_DURATION_MS,
  MAX_INSTANCES,
  MAX_SIZE_BYTES,
} from '../../src/options/values.js';

test('instances: max, numbers, and negative numbers mean max minus n, at least 1', () => {
  assert.equal(parseInstances('instances', 'max', 8), 8);
  assert.equal(parseInstances('instances', '3', 8), 3);
  assert.equal(parseInstances('instances', 3, 8), 3);
  assert.equal(parseInstances('instances', '-1', 8), 7);
  assert.equal(parseInstances('instances', -20, 8), 1);
});

test('instances: a bad value names the option, the value and the way out', () => {
  for (const bad of ['abc', '0', 0, '1.5', '', true]) {
    assert.throws(
      () => parseInstances('instances', bad, 2),
      (err: InvalidOptionError) =>
        err.code === 'CLUSTERIZE_ERR_INVALID_OPTION' &&
        err.exitCode === 2 &&
        err.message.includes('instances (--instances)') &&
        err.message.includes("'max'"),
      `expected ${String(bad)} to be refused`,
    );
  }
  assert.match(
    (() => {
      try {
        parseInstances('instances', 'abc', 2);
      } catch (e) {
        return (e as Error).message;
      }
      return '';
    })(),
    /got 'abc'/,
  );
});

test('durations: milliseconds, or with a unit', () => {
  assert.equal(parseDuration('killTimeout', 5000), 5000);
  assert.equal(parseDuration('killTimeout', '5000'), 5000);
  assert.equal(parseDuration('killTimeout', '5s'), 5000);
  assert.equal(parseDuration('killTimeout', '250ms'), 250);
  assert.equal(parseDuration('killTimeout', '2m'), 120_000);
  assert.throws(() => parseDuration('killTimeout', '-1'), /Invalid killTimeout \(--kill-timeout\): got '-1'/);
  assert.throws(() => parseDuration('killTimeout', 'soon'), /--kill-timeout/);
});

test('sizes: bytes or K/M/G, read as binary units', () => {
  assert.equal(parseSize('maxMemoryRestart', '300M'), 300 * 1024 * 1024);
  assert.equal(parseSize('maxMemoryRestart', '1G'), 1024 ** 3);
  assert.equal(parseSize('maxMemoryRestart', '512k'), 512 * 1024);
  assert.equal(parseSize('maxMemoryRestart', 1000), 1000);
  assert.throws(() => parseSize('maxMemoryRestart', 'lots'), /--max-memory-restart/);
});

test('whole numbers refuse fractions and values below the minimum', () => {
  assert.equal(parseWholeNumber('maxRestarts', '0'), 0);
  assert.throws(() => parseWholeNumber('reloadParallel', 0, 1), /use a whole number from 1 to 1000000/);
  assert.throws(() => parseWholeNumber('maxRestarts', 1.5), /--max-restarts/);
});

test('env: KEY=VALUE pairs or an object; a pair without = is refused', () => {
  assert.deepEqual(parseEnv('env', ['A=1', 'B=x=y']), { A: '1', B: 'x=y' });
  assert.deepEqual(parseEnv('env', 'A=1'), { A: '1' });
  assert.deepEqual(parseEnv('env', { A: 1, B: 'two' }), { A: '1', B: 'two' });
  assert.throws(() => parseEnv('env', ['NOPE']), /use KEY=VALUE/);
});

test('word lists keep quoted parts together', () => {
  assert.deepEqual(splitWords('--max-old-space-size=512  --title "my app"'), ['--max-old-space-size=512', '--title', 'my app']);
  assert.deepEqual(parseStringList('nodeArgs', ['--a --b', '--c']), ['--a', '--b', '--c']);
});

test('host:port defaults the host to loopback', () => {
  assert.deepEqual(parseHostPort('metrics', '9100'), { host: '127.0.0.1', port: 9100 });
  assert.deepEqual(parseHostPort('metrics', 9100), { host: '127.0.0.1', port: 9100 });
  assert.deepEqual(parseHostPort('metrics', '0.0.0.0:9100'), { host: '0.0.0.0', port: 9100 });
  assert.throws(() => parseHostPort('metrics', 'host:99999'), /--metrics/);
});

test('every number has a ceiling: durations, sizes, worker counts', () => {
  // setTimeout wraps past 2^31-1 ms and fires at once: 600h must never become 25 ms.
  assert.equal(parseDuration('killTimeout', '24h'), MAX_DURATION_MS);
  assert.throws(
    () => parseDuration('killTimeout', '600h'),
    (err: InvalidOptionError) => err.exitCode === 2 && err.message === "Invalid killTimeout (--kill-timeout): got '600h'; use a duration from 0 to 24h (86400000 ms), like 5000 or 5s.",
  );
  assert.throws(() => parseDuration('killTimeout', 2 ** 31), /got 2147483648; use a duration from 0 to 24h/);
  assert.throws(() => parseDuration('killTimeout', '1' + '0'.repeat(400)), /--kill-timeout/);
  assert.throws(() => parseDuration('killTimeout', Infinity), /--kill-timeout/);
  assert.equal(parseSize('maxMemoryRestart', '1024G'), MAX_SIZE_BYTES);
  assert.throws(() => parseSize('maxMemoryRestart', '1025G'), /use a size from 0 to 1024G/);
  assert.throws(() => parseSize('maxMemoryRestart', '9'.repeat(30)), /--max-memory-restart/);
  assert.equal(parseInstances('instances', MAX_INSTANCES, 2), MAX_INSTANCES);
  assert.equal(parseInstances('instances', 'max', 4096), MAX_INSTANCES);
  for (const bad of [MAX_INSTANCES + 1, '100000', -MAX_INSTANCES - 1]) {
    assert.throws(() => parseInstances('instances', bad, 2), /use a whole number of workers from 1 to 1024/);
  }
  assert.throws(() => parseWholeNumber('reloadParallel', 5000, 1, MAX_INSTANCES), /got 5000; use a whole number from 1 to 1024\.$/);
});

test('a hostile value is shown on one line and cut short', () => {
  assert.throws(() => parseDuration('killTimeout', 'a\nb\u0000' + 'x'.repeat(500)), (err: Error) => {
    assert.doesNotMatch(err.message, /\n/);
    assert.match(err.message, /got 'a\\nb\\u0000x+…';/);
    assert.ok(err.message.length < 250, err.message);
    return true;
  });
});

test('a period is 0 (off) or at least its minimum', () => {
  assert.equal(parsePeriod('metricsInterval', 0, 100), 0);
  assert.equal(parsePeriod('metricsInterval', '100ms', 100), 100);
  assert.throws(() => parsePeriod('metricsInterval', '1', 100), /Invalid metricsInterval \(--metrics-interval\): got '1'; use 0 \(off\) or a duration from 100 ms to 24h\./);
  assert.throws(() => parsePeriod('metricsInterval', '25h', 100), /use a duration from 0 to 24h/);
});
