// `clusterize monit` and `status --watch` against a real supervisor: frames keep coming,
// and the watcher ends cleanly on Ctrl-C or with one line when the supervisor stops.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { bin, fixture, root, runCli, startCli, uniqueName } from '../helpers/cli-process.js';
import { testEnv } from '../helpers/runtime-dir.js';
import { until, withTimeout } from '../helpers/wait.js';
import { row, status } from '../metrics/status-fixture.js';

function startWatcher(t: TestContext, args: string[]) {
  const proc = spawn(process.execPath, [bin, ...args], { cwd: root, env: testEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (d: Buffer) => (stdout += d));
  proc.stderr.on('data', (d: Buffer) => (stderr += d));
  const exited = once(proc, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  t.after(() => proc.kill('SIGKILL'));
  return { proc, exited, out: () => stdout, err: () => stderr };
}

test('monit redraws until the supervisor stops, then says so in one line and exits 0', async (t) => {
  const name = uniqueName('monit');
  const cli = startCli(t, [fixture('hello.js'), '-i', '2', '--metrics-interval', '100', '--name', name, '--log-format', 'json']);
  await cli.waitFor((r) => r.event === 'cluster.ready' && r.workers === 2, 'the workers ready');
  const w = startWatcher(t, ['monit', '--name', name, '--interval', '100']);
  // Not a terminal: frame after frame, each with the header and both slots.
  await until(() => (w.out().match(/^\S+ {2}running {2}pid/gm) ?? []).length >= 3, 'three frames');
  assert.match(w.out(), /^0 +\d+ +ready .*\n1 +\d+ +ready /m);
  assert.doesNotMatch(w.out(), /\x1b\[/, 'no escape codes in a pipe');

  const stopped = await runCli(['stop', '--name', name]);
  assert.equal(stopped.code, 0, stopped.stderr);
  const [code] = await withTimeout(w.exited, 5000, 'monit to notice');
  assert.equal(code, 0);
  const last = w.out().trimEnd().split('\n').at(-1);
  assert.match(last!, new RegExp(`^clusterize: '${name}' is gone: its supervisor stopped \\(nothing answers on .*${name}\\.sock\\)\\.$`));
  assert.equal(w.err(), '');
});

test('status --watch --json prints one status per line, and Ctrl-C ends it quietly', async (t) => {
  const name = uniqueName('watch');
  const cli = startCli(t, [fixture('hello.js'), '-i', '1', '--name', name, '--log-format', 'json']);
  const ready = await cli.waitFor((r) => (r.event === 'worker.ready' && r.slot === 0), 'the worker ready');
  const w = startWatcher(t, ['status', '--watch', '--json', '--name', name, '--interval', '100']);
  await until(() => w.out().split('\n').length > 2, 'two lines');
  w.proc.kill('SIGINT');
  const [code] = await withTimeout(w.exited, 5000, 'the watcher to end on SIGINT');
  assert.equal(code, 0);
  const lines = w.out().trimEnd().split('\n');
  for (const line of lines) assert.deepEqual((JSON.parse(line) as { workers: { pid: number }[] }).workers.map((x) => x.pid), [ready.pid]);
  assert.equal(w.err(), '');
});

test('a supervisor that exits in the middle of a poll: monit still ends with the one line and exit 0', async (t) => {
  // A stand-in supervisor that dies on cue: the first poll is answered, the second is
  // read and then the process is gone (connection cut, socket file removed), the race
  // a real supervisor's exit can land in.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clusterize-monit-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const sock = path.join(dir, 'dying.sock');
  let polls = 0;
  const connections = new Set<net.Socket>();
  const server = net.createServer((c) => {
    connections.add(c);
    c.once('data', () => {
      if (++polls === 1) return void c.end(JSON.stringify({ id: 1, ok: true, result: status([row({ slot: 0 })]) }) + '\n');
      c.write('{"id":1,"ok":tr'); // half an answer, then the process "exits"
      server.close();
      for (const x of connections) x.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(sock, resolve));
  t.after(() => server.close());
  const w = startWatcher(t, ['monit', '--socket', sock, '--interval', '100']);
  const [code] = await withTimeout(w.exited, 10_000, 'monit to end');
  assert.equal(polls, 2);
  assert.equal(w.err(), '');
  assert.equal(code, 0);
  assert.match(w.out().trimEnd().split('\n').at(-1)!, /^clusterize: socket .*dying\.sock is gone: its supervisor stopped/);
});
