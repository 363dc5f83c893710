// A fork that fails (here: the working directory is gone) is a crash like any other:
// logged at error with its cause, backed off, given up on with that cause, and a stop
// in the middle of it exits 0.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { fixture, startCli, uniqueName } from '../helpers/cli-process.js';
import { get } from '../helpers/http.js';
import { withTimeout } from '../helpers/wait.js';
import { signalWorker, isEvent } from './events.js';

function workDir(t: TestContext): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clusterize-cwd-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function startInDir(t: TestContext, dir: string, extra: string[]) {
  const cli = startCli(t, [fixture('hello.js'), '-i', '1', '--cwd', dir, '--log-format', 'json', '--name', uniqueName('cwd'), ...extra]);
  const ready = await cli.waitFor(isEvent('worker.ready'), 'the first worker ready');
  fs.rmSync(dir, { recursive: true });
  signalWorker(ready.pid!, 'SIGKILL');
  return { cli, first: ready.pid! };
}

test('working directory removed, worker killed: the cause is logged, the slot backs off, and serves again when the directory is back', async (t) => {
  const dir = workDir(t);
  const { cli, first } = await startInDir(t, dir, ['--restart-delay', '50', '--max-restarts', '100']);
  const failures = await cli.waitForCount(isEvent('worker.spawn-error'), 3, 'three failed forks');
  assert.match(String(failures[0]!.cause), /working directory .* does not exist/);
  assert.equal(failures[0]!.level, 50, 'logged at error');
  const delays = cli.records.filter(isEvent('worker.restart')).map((r) => r.delayMs as number);
  assert.ok(delays.at(-1)! > delays[1]!, `the delay grows: ${delays.join(', ')}`);
  fs.mkdirSync(dir);
  const back = await cli.waitFor((r) => isEvent('worker.ready')(r) && r.pid !== first, 'a worker ready once the directory is back', 20_000);
  // PORT=0: each worker listens on a port of its own.
  const listening = await cli.waitFor((r) => isEvent('worker.listening')(r) && r.pid === back.pid, 'the new worker listening');
  assert.match((await get(listening.port as number, '/')).body, /^hello/);
  cli.signal('SIGTERM');
  assert.equal((await withTimeout(cli.exited, 15_000, 'the supervisor to stop')).code, 0);
});

test('working directory removed for good: give-up exits 1 and names the cause on one line', async (t) => {
  const dir = workDir(t);
  const { cli } = await startInDir(t, dir, ['--restart-delay', '10', '--max-restarts', '2']);
  const { code } = await withTimeout(cli.exited, 15_000, 'the supervisor to give up');
  assert.equal(code, 1);
  assert.equal(cli.stderr.length, 1, cli.stderr.join('\n'));
  assert.match(cli.stderr[0]!, /^clusterize: .*does not exist/);
});

test('stop while a slot backs off after failed forks exits 0', async (t) => {
  const dir = workDir(t);
  const { cli } = await startInDir(t, dir, ['--restart-delay', '5000', '--max-restarts', '10']);
  await cli.waitFor(isEvent('worker.spawn-error'), 'a failed fork');
  await cli.waitFor((r) => isEvent('worker.restart')(r) && (r.delayMs as number) > 0, 'the slot to back off');
  cli.signal('SIGTERM');
  assert.equal((await withTimeout(cli.exited, 15_000, 'the supervisor to stop')).code, 0);
});
