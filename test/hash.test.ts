import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hash32, hash52, hashHex } from '../src/hash.js';

test('hash32 is stable across calls and known for a fixed input', () => {
  assert.equal(hash32('127.0.0.2'), hash32('127.0.0.2'));
  assert.notEqual(hash32('127.0.0.2'), hash32('127.0.0.3'));
  assert.notEqual(hash32('x', 1), hash32('x', 2), 'seeds give different hashes');
});

test('hash32 spreads similar keys evenly over buckets', () => {
  const buckets = new Array(16).fill(0);
  const n = 32_000;
  for (let i = 0; i < n; i++) buckets[hash32(`10.0.${i >> 8}.${i & 255}`) % 16]++;
  for (const b of buckets) assert.ok(Math.abs(b - n / 16) < (n / 16) * 0.1, `bucket counts ${buckets.join(',')}`);
});

test('one flipped input bit moves about half of the output bits', () => {
  let moved = 0;
  const trials = 2000;
  for (let i = 0; i < trials; i++) {
    const a = hash32(`client-${i}`);
    const b = hash32(`client-${i ^ 1}`);
    moved += [...(a ^ b).toString(2)].filter((c) => c === '1').length;
  }
  const mean = moved / trials;
  assert.ok(mean > 14 && mean < 18, `mean bits moved ${mean}`);
});

test('hash52 is a safe integer, hashHex a fixed-length hex name', () => {
  for (const s of ['', 'a', '::ffff:127.0.0.1', 'x'.repeat(1000)]) {
    const h = hash52(s);
    assert.ok(Number.isSafeInteger(h) && h >= 0 && h < 2 ** 52, String(h));
    assert.match(hashHex(s), /^[0-9a-f]{32}$/);
  }
});
