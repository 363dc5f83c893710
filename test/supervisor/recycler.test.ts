// --max-requests and --max-age: workers are recycled the rolling way, one at a time,
// so the ready workers never drop below the instance count and no request fails.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SupervisorStatus } from '../../src/supervisor/status.js';
import { fixture, startCli, uniqueName, type CliProcess, type LogRecord } from '../helpers/cli-process.js';
import { startLoad } from '../helpers/http.js';
import { statusOf } from '../metrics/status-client.js';

/** Every fork after start-up came only once the previously retired workers had exited. */
function assertOneAtATime(records: LogRecord[], instances: number): void {
  const retired = new Set<number>();
  let forks = 0;
  for (const r of records) {
    if (r.event === 'worker.retire') retired.add(r.pid!);
    if (r.event === 'worker.exit') retired.delete(r.pid!);
    if (r.event === 'worker.fork' && ++forks > instances) {
      assert.deepEqual([...retired], [], `fork of ${r.pid} while ${[...retired].join(', ')} still drained: two recycles at once`);
    }
  }
}

/** Samples the status until stopped: every sample, as the supervisor saw it at one moment. */
function sampleStatus(name: string): { samples: SupervisorStatus[]; stop(): Promise<void> } {
  const samples: SupervisorStatus[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      samples.push(await statusOf(name));
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  return {
    samples,
    async stop() {
      running = false;
      await loop;
    },
  };
}

const recycled = (cli: CliProcess, reason: string, n: number, ms: number) =>
  cli.waitForCount((r) => r.event === 'worker.recycle' && r.reason === reason && typeof r.newPid === 'number', n, `${n} recycles (${reason})`, ms);

test('--max-requests 200 under steady load: recycled repeatedly, one at a time, never below 2 ready workers, no failed request', async (t) => {
  const name = uniqueName('maxreq');
  const cli = startCli(t, [fixture('hello.js'), '-i', '2', '--max-requests', '200', '--kill-timeout', '5000', '--name', name, '--log-format', 'json']);
  await cli.waitFor((r) => r.event === 'cluster.ready', 'both workers ready');
  const sampler = sampleStatus(name);
  t.after(() => sampler.stop());
  const load = startLoad(await cli.port(), { t, keepAlive: true, concurrency: 4 });

  const done = await recycled(cli, 'max-requests', 4, 90_000);
  const report = await load.stop();
  await sampler.stop();

  assert.deepEqual(report.failures, [], 'no request failed');
  assert.deepEqual([...new Set(done.map((r) => r.slot))].sort(), [0, 1], 'both slots were recycled');
  for (const r of cli.records.filter((rec) => rec.event === 'worker.recycle' && rec.newPid === undefined)) {
    assert.ok((r.requests as number) >= 200, `recycled after ${r.requests} requests`);
  }
  assert.ok(cli.records.filter((r) => r.event === 'worker.retire').every((r) => r.reason === 'max-requests'));
  assertOneAtATime(cli.records, 2);
  assert.ok(sampler.samples.length > 20, `${sampler.samples.length} status samples`);
  for (const s of sampler.samples) {
    const ready = s.workers.filter((w) => w.state === 'ready').length;
    assert.ok(ready >= 2, `only ${ready} ready workers: ${JSON.stringify(s.workers.map((w) => [w.slot, w.pid, w.state]))}`);
  }
  const last = await statusOf(name);
  const byReason = last.workers.reduce((n, w) => n + w.restartsBy['max-requests'], 0);
  assert.ok(byReason >= 4, `restartsBy counts the recycles (${byReason})`);
  assert.ok(last.workers.every((w) => w.restarts === w.restartsBy['max-requests']), 'recycles are restarts too');
});

test('--max-age: each worker is replaced after its age, one at a time', async (t) => {
  const name = uniqueName('maxage');
  const cli = startCli(t, [fixture('hello.js'), '-i', '2', '--max-age', '1500', '--max-age-jitter', '300', '--name', name, '--log-format', 'json']);
  await cli.waitFor((r) => r.event === 'cluster.ready', 'both workers ready');
  const asked = await cli.waitForCount((r) => r.event === 'worker.recycle' && r.reason === 'max-age' && r.newPid === undefined, 2, 'both first workers to come due', 20_000);
  for (const r of asked) assert.ok((r.ageMs as number) >= 1500 && (r.ageMs as number) < 1800 + 1500, `due at ${r.ageMs} ms`);
  await recycled(cli, 'max-age', 2, 20_000);
  assertOneAtATime(cli.records, 2);
});
