import assert from 'node:assert/strict';
import { test } from 'node:test';
import { judgeMemory, SAMPLES_OVER_LIMIT } from '../../src/metrics/memory-policy.js';

const MB = 1024 * 1024;

/** Feeds samples in order; returns the index of the sample that asks for a replacement, or -1. */
function firstReplace(samples: number[], limit: number): number {
  let over = 0;
  for (const [i, rss] of samples.entries()) {
    const v = judgeMemory(over, rss, limit);
    if (v.replace) return i;
    over = v.over;
  }
  return -1;
}

test(`RSS above the limit for ${SAMPLES_OVER_LIMIT} samples in a row asks for a replacement`, () => {
  assert.equal(SAMPLES_OVER_LIMIT, 2);
  assert.equal(firstReplace([100 * MB, 310 * MB, 320 * MB], 300 * MB), 2);
});

test('one spike is forgiven, and a dip below the limit starts the count over', () => {
  assert.equal(firstReplace([310 * MB, 100 * MB, 310 * MB, 100 * MB], 300 * MB), -1);
  assert.equal(firstReplace([310 * MB, 290 * MB, 310 * MB, 311 * MB], 300 * MB), 3);
});

test('exactly at the limit is not above it', () => {
  assert.equal(firstReplace([300 * MB, 300 * MB, 300 * MB], 300 * MB), -1);
});

test('a limit of 0 is off', () => {
  assert.deepEqual(judgeMemory(5, 10 ** 12, 0), { over: 0, replace: false });
});
