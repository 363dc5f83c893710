import assert from 'node:assert/strict';
import { test } from 'node:test';
import { judgeHead, parseStickySpec, STICKY_HEAD_LIMIT } from '../../src/balance/sticky-key.js';

const req = (headers: string) => Buffer.from(`GET / HTTP/1.1\r\nHost: x\r\n${headers}\r\n`, 'latin1');

test('parseStickySpec: a header, x-forwarded-for, one cookie; anything else is refused', () => {
  assert.deepEqual(parseStickySpec('X-Session-Id'), { kind: 'header', name: 'x-session-id' });
  assert.deepEqual(parseStickySpec('x-forwarded-for'), { kind: 'forwarded-for' });
  assert.deepEqual(parseStickySpec('cookie:connect.sid'), { kind: 'cookie', name: 'connect.sid' });
  for (const bad of ['', 'two words', 'x:y', 'cookie:', 'cookie:a b', 'é']) assert.equal(parseStickySpec(bad), null, bad);
});

test('judgeHead: the header value, case-insensitive name', () => {
  assert.deepEqual(judgeHead(req('x-session: abc\r\n'), { kind: 'header', name: 'x-session' }), { done: true, key: 'abc' });
  assert.deepEqual(judgeHead(req('X-SESSION:  abc  \r\n'), { kind: 'header', name: 'x-session' }), { done: true, key: 'abc' });
});

test('judgeHead: the first address of X-Forwarded-For, over several header lines', () => {
  const spec = { kind: 'forwarded-for' } as const;
  assert.deepEqual(judgeHead(req('X-Forwarded-For: 203.0.113.7, 10.0.0.1\r\n'), spec), { done: true, key: '203.0.113.7' });
  assert.deepEqual(judgeHead(req('X-Forwarded-For: 203.0.113.9\r\nX-Forwarded-For: 10.0.0.1\r\n'), spec), { done: true, key: '203.0.113.9' });
});

test('judgeHead: one cookie among several', () => {
  const spec = { kind: 'cookie', name: 'sid' } as const;
  assert.deepEqual(judgeHead(req('Cookie: a=1; sid=s-42; b=2\r\n'), spec), { done: true, key: 's-42' });
  assert.deepEqual(judgeHead(req('Cookie: a=1\r\nCookie: sid=s-43\r\n'), spec), { done: true, key: 's-43' });
  assert.deepEqual(judgeHead(req('Cookie: sidx=1\r\n'), spec), { done: true, key: null });
});

test('judgeHead: no such header means the address (key null); an incomplete head waits', () => {
  const spec = { kind: 'header', name: 'x-session' } as const;
  assert.deepEqual(judgeHead(req('Accept: */*\r\n'), spec), { done: true, key: null });
  assert.deepEqual(judgeHead(Buffer.from('GE'), spec), { done: false });
  assert.deepEqual(judgeHead(Buffer.from('GET / HTTP/1.1\r\nx-session: a'), spec), { done: false });
});

test('judgeHead: TLS, HTTP/2 and other protocols are decided at once, on the address', () => {
  const spec = { kind: 'header', name: 'x-session' } as const;
  assert.deepEqual(judgeHead(Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00]), spec), { done: true, key: null });
  assert.deepEqual(judgeHead(Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'), spec), { done: true, key: null });
  // The preface's first line alone: decided already, not waited on like an HTTP/1 head.
  assert.deepEqual(judgeHead(Buffer.from('PRI * HTTP/2.0\r\n'), spec), { done: true, key: null });
  assert.deepEqual(judgeHead(Buffer.from('SSH-2.0-OpenSSH\r\n'), spec), { done: true, key: null });
});

test('judgeHead: a head past the limit without its end goes by the address', () => {
  const big = Buffer.from(`GET / HTTP/1.1\r\nx-pad: ${'a'.repeat(STICKY_HEAD_LIMIT)}\r\n`);
  assert.deepEqual(judgeHead(big, { kind: 'header', name: 'x-session' }), { done: true, key: null });
});
