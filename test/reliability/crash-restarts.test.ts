// A crash loop with no backoff (min-uptime 0, restart-delay 0) and a busy sampler:
// hundreds of crash-restarts in a row leave the primary's descriptor count and memory
// flat. (bench/suites/crash-restarts.js runs 1,000.)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture, startCli, uniqueName } from '../helpers/cli-process.js';
import { isEvent, MB, openFds, rssBytes } from './events.js';

const WARM_UP = 15;
const RESTARTS = 70;

test(`${RESTARTS} crash-restarts in a row: the primary's descriptors and RSS stay flat`, { timeout: 120_000 }, async (t) => {
  const cli = startCli(
    t,
    [fixture('exit-at-once.js'), '-i', '2', '--min-uptime', '0', '--restart-delay', '0', '--metrics-interval', '100', '--log-format', 'json', '--log-level', 'warn', '--name', uniqueName('loop')],
    { env: { EXIT_CODE: '1' } },
  );
  const restarts = isEvent('worker.restart');
  // Forks in flight hold a few pipes each, so the count swings: the floor (fewest seen
  // over a stretch of restarts) is what a leak raises.
  const floor = async (upTo: number) => {
    let min = Infinity;
    const timer = setInterval(() => (min = Math.min(min, openFds(cli.proc.pid!))), 10);
    await cli.waitForCount(restarts, upTo, `${upTo} restarts`, 110_000).finally(() => clearInterval(timer));
    return { fds: min, rss: rssBytes(cli.proc.pid!) };
  };
  await cli.waitForCount(restarts, WARM_UP, 'the crash loop to warm up', 60_000);
  const before = await floor(WARM_UP + 10);
  await cli.waitForCount(restarts, RESTARTS - 10, `${RESTARTS - 10} restarts`, 110_000);
  const after = await floor(RESTARTS);
  t.diagnostic(`fd floor ${before.fds} -> ${after.fds}, RSS ${(before.rss / MB).toFixed(1)} -> ${(after.rss / MB).toFixed(1)} MB`);
  assert.ok(after.fds - before.fds <= 4, `the descriptor floor grew from ${before.fds} to ${after.fds}`);
  assert.ok(after.rss - before.rss < 25 * MB, `RSS grew from ${(before.rss / MB).toFixed(1)} to ${(after.rss / MB).toFixed(1)} MB`);
});
