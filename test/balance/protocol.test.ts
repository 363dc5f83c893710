// The balance messages of src/ipc/protocol.ts: what a worker or the primary builds is
// what the other side accepts, and garbage is null.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CMD, message, parseBalanceMessage, parseWorkerMessage } from '../../src/ipc/protocol.js';

test('balance messages round-trip through their parsers', () => {
  const listen = message.listen(3, { key: 'null:0:4:0', address: null, port: 0, addressType: 4, backlog: 511, ipv6Only: false });
  for (const m of [listen, message.unlisten('k'), message.connTaken([1, 2]), message.connRefused(4), message.connClosed(2)]) {
    assert.deepEqual(parseWorkerMessage(JSON.parse(JSON.stringify(m))), m);
  }
  const ok = message.listenOk(3, { address: '::', family: 'IPv6', port: 4100 });
  for (const m of [ok, message.listenFail(3, -98), message.conn(7, 'k')]) assert.deepEqual(parseBalanceMessage(JSON.parse(JSON.stringify(m))), m);
});

test('malformed balance messages are null', () => {
  const bad: unknown[] = [
    { cmd: CMD, v: 1, type: 'listen', req: 1, key: 'k', address: 5, port: 0, addressType: 4, backlog: 1, ipv6Only: false },
    { cmd: CMD, v: 1, type: 'conn-taken', ids: ['1'] },
    { cmd: CMD, v: 1, type: 'conn-taken', id: 1 },
    { cmd: CMD, v: 1, type: 'conn-closed', n: -1 },
    { cmd: CMD, v: 1, type: 'unlisten' },
  ];
  for (const m of bad) assert.equal(parseWorkerMessage(m), null, JSON.stringify(m));
  for (const m of [{ cmd: CMD, v: 1, type: 'conn', id: 'x', key: 'k' }, { cmd: CMD, v: 1, type: 'listen-ok', req: 1, sockname: null }]) {
    assert.equal(parseBalanceMessage(m), null, JSON.stringify(m));
  }
});
