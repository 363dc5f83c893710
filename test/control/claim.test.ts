// claimSocket and openPrivateDir in one process, where the races can be forced: two
// claims interleave at every await, and a directory is swapped right after its check.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { claimSocket } from '../../src/control/claim.js';
import { openPrivateDir } from '../../src/control/paths.js';
import { AlreadyRunningError } from '../../src/errors.js';

function tempDir(t: TestContext): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clusterize-claim-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A socket file nobody listens on: what a SIGKILLed supervisor leaves. */
function staleSocket(where: string): void {
  const code = `require('node:net').createServer().listen(${JSON.stringify(where)}, () => process.exit(0))`;
  assert.equal(spawnSync(process.execPath, ['-e', code]).status, 0);
  assert.ok(fs.lstatSync(where).isSocket());
}

/** A server that answers `status` with a made-up pid, as a supervisor would. */
function fakeSupervisor(t: TestContext, pid: number): net.Server {
  const server = net.createServer((c) => c.once('data', () => c.end(JSON.stringify({ id: 1, ok: true, result: { pid } }) + '\n')));
  t.after(() => server.close());
  return server;
}

test('two claims racing for a stale socket: exactly one wins, the other is told who runs', async (t) => {
  const sock = path.join(tempDir(t), 'web.sock');
  staleSocket(sock);
  const target = { socket: sock, bindPath: sock, name: 'web' };
  const results = await Promise.allSettled([claimSocket(fakeSupervisor(t, 111), target), claimSocket(fakeSupervisor(t, 222), target)]);
  const won = results.filter((r) => r.status === 'fulfilled');
  const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  assert.equal(won.length, 1, `one winner: ${lost.map((l) => String(l.reason)).join('; ')}`);
  assert.ok(lost[0]!.reason instanceof AlreadyRunningError, String(lost[0]!.reason));
  const winnerPid = results[0]!.status === 'fulfilled' ? 111 : 222;
  assert.equal((lost[0]!.reason as AlreadyRunningError).pid, winnerPid);
});

test('the socket directory is used through the descriptor that was checked, even if its path is swapped after', (t) => {
  const base = tempDir(t);
  const dir = path.join(base, 'clusterize');
  const decoy = path.join(base, 'decoy');
  fs.mkdirSync(decoy, { mode: 0o700 });
  const verified = openPrivateDir(dir);
  t.after(() => verified.close());
  assert.equal(fs.statSync(dir).mode & 0o777, 0o700);
  // The swap an attacker would race for: the checked directory moves, a symlink takes its place.
  fs.renameSync(dir, path.join(base, 'moved'));
  fs.symlinkSync(decoy, dir);
  fs.writeFileSync(verified.entry('probe'), 'x');
  assert.deepEqual(fs.readdirSync(decoy), [], 'nothing written through the symlink');
  assert.deepEqual(fs.readdirSync(path.join(base, 'moved')), ['probe']);
});

test('a directory that is open to others, or not ours, is refused', (t) => {
  const base = tempDir(t);
  const open = path.join(base, 'open');
  fs.mkdirSync(open, { mode: 0o755 });
  fs.chmodSync(open, 0o755);
  assert.throws(() => openPrivateDir(open), /is open to other users \(mode 755\)/);
  const file = path.join(base, 'file');
  fs.writeFileSync(file, '');
  assert.throws(() => openPrivateDir(file), /is not a directory/);
});
