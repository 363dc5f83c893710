import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jittered, judgeRecycle } from '../../src/supervisor/recycle-policy.js';

test('jittered: base plus 0..jitter, both ends reachable; 0 stays off', () => {
  assert.equal(jittered(200, 50, () => 0), 200);
  assert.equal(jittered(200, 50, () => 0.999999), 250);
  assert.equal(jittered(200, 0, () => 0.7), 200);
  assert.equal(jittered(0, 50, () => 0.5), 0);
  for (let i = 0; i < 100; i++) {
    const n = jittered(1000, 10, Math.random);
    assert.ok(Number.isInteger(n) && n >= 1000 && n <= 1010, String(n));
  }
});

test('judgeRecycle: due at the limit, not before; unknown facts and 0 limits never recycle', () => {
  const limits = { maxRequests: 200, maxAgeMs: 60_000 };
  assert.equal(judgeRecycle({ requests: 199, ageMs: 59_999 }, limits), null);
  assert.equal(judgeRecycle({ requests: 200, ageMs: 10 }, limits), 'max-requests');
  assert.equal(judgeRecycle({ requests: 5, ageMs: 60_000 }, limits), 'max-age');
  assert.equal(judgeRecycle({ requests: null, ageMs: null }, limits), null);
  assert.equal(judgeRecycle({ requests: 10 ** 9, ageMs: 10 ** 9 }, { maxRequests: 0, maxAgeMs: 0 }), null);
});
