// --balance ip-hash --sticky-header with real processes: the primary reads each new
// connection's headers, hashes the named one, and the worker still gets every byte.
import assert from 'node:assert/strict';
import net from 'node:net';
import { test } from 'node:test';
import { ExitStatus } from '../../src/errors.js';
import { fixture, runCli, startCli, uniqueName } from '../helpers/cli-process.js';
import { withTimeout } from '../helpers/wait.js';

/** Writes raw bytes on a new connection (optionally after a pause) and reads until `count` answers are in. */
function raw(port: number, chunks: (string | Buffer)[], count = 1, pauseMs = 0): Promise<string[]> {
  const socket = net.connect({ port, host: '127.0.0.1' });
  const answers = new Promise<string[]>((resolve, reject) => {
    let buf = '';
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => {
      buf += d;
      const bodies = [...buf.matchAll(/slot \d+ pid \d+ bytes \d+ path \S+\n/g)].map((m) => m[0].trim());
      if (bodies.length >= count) {
        socket.destroy();
        resolve(bodies);
      }
    });
    socket.on('error', reject);
    socket.on('close', () => reject(new Error(`closed after ${JSON.stringify(buf.slice(0, 300))}`)));
  });
  socket.once('connect', () => {
    setTimeout(() => {
      for (const c of chunks) socket.write(c);
    }, pauseMs);
  });
  return withTimeout(answers, 10_000, `${count} answer(s) on one connection`);
}

const get = (path: string, headers: Record<string, string> = {}, close = true) =>
  `GET ${path} HTTP/1.1\r\nHost: t\r\n${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('')}${close ? 'Connection: close\r\n' : ''}\r\n`;

const pidOf = (answer: string) => Number(/pid (\d+)/.exec(answer)![1]);

test('--sticky-header x-session: each session reaches one worker from one client address, both workers used, every byte arrives', async (t) => {
  const cli = startCli(t, [fixture('echo-body.js'), '-i', '2', '--balance', 'ip-hash', '--sticky-header', 'x-session', '--name', uniqueName('sticky'), '--log-format', 'json']);
  await cli.waitFor((r) => r.event === 'cluster.ready', 'both workers ready');
  const listen = await cli.waitFor((r) => r.event === 'balance.listen', 'the primary listening');
  assert.equal(listen.sticky, 'x-session');
  const port = listen.port as number;

  // 20 sessions x 5 fresh connections, all from 127.0.0.1: only the header tells them apart.
  const seen = new Map<string, Set<number>>();
  for (let round = 0; round < 5; round++) {
    await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const [a] = await raw(port, [get(`/s${i}`, { 'x-session': `session-${i}` })]);
        const set = seen.get(`session-${i}`) ?? new Set<number>();
        set.add(pidOf(a!));
        seen.set(`session-${i}`, set);
      }),
    );
  }
  for (const [s, pids] of seen) assert.equal(pids.size, 1, `${s} reached ${[...pids]}`);
  assert.equal(new Set([...seen.values()].map((p) => [...p][0])).size, 2, 'both workers get sessions');

  // Three requests written at once on one keep-alive connection: the first one's head
  // was read by the primary, the rest waited in the kernel; the app sees all three, in order.
  const pipelined = await raw(port, [get('/1', { 'x-session': 'p' }, false) + get('/2', {}, false) + get('/3')], 3);
  assert.deepEqual(
    pipelined.map((a) => /path (\S+)/.exec(a)![1]),
    ['/1', '/2', '/3'],
  );
  assert.equal(new Set(pipelined.map(pidOf)).size, 1);

  // A body far larger than what the primary reads first: every byte reaches the app.
  const body = Buffer.alloc(200_000, 'x');
  const head = `POST /upload HTTP/1.1\r\nHost: t\r\nx-session: big\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`;
  const [posted] = await raw(port, [head, body]);
  assert.match(posted!, /bytes 200000 path \/upload/);

  // A client that says nothing at first: after the primary's wait it goes by its address,
  // and its request, sent later, is still answered.
  const [late] = await raw(port, [get('/late', { 'x-session': 'late' })], 1, 1300);
  assert.match(late!, /path \/late/);
});

test('--sticky-header needs --balance ip-hash, and a header name: usage errors', async () => {
  const noHash = await runCli([fixture('echo-body.js'), '--sticky-header', 'x-session', '--name', uniqueName('sticky-usage')]);
  assert.equal(noHash.code, ExitStatus.USAGE, noHash.stderr);
  assert.match(noHash.stderr, /--sticky-header.*--balance ip-hash/);
  const badName = await runCli([fixture('echo-body.js'), '--balance', 'ip-hash', '--sticky-header', 'not a header', '--name', uniqueName('sticky-usage')]);
  assert.equal(badName.code, ExitStatus.USAGE, badName.stderr);
  assert.match(badName.stderr, /--sticky-header/);
  assert.equal(badName.stderr.trim().split('\n').length, 1, 'one line');
});
