// A worker prints 50 MB without a newline, then a normal line: the primary cuts the
// long line at max-line-length (marked as cut), the normal line follows within 2 s,
// the primary's memory stays under 200 MB, and the service keeps answering.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CUT_MARK } from '../../src/output/worker-output.js';
import { fixture, startCli, uniqueName } from '../helpers/cli-process.js';
import { get } from '../helpers/http.js';
import { MB, rssBytes } from './events.js';

test('a 50 MB line, then a normal line: cut and marked, the normal line within 2 s, RSS < 200 MB', async (t) => {
  const cli = startCli(t, [fixture('long-line.js'), '-i', '1', '--log-format', 'json', '--name', uniqueName('long')]);
  let maxRss = 0;
  const sampler = setInterval(() => (maxRss = Math.max(maxRss, rssBytes(cli.proc.pid!))), 20);
  t.after(() => clearInterval(sampler));
  const normal = await cli.waitForOutput((l) => l.startsWith('long-line-normal '), 'the normal line after the long one');
  const tookMs = Date.now() - Number(normal.split(' ')[1]);
  clearInterval(sampler);
  assert.ok(tookMs < 2000, `the normal line arrived ${tookMs} ms after the long line began`);
  assert.ok(maxRss < 200 * MB, `primary RSS reached ${(maxRss / MB).toFixed(1)} MB`);
  const cut = cli.output.filter((l) => l.startsWith('yyyy'));
  assert.deepEqual(cut, ['y'.repeat(64 * 1024) + CUT_MARK]);
  assert.equal((await get(await cli.port(), '/')).body, 'ok');
  t.diagnostic(`normal line after ${tookMs} ms; primary max RSS ${(maxRss / MB).toFixed(1)} MB`);
});
