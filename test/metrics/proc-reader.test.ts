import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseProcStat, readProcesses } from '../../src/metrics/proc-reader.js';

test('a stat line whose command name has spaces and parentheses', () => {
  const fields = ['S', '1', ...Array(9).fill('0'), '250', '50', '0', '0', '20', '0', '1', '0', '1000', '123456', '300'];
  const r = parseProcStat(`42 (a (weird) name) ${fields.join(' ')}`, 20, 100, 4096);
  assert.deepEqual(r, { ctimeMs: 3000, elapsedMs: 10_000, rssBytes: 300 * 4096 });
});

test('reads this process as the kernel sees it, and skips a pid that does not exist', { skip: process.platform !== 'linux' }, async () => {
  const readings = await readProcesses([process.pid, 2 ** 22 + 1]);
  const me = readings.get(process.pid)!;
  const rss = process.memoryUsage().rss;
  assert.ok(Math.abs(me.rssBytes - rss) < rss * 0.2, `${me.rssBytes} vs ${rss}`);
  assert.ok(me.ctimeMs > 0 && me.elapsedMs > 0);
  assert.equal(readings.size, 1);
});
