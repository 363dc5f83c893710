// A random worker SIGKILLed every second under a steady load (8 s here; 30 s in
// bench/suites/chaos.js): the primary stays up, every slot is restored, no request
// waits more than 5 s, and failures stay within the requests in flight at the kills.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture, startCli, uniqueName, type CliProcess } from '../helpers/cli-process.js';
import { freePort } from '../helpers/http.js';
import { until } from '../helpers/wait.js';
import { runChaos } from './chaos-driver.js';
import { isEvent } from './events.js';

/** Workers that became ready and have not exited, from the supervisor's records. */
export function servingPids(cli: CliProcess): number[] {
  const exited = new Set(cli.records.filter(isEvent('worker.exit')).map((r) => r.pid));
  return cli.records.filter((r) => isEvent('worker.ready')(r) && !exited.has(r.pid)).map((r) => r.pid!);
}

test('SIGKILL a random worker every second for 8 s under load: primary up, slots restored, no request waits > 5 s', { timeout: 60_000 }, async (t) => {
  const port = await freePort();
  const cli = startCli(t, [fixture('hello.js'), '-i', '2', '--min-uptime', '500', '--log-format', 'json', '--name', uniqueName('chaos')], {
    env: { PORT: String(port) },
  });
  await cli.waitFor(isEvent('cluster.ready'), 'both workers ready');
  const report = await runChaos({ port, servingPids: () => servingPids(cli), durationMs: 8000, killEveryMs: 1000, concurrency: 4 });
  t.diagnostic(JSON.stringify(report));
  assert.equal(cli.proc.exitCode, null, 'the primary is up');
  assert.ok(report.kills >= 4, `workers were killed: ${report.kills} (skipped ${report.skipped})`);
  assert.ok(report.maxLatencyMs < 5000, `a request waited ${report.maxLatencyMs} ms`);
  assert.ok(report.failures <= report.inFlightAtKills, `${report.failures} failures, ${report.inFlightAtKills} in flight at the kills`);
  assert.ok(report.ok > report.failures * 10, `mostly served: ${report.ok} ok, ${report.failures} failed`);
  await until(() => servingPids(cli).length === 2, 'both slots serving again', 10_000);
  assert.deepEqual(cli.records.filter(isEvent('worker.giveup')), []);
});
