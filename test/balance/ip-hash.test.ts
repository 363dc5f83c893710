// --balance ip-hash with real processes: a client address sticks to one worker, and to
// its slot across a rolling reload.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture, runCli, startCli, uniqueName } from '../helpers/cli-process.js';
import { getFrom, sourceAddresses } from './client.js';

/** slot and pid from hello.js's "hello from worker <pid> (slot <n>)". */
function who(body: string): { pid: number; slot: number } {
  const m = /worker (\d+) \(slot (\d+)\)/.exec(body);
  if (!m) throw new Error(`not a hello.js answer: ${body}`);
  return { pid: Number(m[1]), slot: Number(m[2]) };
}

/** For each address, the workers that answered its `times` fresh connections. */
async function survey(port: number, addresses: string[], times: number): Promise<Map<string, { pids: Set<number>; slots: Set<number> }>> {
  const seen = new Map<string, { pids: Set<number>; slots: Set<number> }>();
  for (const a of addresses) seen.set(a, { pids: new Set(), slots: new Set() });
  for (let i = 0; i < times; i++) {
    await Promise.all(
      addresses.map(async (a) => {
        const w = who(await getFrom(port, a));
        seen.get(a)!.pids.add(w.pid);
        seen.get(a)!.slots.add(w.slot);
      }),
    );
  }
  return seen;
}

test('ip-hash: 20 client addresses x 5 connections: each address always reaches one worker, both workers used; still one each after a rolling reload, in the same slot', async (t) => {
  const name = uniqueName('ih');
  const cli = startCli(t, [fixture('hello.js'), '-i', '2', '--balance', 'ip-hash', '--name', name, '--log-format', 'json']);
  await cli.waitFor((r) => r.event === 'cluster.ready', 'both workers ready');
  const port = (await cli.waitFor((r) => r.event === 'balance.listen', 'the primary listening')).port as number;
  const addresses = sourceAddresses(20);

  const before = await survey(port, addresses, 5);
  for (const [a, s] of before) assert.equal(s.pids.size, 1, `${a} reached ${[...s.pids]}`);
  const slotOf = new Map([...before].map(([a, s]) => [a, [...s.slots][0]!]));
  assert.deepEqual(new Set(slotOf.values()), new Set([0, 1]), 'both workers get clients');

  const r = await runCli(['reload', '--name', name], { timeoutMs: 30_000 });
  assert.equal(r.code, 0, r.stderr);
  const after = await survey(port, addresses, 5);
  const oldPids = new Set([...before.values()].flatMap((s) => [...s.pids]));
  for (const [a, s] of after) {
    assert.equal(s.pids.size, 1, `${a} reached ${[...s.pids]} after the reload`);
    assert.ok(!oldPids.has([...s.pids][0]!), 'a new worker answers');
    assert.deepEqual([...s.slots], [slotOf.get(a)], `${a} stays with its slot's new worker`);
  }
});
