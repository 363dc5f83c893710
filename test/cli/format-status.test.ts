import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatStatus } from '../../src/cli/format-status.js';
import { row, status } from '../metrics/status-fixture.js';

const cells = (line: string) => line.trim().split(/\s{2,}/);

test('one line per worker with pid, state, uptime, restarts, open connections, cpu, memory, heap and loop delay (mean/p99)', () => {
  const out = formatStatus(
    status([
      row({ slot: 0, pid: 4242, restarts: 3, uptimeMs: 125_000, cpuPercent: 97.25, rssBytes: 300 * 1024 ** 2, heapUsedBytes: 12.5 * 1024 ** 2, eventLoopDelayMs: 0.25, eventLoopDelayP99Ms: 12 }),
    ]),
  ).split('\n');
  assert.match(out[0]!, /^web {2}running {2}pid 999 {2}1 worker {2}up 1h00m {2}balance os {2}listening \*:3000$/);
  assert.deepEqual(cells(out[1]!), ['slot', 'pid', 'state', 'uptime', 'restarts', 'conns', 'cpu', 'memory', 'heap', 'loop/p99', 'gen']);
  assert.deepEqual(cells(out[2]!), ['0', '4242', 'ready', '2m05s', '3', '3', '97.3%', '300.0 MB', '12.5 MB', '0.3/12.0 ms', '1']);
});

test("numbers not known yet show as '-', never as 0", () => {
  const out = formatStatus(
    status([
      row({ slot: 0, state: 'starting', connections: null, cpuPercent: null, cpuSeconds: null, rssBytes: null, heapUsedBytes: null, eventLoopDelayMs: null, eventLoopDelayP99Ms: null }),
      row({ slot: 1, state: 'backoff', pid: null, id: null, restarts: 5, generation: null, connections: null, cpuPercent: null, rssBytes: null, heapUsedBytes: null, eventLoopDelayMs: null, eventLoopDelayP99Ms: null }),
    ]),
  ).split('\n');
  assert.deepEqual(cells(out[2]!).slice(2), ['starting', '1m00s', '0', '-', '-', '-', '-', '-', '1']);
  assert.deepEqual(cells(out[3]!), ['1', '-', 'backoff', '-', '5', '-', '-', '-', '-', '-', '-']);
});

test('a replacement in progress shows both workers of the slot', () => {
  const out = formatStatus(status([row({ slot: 0, id: 1, pid: 11, state: 'draining' }), row({ slot: 0, id: 3, pid: 13, state: 'ready' })]));
  assert.deepEqual(out.split('\n').slice(2).map((l) => cells(l).slice(0, 3)), [['0', '11', 'draining'], ['0', '13', 'ready']]);
});
