// The pure choice of a worker for --balance least-conn and ip-hash.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normaliseAddress, pickIpHash, pickLeastConn, type Candidate } from '../../src/balance/choose.js';

const workers = (n: number, conns: number[] = []): Candidate[] =>
  Array.from({ length: n }, (_, i) => ({ id: i + 1, slot: i, connections: conns[i] ?? 0 }));

test('least-conn: the fewest open connections wins', () => {
  assert.equal(pickLeastConn(workers(3, [4, 1, 2]), 0)?.id, 2);
  assert.equal(pickLeastConn([], 0), null);
});

test('least-conn: ties go round-robin, starting after the one picked last', () => {
  const ws = workers(3);
  let last = 0;
  const picked: number[] = [];
  for (let i = 0; i < 7; i++) {
    last = pickLeastConn(ws, last)!.id;
    picked.push(last);
  }
  assert.deepEqual(picked, [1, 2, 3, 1, 2, 3, 1]);
  // Only the tied ones take turns.
  assert.equal(pickLeastConn(workers(3, [0, 5, 0]), 1)?.id, 3);
  assert.equal(pickLeastConn(workers(3, [0, 5, 0]), 3)?.id, 1);
});

test('least-conn: counting each pick spreads a burst evenly', () => {
  const ws = workers(4);
  let last = 0;
  for (let i = 0; i < 100; i++) {
    const c = pickLeastConn(ws, last)!;
    c.connections++;
    last = c.id;
  }
  assert.deepEqual(ws.map((w) => w.connections), [25, 25, 25, 25]);
});

const clients = Array.from({ length: 2000 }, (_, i) => `10.${(i >> 8) & 255}.${i & 255}.7`);

test('ip-hash: one client always gets the same slot, and the slots share the clients fairly', () => {
  const ws = workers(4);
  const counts = [0, 0, 0, 0];
  for (const c of clients) {
    const a = pickIpHash(ws, c)!;
    assert.equal(pickIpHash([...ws].reverse(), c)!.slot, a.slot, 'order of candidates does not matter');
    counts[a.slot]!++;
  }
  for (const n of counts) assert.ok(n > 400 && n < 600, `each of 4 slots gets about a quarter: ${counts}`);
});

test('ip-hash: adding a slot moves only the clients it takes, about 1/n, and removing it moves them back', () => {
  const four = workers(4);
  const five = workers(5);
  let moved = 0;
  for (const c of clients) {
    const before = pickIpHash(four, c)!.slot;
    const after = pickIpHash(five, c)!.slot;
    if (before !== after) {
      moved++;
      assert.equal(after, 4, 'a client that moves, moves to the new slot');
    }
  }
  assert.ok(moved > 2000 / 5 - 100 && moved < 2000 / 5 + 100, `about a fifth moved: ${moved}`);
});

test('ip-hash: a slot without a ready worker sends only its own clients elsewhere, and gets them back', () => {
  const all = workers(3);
  const without1 = all.filter((w) => w.slot !== 1);
  for (const c of clients) {
    const home = pickIpHash(all, c)!.slot;
    const meanwhile = pickIpHash(without1, c)!.slot;
    if (home !== 1) assert.equal(meanwhile, home, 'clients of the other slots stay');
    else assert.notEqual(meanwhile, 1);
  }
});

test('ip-hash: a replacement in the same slot inherits its clients; while both run, the newer one gets them', () => {
  const before = workers(3);
  const replaced = before.map((w) => (w.slot === 1 ? { ...w, id: 9 } : w));
  const overlap = [...before, { id: 9, slot: 1, connections: 0 }];
  for (const c of clients.slice(0, 300)) {
    const a = pickIpHash(before, c)!;
    assert.equal(pickIpHash(replaced, c)!.slot, a.slot);
    if (a.slot === 1) assert.equal(pickIpHash(overlap, c)!.id, 9);
  }
});

test('ip-hash: an IPv4-mapped IPv6 address is its IPv4 address; IPv6 case does not matter', () => {
  assert.equal(normaliseAddress('::ffff:127.0.0.5'), '127.0.0.5');
  assert.equal(normaliseAddress('::FFFF:10.1.2.3'), '10.1.2.3');
  assert.equal(normaliseAddress('2001:DB8::1'), '2001:db8::1');
  assert.equal(normaliseAddress('::1'), '::1');
  const ws = workers(5);
  for (const c of clients.slice(0, 200)) assert.equal(pickIpHash(ws, `::ffff:${c}`)!.id, pickIpHash(ws, c)!.id);
  assert.equal(pickIpHash(ws, '2001:DB8::7')!.id, pickIpHash(ws, '2001:db8::7')!.id);
});
