// Crashed workers come back in the same slot; crash loops back off and give up.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture, startCli, uniqueName } from '../helpers/cli-process.js';
import { freePort, get } from '../helpers/http.js';
import { withTimeout } from '../helpers/wait.js';

const json = ['--log-format', 'json'];

test('a worker that crashes after min-uptime is replaced at once, in the same slot', async (t) => {
  const cli = startCli(t, [fixture('crash-after-a-while.js'), '-i', '1', '--min-uptime', '500', '--name', uniqueName(), ...json], {
    // A fixed port: with port 0, a new random one would be picked once the only worker is gone.
    env: { CRASH_AFTER_MS: '1000', PORT: String(await freePort()) },
  });
  const died = await cli.waitFor((r) => (r.event === 'worker.exit' && r.expected === false), 'the first crash');
  assert.equal(died.slot, 0);
  assert.equal(died.expected, false);
  assert.equal(died.code, 1);
  assert.match(String(died.lastError), /Error: worker \d+ gave out/);
  const restart = await cli.waitFor((r) => (r.event === 'worker.restart' && r.slot === 0), 'the restart');
  assert.equal(restart.delayMs, 0);
  assert.equal(restart.crashes, 0);
  const ready = await cli.waitForCount((r) => (r.event === 'worker.ready' && r.slot === 0), 2, 'the replacement ready in slot 0');
  assert.notEqual(ready[0]!.pid, ready[1]!.pid);
  const r = await get(await cli.port());
  assert.equal(r.status, 200);
  assert.equal(r.body, `alive ${ready[1]!.pid}\n`);
});

test('a crash loop backs off exponentially, gives up, and the supervisor exits 1 naming the error', async (t) => {
  const cli = startCli(t, [
    fixture('crash-at-boot.js'),
    '-i', '1',
    '--max-restarts', '3',
    '--restart-delay', '50',
    '--name', uniqueName(),
    ...json,
  ]);
  const { code } = await withTimeout(cli.exited, 15_000, 'the supervisor to give up and exit');
  assert.equal(code, 1);
  const delays = cli.records.filter((r) => (r.event === 'worker.restart' && r.slot === 0)).map((r) => r.delayMs);
  assert.deepEqual(delays, [50, 100, 200]);
  assert.equal(cli.workerPids().length, 4, 'the first start and three restarts');
  const gaveUp = cli.records.find((r) => r.event === 'worker.giveup');
  assert.equal(gaveUp?.crashes, 4);
  assert.equal(gaveUp?.lastError, 'Error: database password missing');
  // The worker's own output is there, every time.
  assert.equal(cli.output.filter((l) => l === 'booting').length, 4);
  const last = cli.stderr.filter((l) => l.startsWith('clusterize: '));
  assert.equal(last.length, 1, `one closing line, got: ${cli.stderr.join('\n')}`);
  assert.match(last[0]!, /crash-at-boot\.js: every worker kept crashing, giving up; last error: Error: database password missing\. Fix the error/);
});

test('the last line a worker prints before it dies is not lost, even without a newline', async (t) => {
  const cli = startCli(t, [fixture('crash-on-request.js'), '-i', '1', '--name', uniqueName(), ...json]);
  const port = await cli.port();
  const pid = cli.workerPids()[0]!;
  await get(port, '/crash').catch(() => {});
  const died = await cli.waitFor((r) => (r.event === 'worker.exit' && r.expected === false), 'the crash');
  const lineIndex = cli.output.indexOf(`last words of ${pid}`);
  assert.ok(lineIndex >= 0, `the last words are printed; output was: ${cli.output.join(' | ')}`);
  assert.ok(cli.stderr.includes('about to fail'));
  assert.equal(died.code, 3);
  assert.equal(died.lastError, 'about to fail');
  // Printed before the supervisor announced the death.
  const diedAt = cli.records.indexOf(died);
  assert.ok(diedAt >= 0);
});
