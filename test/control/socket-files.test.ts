// What sits where the control socket goes: a planted symlink, a user's file, a socket
// of a live or killed supervisor, and several supervisors racing for one name.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { socketPathFor } from '../../src/control/paths.js';
import { testEnv } from '../helpers/runtime-dir.js';
import { fixture, runCli, startCli, uniqueName, type CliProcess } from '../helpers/cli-process.js';
import { withTimeout } from '../helpers/wait.js';

const json = ['--log-format', 'json'];

function tempDir(t: TestContext, prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('a symlink planted at the socket directory is refused in one line; nothing starts, nothing lands in its target', async (t) => {
  const runtime = tempDir(t, 'clusterize-rt-');
  const elsewhere = tempDir(t, 'clusterize-elsewhere-');
  fs.chmodSync(elsewhere, 0o700);
  fs.symlinkSync(elsewhere, path.join(runtime, 'clusterize'));
  const r = await runCli([fixture('hello.js'), '-i', '1', '--name', uniqueName('link'), ...json], { env: { XDG_RUNTIME_DIR: runtime } });
  assert.equal(r.code, 1);
  assert.equal(r.stderr, `clusterize: Control socket directory ${path.join(runtime, 'clusterize')} is a symbolic link; remove it or pass --socket <path> in a directory only you can write.\n`);
  assert.doesNotMatch(r.stdout, /"event":"worker\.fork"|fork slot/, 'no worker forked');
  assert.deepEqual(fs.readdirSync(elsewhere), []);
});

test('control commands refuse to talk through a socket directory someone else could have planted', async (t) => {
  const runtime = tempDir(t, 'clusterize-rt-');
  const planted = path.join(runtime, 'clusterize');
  fs.mkdirSync(planted, { mode: 0o777 });
  fs.chmodSync(planted, 0o777);
  const r = await runCli(['status', '--name', 'web'], { env: { XDG_RUNTIME_DIR: runtime } });
  assert.equal(r.code, 1);
  assert.equal(r.stderr, `clusterize: Control socket directory ${planted} is open to other users (mode 777); remove it or pass --socket <path> in a directory only you can write.\n`);
});

test('--socket at a regular file: refused in one line with exit 2, and the file is left intact', async (t) => {
  const file = path.join(tempDir(t, 'clusterize-sockfile-'), 'notes.txt');
  fs.writeFileSync(file, 'precious\n');
  const r = await runCli([fixture('hello.js'), '-i', '1', '--socket', file, ...json]);
  assert.equal(r.code, 2);
  assert.equal(r.stderr, `clusterize: Control socket path ${file} exists and is a regular file, not a socket; it was left alone: remove it yourself or pass another --socket path.\n`);
  assert.equal(fs.readFileSync(file, 'utf8'), 'precious\n');
  assert.doesNotMatch(r.stdout, /fork slot/, 'no worker forked');
});

test('a --socket path longer than a Unix socket can hold is refused, not cut short where no client finds it', async (t) => {
  const long = path.join(tempDir(t, 'clusterize-long-'), `${'a'.repeat(120)}.sock`);
  const r = await runCli([fixture('hello.js'), '-i', '1', '--socket', long, ...json]);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /^clusterize: Invalid socket \(--socket\): got '.*'; use a path of at most 107 bytes \(a limit of Unix sockets; this one has \d+\), or a shorter --name\.\n$/);
  assert.doesNotMatch(r.stdout, /"event":"worker\.fork"/, 'no worker forked');
});

/** Starts n supervisors with one name at once; resolves when all but one have exited. */
async function race(t: TestContext, name: string, n: number): Promise<{ winner: CliProcess; losers: { code: number | null; stderr: string }[] }> {
  const clis = Array.from({ length: n }, () => startCli(t, [fixture('hello.js'), '-i', '1', '--name', name, ...json]));
  const outcomes = clis.map((cli) => cli.exited.then(() => cli));
  const exited: CliProcess[] = [];
  for (let i = 0; i < n - 1; i++) {
    const next = await withTimeout(Promise.race(outcomes.filter((_, j) => !exited.includes(clis[j]!))), 30_000, `${n - 1} of ${n} starts to give up`);
    exited.push(next);
  }
  const winner = clis.find((c) => !exited.includes(c))!;
  await winner.port();
  const losers = await Promise.all(exited.map(async (c) => ({ code: (await c.exited).code, stderr: c.stderr.join('\n') })));
  return { winner, losers };
}

async function statusPid(name: string): Promise<number> {
  const s = await runCli(['status', '--json', '--name', name]);
  assert.equal(s.code, 0, s.stderr);
  return (JSON.parse(s.stdout) as { pid: number }).pid;
}

function assertLost(losers: { code: number | null; stderr: string }[], name: string, pid: number): void {
  for (const l of losers) {
    assert.equal(l.code, 1, l.stderr);
    assert.match(l.stderr, new RegExp(`^clusterize: '${name}' is already running \\(pid ${pid}, control socket [^\\n]*$`));
  }
}

test('five simultaneous starts with one name: exactly one runs, the others exit 1 naming its pid', async (t) => {
  const name = uniqueName('race');
  const { winner, losers } = await race(t, name, 5);
  assert.equal(await statusPid(name), winner.proc.pid);
  assertLost(losers, name, winner.proc.pid!);
});

test('five simultaneous starts over a killed supervisor\'s socket: exactly one takes it over', async (t) => {
  const name = uniqueName('stale');
  const first = startCli(t, [fixture('hello.js'), '-i', '1', '--name', name, ...json]);
  await first.port();
  await first.kill();
  assert.ok(fs.existsSync(socketPathFor(name, '', testEnv())), 'SIGKILL left the socket file behind');
  const { winner, losers } = await race(t, name, 5);
  assert.equal(await statusPid(name), winner.proc.pid);
  assertLost(losers, name, winner.proc.pid!);
});
