// Two workers flood stdout while nobody reads the primary's stdout for 20 s: the
// primary's memory stays bounded, and once reading resumes every line that arrives is
// whole, in order, and every line a worker wrote is either received or reported
// dropped (received + dropped = written).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture, startCli, uniqueName } from '../helpers/cli-process.js';
import { until } from '../helpers/wait.js';
import { signalWorker, isEvent, MB, rssBytes } from './events.js';

const BLOCKED_MS = 20_000;

test('2 workers flood a pipe nobody reads for 20 s: RSS < 150 MB, then every line whole and accounted for', { timeout: 120_000 }, async (t) => {
  const cli = startCli(t, [fixture('flood-output.js'), '-i', '2', '--log-format', 'json', '--name', uniqueName('flood')]);
  await cli.waitFor(isEvent('cluster.ready'), 'both workers ready');
  const workers = cli.records.filter(isEvent('worker.fork')).map((r) => r.pid!);

  cli.proc.stdout!.pause();
  for (const pid of workers) signalWorker(pid, 'SIGUSR2');
  let maxRss = 0;
  const sampler = setInterval(() => (maxRss = Math.max(maxRss, rssBytes(cli.proc.pid!))), 200);
  await new Promise((r) => setTimeout(r, BLOCKED_MS));
  clearInterval(sampler);
  cli.proc.stdout!.resume();
  for (const pid of workers) signalWorker(pid, 'SIGUSR2');
  assert.ok(maxRss < 150 * MB, `primary RSS reached ${(maxRss / MB).toFixed(1)} MB`);

  const totals = new Map<number, number>();
  await until(() => {
    for (const l of cli.stderr) {
      const m = /^flood-total (\d+) (\d+)$/.exec(l);
      if (m) totals.set(Number(m[1]), Number(m[2]));
    }
    return totals.size === workers.length;
  }, 'both workers to print how many lines they wrote', 15_000);

  const account = (pid: number) => {
    let received = 0;
    let last = 0;
    for (const l of cli.output) {
      if (!l.startsWith(`flood ${pid} `)) continue;
      const m = /^flood \d+ (\d+) x+$/.exec(l);
      assert.ok(m && l.length === 99, `a whole line: ${JSON.stringify(l.slice(0, 120))}`);
      const seq = Number(m[1]);
      assert.ok(seq > last, `lines in order: ${seq} after ${last}`);
      last = seq;
      received++;
    }
    const dropped = cli.records
      .filter((r) => isEvent('output.dropped')(r) && r.pid === pid)
      .reduce((sum, r) => sum + (r.lines as number), 0);
    return { received, dropped, written: totals.get(pid)! };
  };
  const accounted = () => workers.every((pid) => {
    const a = account(pid);
    return a.received + a.dropped === a.written;
  });
  await until(accounted, 'received + dropped = written for each worker', 30_000).catch((err: Error) => {
    throw new Error(`${err.message}: ${JSON.stringify(workers.map(account))}`);
  });
  t.diagnostic(`primary max RSS ${(maxRss / MB).toFixed(1)} MB; ${JSON.stringify(workers.map(account))}`);
  for (const pid of workers) assert.ok(account(pid).dropped > 0, 'the pipe was blocked long enough to drop lines');
  assert.ok(!cli.records.some((r) => r.msg === undefined), 'every record parsed whole');
});
