// The control socket: status, scale (and SIGTTIN/SIGTTOU), its file permissions, and
// one supervisor per name.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { test } from 'node:test';
import { socketPathFor } from '../../src/control/paths.js';
import { fixture, runCli, startCli, uniqueName } from '../helpers/cli-process.js';
import { testEnv } from '../helpers/runtime-dir.js';
import { isAlive, until, withTimeout } from '../helpers/wait.js';

const json = ['--log-format', 'json'];

async function status(name: string) {
  const r = await runCli(['status', '--json', '--name', name]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as {
    name: string;
    pid: number;
    script: string;
    instances: number;
    workers: { slot: number; id: number; pid: number; state: string; restarts: number; uptimeMs: number }[];
  };
}

test('status --json describes the supervisor and each worker; the table shows the same', async (t) => {
  const name = uniqueName();
  const cli = startCli(t, [fixture('hello.js'), '-i', '2', '--name', name, ...json]);
  await cli.waitFor((r) => r.event === 'cluster.ready' && r.workers === 2, 'all ready');
  const s = await status(name);
  assert.equal(s.name, name);
  assert.equal(s.pid, cli.proc.pid);
  assert.equal(s.script, fixture('hello.js'));
  assert.equal(s.instances, 2);
  assert.deepEqual(
    s.workers.map((w) => [w.slot, w.state, w.restarts]),
    [
      [0, 'ready', 0],
      [1, 'ready', 0],
    ],
  );
  assert.deepEqual(s.workers.map((w) => w.pid).sort(), cli.workerPids().sort());
  for (const w of s.workers) {
    assert.equal(typeof w.id, 'number');
    assert.ok(w.uptimeMs >= 0);
  }
  const table = await runCli(['status', '--name', name]);
  assert.equal(table.code, 0);
  assert.match(table.stdout, new RegExp(`^${name}  running  pid ${cli.proc.pid}  2 workers`));
  for (const w of s.workers) assert.match(table.stdout, new RegExp(`\\n${w.slot}\\s+${w.pid}\\s+ready`));
});

test('the control socket is 0600 in a 0700 directory, and a second supervisor with the same name is refused', async (t) => {
  const name = uniqueName();
  const cli = startCli(t, [fixture('hello.js'), '-i', '1', '--name', name, ...json]);
  await cli.port();
  const sock = socketPathFor(name, '', testEnv());
  assert.equal(fs.statSync(sock).mode & 0o777, 0o600);
  assert.equal(fs.statSync(path.dirname(sock)).mode & 0o777, 0o700);
  const second = await runCli([fixture('hello.js'), '-i', '1', '--name', name, ...json]);
  assert.equal(second.code, 1);
  assert.match(second.stderr, new RegExp(`^clusterize: '${name}' is already running \\(pid ${cli.proc.pid}, .*; stop it with 'clusterize stop --name ${name}'`));
  cli.signal('SIGTERM');
  await withTimeout(cli.exited, 10_000, 'the supervisor to stop');
  assert.ok(!fs.existsSync(sock), 'the socket file is removed on stop');
});

test('a stale socket left by a killed supervisor neither blocks the next start nor confuses discovery', async (t) => {
  const name = uniqueName();
  const first = startCli(t, [fixture('hello.js'), '-i', '1', '--name', name, ...json]);
  await first.port();
  await first.kill();
  assert.ok(fs.existsSync(socketPathFor(name, '', testEnv())), 'SIGKILL leaves the socket file behind');
  const second = startCli(t, [fixture('hello.js'), '-i', '1', '--name', name, ...json]);
  await second.port();
  assert.equal((await status(name)).pid, second.proc.pid);

  // Another dead supervisor's socket: a control command with no --name finds the live one.
  const dead = startCli(t, [fixture('hello.js'), '-i', '1', '--name', uniqueName(), ...json]);
  await dead.port();
  await dead.kill();
  const r = await runCli(['status', '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal((JSON.parse(r.stdout) as { name: string }).name, name);
});

test('scale grows and shrinks (draining the removed workers), and so do SIGTTIN and SIGTTOU', async (t) => {
  const name = uniqueName();
  const cli = startCli(t, [fixture('hello.js'), '-i', '1', '--name', name, ...json]);
  await cli.waitFor((r) => r.event === 'cluster.ready' && r.workers === 1, 'all ready');
  const up = await runCli(['scale', '3', '--name', name]);
  assert.equal(up.code, 0, up.stderr);
  assert.equal(up.stdout.trim(), `scaled '${name}' to 3 workers`);
  let s = await status(name);
  assert.deepEqual(s.workers.map((w) => [w.slot, w.state]), [[0, 'ready'], [1, 'ready'], [2, 'ready']]);

  const removed = s.workers.filter((w) => w.slot > 0).map((w) => w.pid);
  const down = await runCli(['scale', '1', '--name', name]);
  assert.equal(down.code, 0, down.stderr);
  for (const pid of removed) assert.ok(!isAlive(pid), `worker ${pid} of a removed slot is gone when scale returns`);
  assert.equal(cli.records.filter((r) => (r.event === 'worker.retire' && r.reason === 'scale')).length, 2);
  assert.equal(cli.records.filter((r) => (r.event === 'worker.exit' && r.expected === false)).length, 0, 'nothing counted as a crash');
  s = await status(name);
  assert.deepEqual(s.workers.map((w) => w.slot), [0]);

  // One signal at a time: the kernel merges a signal into one already pending.
  cli.signal('SIGTTIN');
  await cli.waitFor((r) => (r.event === 'scale' && r.from === 1 && r.to === 2), 'SIGTTIN to add slot 1');
  await cli.waitForCount((r) => (r.event === 'worker.ready' && r.slot === 1), 2, 'slot 1 ready again');
  cli.signal('SIGTTOU');
  await cli.waitFor((r) => (r.event === 'scale' && r.from === 2 && r.to === 1), 'SIGTTOU to remove it');
  await until(async () => (await status(name)).workers.length === 1, 'one worker after SIGTTOU');
  cli.signal('SIGTTOU');
  await cli.waitFor((r) => (r.event === 'scale' && r.refused !== undefined), 'SIGTTOU to refuse going below one worker');
  assert.deepEqual(
    cli.records.filter((r) => r.event === 'scale' && r.refused === undefined).map((r) => [r.from, r.to]),
    [[1, 3], [3, 1], [1, 2], [2, 1]],
  );
});

test('garbage on the control socket gets an error answer and the supervisor carries on', async (t) => {
  const name = uniqueName();
  const cli = startCli(t, [fixture('hello.js'), '-i', '1', '--name', name, ...json]);
  await cli.port();
  const socket = net.connect(socketPathFor(name, '', testEnv()));
  const answers: string[] = [];
  let buf = '';
  socket.setEncoding('utf8');
  const got3 = new Promise<void>((resolve) =>
    socket.on('data', (d: string) => {
      buf += d;
      const lines = buf.split('\n');
      buf = lines.pop()!;
      answers.push(...lines);
      if (answers.length >= 3) resolve();
    }),
  );
  socket.write('not json\n{"id":7,"cmd":"explode"}\n{"id":8,"cmd":"scale","instances":"lots"}\n');
  await withTimeout(got3, 5000, 'three answers');
  socket.destroy();
  const parsed = answers.map((a) => JSON.parse(a) as { id: number; ok: boolean; error: { message: string } });
  assert.deepEqual(parsed.map((p) => [p.id, p.ok]), [[0, false], [7, false], [8, false]]);
  assert.match(parsed[0]!.error.message, /not JSON/);
  assert.match(parsed[1]!.error.message, /unknown command "explode"/);
  assert.equal((await status(name)).workers.length, 1, 'still answering');
});
