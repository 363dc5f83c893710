// --balance least-conn with real processes: long-held connections split evenly, and
// new ones go where connections closed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture, startCli, uniqueName } from '../helpers/cli-process.js';
import { until } from '../helpers/wait.js';
import { hold, status, type Held } from './client.js';

test('least-conn: 6 held connections split 3/3; after the 3 on one worker close, the next 2 go to it', async (t) => {
  const name = uniqueName('lc');
  const cli = startCli(t, [fixture('hold-connections.js'), '-i', '2', '--balance', 'least-conn', '--name', name, '--log-format', 'json']);
  await cli.waitFor((r) => r.event === 'cluster.ready', 'both workers ready');
  const listen = await cli.waitFor((r) => r.event === 'balance.listen', 'the primary listening for the workers');
  assert.equal(listen.mode, 'least-conn');
  const port = listen.port as number;

  const held: Held[] = [];
  t.after(() => held.forEach((h) => h.socket.destroy()));
  // One after another: each is taken (greeted) before the next opens.
  for (let i = 0; i < 6; i++) held.push(await hold(port));
  const bySlot = (slot: number) => held.filter((h) => h.slot === slot);
  assert.deepEqual([bySlot(0).length, bySlot(1).length], [3, 3], `split: ${held.map((h) => h.slot)}`);

  let s = await status(name);
  assert.equal(s.balance, 'least-conn');
  assert.deepEqual(s.workers.map((w) => w.connections), [3, 3], 'status counts the open connections');

  for (const h of bySlot(1)) h.socket.destroy();
  // The worker tells the primary about each close; status shows when all three arrived.
  await until(async () => (s = await status(name)).workers[1]?.connections === 0, 'slot 1 to report its 3 connections closed');
  const next = [await hold(port), await hold(port)];
  held.push(...next);
  assert.deepEqual(next.map((h) => h.slot), [1, 1], 'both new connections go to the emptier worker');
});
