import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CMD, parsePrimaryMessage, parseWorkerMessage } from '../../src/ipc/protocol.js';

const metrics = {
  cpuPercent: 1,
  cpuTotalMicros: 2,
  rssBytes: 3,
  heapUsedBytes: 4,
  heapTotalBytes: 5,
  externalBytes: 6,
  arrayBuffersBytes: 7,
  eventLoopDelayMeanMs: 8,
  eventLoopDelayP99Ms: 9,
  uptimeMs: 10,
  connections: 11,
  requests: 11,
};

test('well-formed messages parse, and extra fields are dropped', () => {
  assert.deepEqual(parseWorkerMessage({ cmd: CMD, v: 1, type: 'pong', seq: 3, extra: true }), { cmd: CMD, v: 1, type: 'pong', seq: 3 });
  assert.deepEqual(parseWorkerMessage({ cmd: CMD, v: 1, type: 'metrics', metrics: { ...metrics, junk: 1 } }), {
    cmd: CMD,
    v: 1,
    type: 'metrics',
    metrics,
  });
  assert.deepEqual(parseWorkerMessage({ cmd: CMD, v: 1, type: 'request-limit', requests: 200 }), { cmd: CMD, v: 1, type: 'request-limit', requests: 200 });
  assert.deepEqual(parsePrimaryMessage({ cmd: CMD, v: 1, type: 'drain', graceMs: 5000, reason: 'reload' }), {
    cmd: CMD,
    v: 1,
    type: 'drain',
    graceMs: 5000,
    reason: 'reload',
  });
});

test('garbage is null, never an exception', () => {
  const garbage: unknown[] = [
    null,
    undefined,
    'ready',
    42,
    [],
    { cmd: CMD },
    { cmd: CMD, v: 2, type: 'pong', seq: 1 },
    { cmd: CMD, v: 1, type: 'unknown' },
    { cmd: CMD, v: 1, type: 'pong', seq: 'one' },
    { cmd: CMD, v: 1, type: 'drain', graceMs: 5000 },
    { cmd: CMD, v: 1, type: 'request-limit', requests: -1 },
    { cmd: CMD, v: 1, type: 'metrics', metrics: { ...metrics, requests: undefined } },
    { cmd: CMD, v: 1, type: 'metrics', metrics: null },
    { cmd: CMD, v: 1, type: 'metrics', metrics: { ...metrics, rssBytes: Number.NaN } },
    { cmd: 'NODE_CLUSTER', act: 'online' },
    Object.create(null),
  ];
  for (const g of garbage) {
    assert.equal(parseWorkerMessage(g), null, `worker message ${JSON.stringify(g)}`);
    assert.equal(parsePrimaryMessage(g), null, `primary message ${JSON.stringify(g)}`);
  }
});

test('readings out of the physical range are dropped: CPU above every core busy, negative or unsafe sizes', () => {
  const report = (m: object) => ({ cmd: CMD, v: 1, type: 'metrics', metrics: { ...metrics, ...m } });
  assert.notEqual(parseWorkerMessage(report({ cpuPercent: 200 }), 2), null, 'two cores fully busy');
  for (const bad of [{ cpuPercent: 200.5 }, { cpuPercent: 4242 }, { rssBytes: -1 }, { heapUsedBytes: 2 ** 60 }, { uptimeMs: Infinity }]) {
    assert.equal(parseWorkerMessage(report(bad), 2), null, JSON.stringify(bad));
  }
});
