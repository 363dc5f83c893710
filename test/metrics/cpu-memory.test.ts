// The numbers in `clusterize status`: a worker that burns CPU reads high and an idle
// one low, and memory agrees with what the kernel says.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture, runCli, startCli, uniqueName } from '../helpers/cli-process.js';
import { slot, vmRss, waitForStatus } from './status-client.js';

test('a worker that burns CPU reads high, an idle one low, and rssBytes agrees with VmRSS', async (t) => {
  const name = uniqueName('cpu');
  const cli = startCli(t, [fixture('burn-cpu.js'), '-i', '2', '--metrics-interval', '200', '--name', name, '--log-format', 'json']);
  await cli.waitForOutput((l) => l.startsWith('burning cpu'), 'slot 0 to start burning');
  await cli.waitForCount((r) => r.event === 'worker.ready', 2, 'both workers ready');

  // The 2 cores may be shared with other tests: "high" is a generous bar.
  const s = await waitForStatus(
    name,
    (st) => (slot(st, 0)?.cpuPercent ?? 0) > 40 && (slot(st, 1)?.cpuPercent ?? 100) < 10,
    'slot 0 above 40% CPU while slot 1 is under 10%',
  );
  assert.ok(slot(s, 0)!.cpuSeconds! > slot(s, 1)!.cpuSeconds!, 'the burner has used more CPU time');

  // The idle worker's memory barely moves: compare with the kernel's number.
  const idle = slot(s, 1)!;
  const kernel = await vmRss(idle.pid!);
  assert.ok(Math.abs(idle.rssBytes! - kernel) / kernel < 0.1, `rssBytes ${idle.rssBytes} within 10% of VmRSS ${kernel}`);

  // The CLI's --json carries the numbers for every worker.
  const r = await runCli(['status', '--json', '--name', name]);
  assert.equal(r.code, 0, r.stderr);
  const json = JSON.parse(r.stdout) as { workers: Record<string, unknown>[] };
  assert.equal(json.workers.length, 2);
  for (const w of json.workers) {
    for (const key of ['cpuPercent', 'rssBytes', 'heapUsedBytes', 'eventLoopDelayMs']) {
      assert.equal(typeof w[key], 'number', `${key} of slot ${w.slot}: ${JSON.stringify(w)}`);
    }
  }
  // And the table shows them.
  const table = await runCli(['status', '--name', name]);
  assert.match(table.stdout, /^0\s+\d+\s+ready\s+\S+\s+0\s+\d+\s+\d+\.\d%\s+\d+\.\d MB\s+\d+\.\d MB\s+\d+\.\d\/\d+\.\d ms\s+1$/m);
});
