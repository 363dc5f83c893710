import assert from 'node:assert/strict';
import { test } from 'node:test';
import { REPORTS_PER_SECOND, reportIntervalFor } from '../../src/metrics/report-interval.js';

test('up to REPORTS_PER_SECOND workers report at the interval asked for', () => {
  assert.equal(reportIntervalFor(1000, 1), 1000);
  assert.equal(reportIntervalFor(1000, REPORTS_PER_SECOND), 1000);
  assert.equal(reportIntervalFor(250, 2), 250);
  assert.equal(reportIntervalFor(100, REPORTS_PER_SECOND), 100);
});

test('more workers stretch the interval so the primary takes about the same reports per second', () => {
  assert.equal(reportIntervalFor(1000, REPORTS_PER_SECOND + 1), 1063);
  assert.equal(reportIntervalFor(1000, 64), 4000);
  assert.equal(reportIntervalFor(250, 64), 4000);
  for (const n of [17, 64, 100, 1024]) {
    const perSecond = (n * 1000) / reportIntervalFor(1000, n);
    assert.ok(perSecond <= REPORTS_PER_SECOND, `${n} workers: ${perSecond} reports/s`);
  }
});

test('a slower interval asked for is kept, and 0 (off) stays off', () => {
  assert.equal(reportIntervalFor(10_000, 64), 10_000);
  assert.equal(reportIntervalFor(0, 64), 0);
});
