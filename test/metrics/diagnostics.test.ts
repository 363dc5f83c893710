// Before the heartbeat kills a hung worker, its JavaScript stack is read through the
// inspector (SIGUSR1 works while the loop spins): the log names the function it was
// stuck in and points to the full report, and the kill is not held up for long.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { fixture, startCli, uniqueName } from '../helpers/cli-process.js';
import { get } from '../helpers/http.js';

test('a worker spinning in a loop: the stack names the function, the report file has it, then the kill', async (t) => {
  const cli = startCli(t, [
    fixture('spin-on-request.js'),
    '-i', '2',
    '--heartbeat-timeout', '1000',
    '--metrics-interval', '200',
    '--name', uniqueName('stack'),
    '--log-format', 'json',
  ]);
  await cli.waitFor((r) => r.event === 'cluster.ready', 'both workers ready');
  void get(await cli.port(), '/spin').catch(() => {});
  const spinning = await cli.waitForOutput((l) => l.startsWith('spinning now in '), 'a worker to start spinning');
  const pid = Number(spinning.split(' ').pop());

  const miss = await cli.waitFor((r) => r.event === 'heartbeat.miss' && r.pid === pid, 'the heartbeat to give up on the spinning worker');
  const stack = await cli.waitFor((r) => r.event === 'heartbeat.stack' && r.pid === pid, 'the stack of the spinning worker');
  assert.equal(stack.error, undefined, `no error: ${String(stack.error)}`);
  const frames = stack.frames as string[];
  assert.match(frames[0]!, /^spinInsideClusterizeFixture \(file:\/\/.*spin-on-request\.js:6:\d+\)$/, frames.join(' | '));

  const file = stack.file as string;
  t.after(() => fs.rmSync(file, { force: true }));
  assert.equal(fs.statSync(file).mode & 0o777, 0o600, 'the report (it holds the environment) is private');
  const report = JSON.parse(fs.readFileSync(file, 'utf8')) as { frames: { functionName: string }[]; report: { header?: { processId?: number } } | null };
  assert.equal(report.frames[0]!.functionName, 'spinInsideClusterizeFixture');
  assert.equal(report.report?.header?.processId, pid, "Node's diagnostic report, taken while paused");

  const exit = await cli.waitFor((r) => r.event === 'worker.exit' && r.pid === pid, 'the spinning worker to be killed');
  assert.equal(exit.signal, 'SIGKILL');
  const heldMs = (exit.time as number) - (miss.time as number);
  assert.ok(heldMs < 2500, `killed ${heldMs} ms after the heartbeat gave up (capture bounded at 1 s)`);
  await cli.waitFor((r) => r.event === 'worker.ready' && r.pid !== pid && !cli.records.slice(0, 4).some((x) => x.pid === r.pid), 'a replacement');
});
