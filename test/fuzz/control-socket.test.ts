// Hostile clients on the control socket of a real supervisor: random bytes, a huge
// line, malformed JSON, a client that stalls and one that never reads. Meanwhile
// another client's `status` is answered within a second, every time.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import { test } from 'node:test';
import { request } from '../../src/control/client.js';
import { socketPathFor } from '../../src/control/paths.js';
import { controlLimits } from '../../src/control/server.js';
import { testEnv } from '../helpers/runtime-dir.js';
import { fixture, startCli, uniqueName } from '../helpers/cli-process.js';
import { until, withTimeout } from '../helpers/wait.js';
import { seeded, withSeed, type Random } from './random.js';

function malformed(r: Random): string {
  const values = [null, true, -1, 1e308, 'status', '', [], {}, { cmd: 'status' }, '\u0000', 'x'.repeat(r.int(0, 3000))];
  const cmds = ['status', 'stop ', 'STATUS', 'scale', 'reload\u0000', '__proto__', 'constructor', 'toString', 7, null];
  switch (r.int(0, 5)) {
    case 0:
      return JSON.stringify({ id: r.pick(values), cmd: r.pick(cmds), instances: r.pick(values) });
    case 1:
      return JSON.stringify({ cmd: 'scale', instances: r.pick([0, -5, 1.5, 100_000, 1e308, '3', null]) });
    case 2:
      return '['.repeat(r.int(1, 20_000)); // deep nesting, never closed
    case 3:
      return JSON.stringify({ id: 1, cmd: 'status' }).slice(0, r.int(1, 20));
    case 4:
      return `{"__proto__":{"cmd":"stop"},"id":${r.int(0, 9)}}`;
    default:
      return r.bytes(r.int(1, 200)).toString('latin1').replace(/\n/g, '');
  }
}

test('random bytes, huge lines and malformed JSON: status keeps answering within a second', async (t) => {
  const r = seeded();
  t.diagnostic(`seed ${r.seed}`);
  const name = uniqueName('fuzz');
  const cli = startCli(t, [fixture('hello.js'), '-i', '1', '--name', name, '--log-format', 'json']);
  await cli.port();
  const sock = socketPathFor(name, '', testEnv());
  const attackers: net.Socket[] = [];
  t.after(() => attackers.forEach((s) => s.destroy()));
  const attacker = () => {
    const s = net.connect(sock);
    s.on('error', () => {});
    attackers.push(s);
    return s;
  };

  await withSeed(r, async () => {
    const slowest: number[] = [];
    let polling = true;
    const poll = (async () => {
      while (polling) {
        const at = Date.now();
        const s = (await request(sock, { cmd: 'status' }, { target: name, timeoutMs: 1000 })) as { pid: number };
        assert.equal(s.pid, cli.proc.pid);
        slowest.push(Date.now() - at);
        await new Promise((res) => setTimeout(res, 50));
      }
    })();

    // A line past the limit gets one error answer, then the connection closes.
    const huge = attacker();
    let hugeAnswer = '';
    huge.on('data', (d: Buffer) => (hugeAnswer += d));
    const hugeClosed = new Promise((res) => huge.once('close', res));
    huge.write(Buffer.alloc(controlLimits.maxLineBytes + 100, 'a'));

    // Stalled mid-request, and one that asks a lot and never reads the answers.
    attacker().write('{"id":1,"cmd":');
    const greedy = attacker();
    greedy.pause();
    greedy.write('{"id":1,"cmd":"status"}\n'.repeat(20_000));

    for (let round = 0; round < 20; round++) {
      const s = attacker();
      const lines = Array.from({ length: r.int(1, 40) }, () => malformed(r)).join('\n');
      s.write(r.chance(0.3) ? r.bytes(r.int(1, 100_000)) : lines + '\n');
      if (r.chance(0.5)) s.end();
      if (attackers.length > controlLimits.maxClients - 8) attackers.splice(3).forEach((x) => x.destroy());
    }

    await withTimeout(hugeClosed, 5000, 'the huge line to be cut off');
    const answer = JSON.parse(hugeAnswer.trim()) as { ok: boolean; error: { message: string } };
    assert.equal(answer.ok, false);
    assert.match(answer.error.message, /longer than 65536 bytes/);
    await until(() => slowest.length >= 10, 'ten status answers during the attack');
    polling = false;
    await poll;
    t.diagnostic(`slowest status during the attack: ${Math.max(...slowest)} ms`);
    assert.ok(Math.max(...slowest) < 1000, `status took ${Math.max(...slowest)} ms`);
    assert.equal(cli.records.filter((rec) => rec.event === 'internal.error' || rec.level >= 50).length, 0, 'no error logged');
    assert.equal((await request(sock, { cmd: 'status' }, { target: name, timeoutMs: 1000 }) as { instances: number }).instances, 1, 'nothing scaled or stopped');
  });
});

test('clients past the cap are turned away at once, and the descriptors stay bounded', async (t) => {
  const name = uniqueName('cap');
  const cli = startCli(t, [fixture('hello.js'), '-i', '1', '--name', name, '--log-format', 'json']);
  await cli.port();
  const baseline = fs.readdirSync(`/proc/${cli.proc.pid}/fd`).length;
  const sockets: net.Socket[] = [];
  t.after(() => sockets.forEach((s) => s.destroy()));
  let closed = 0;
  for (let i = 0; i < controlLimits.maxClients + 20; i++) {
    const s = net.connect(socketPathFor(name, '', testEnv()));
    s.on('error', () => {});
    s.on('close', () => closed++);
    sockets.push(s);
  }
  await until(() => closed >= 20, 'the 20 clients past the cap to be closed', 5000);
  assert.ok(fs.readdirSync(`/proc/${cli.proc.pid}/fd`).length <= baseline + controlLimits.maxClients + 2);
  sockets.forEach((s) => s.destroy());
  await until(async () => {
    try {
      await request(socketPathFor(name, '', testEnv()), { cmd: 'status' }, { target: name, timeoutMs: 1000 });
      return true;
    } catch {
      return false;
    }
  }, 'status to answer once the crowd left');
});
